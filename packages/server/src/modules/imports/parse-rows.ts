// Raw rows → typed records. A bad row never stops the import: it comes back with its
// errors (row number, column, reason in Chinese and English) and no record, and the
// caller decides what "all valid rows" or "all or nothing" means. Only problems of the
// file as a whole (not a table, empty, a required column missing) throw.
import type { ErrorMessage } from '../../errors';
import {
  emptyFile,
  type ImportWarning,
  type ImportWarningCode,
  type RowError,
  type RowErrorCode,
} from './errors';
import {
  FORMATS,
  INVALID,
  isEmptyCell,
  shownValue,
  type AnyImportFormat,
  type ColumnSpec,
  type CellsOf,
  type ColumnSpecs,
  type IdCell,
  type ImportKind,
  type Invalid,
  type RecordByKind,
  type RowContext,
} from './formats';
import { matchHeaders } from './headers';
import { openTable, type OpenTableOptions, type RawRow, type TableReader } from './readers';

export interface ParsedRow<R> {
  row: number;
  /** Null when the row has errors. */
  record: R | null;
  errors: readonly RowError[];
  warnings: readonly ImportWarning[];
}

export interface RowParser<R> {
  readonly kind: ImportKind;
  readonly file: string;
  /** Unknown or repeated columns. */
  readonly headerWarnings: readonly ImportWarning[];
  /** The positions of the columns it reads. */
  readonly columns: readonly number[];
  parse(raw: RawRow): ParsedRow<R>;
  /**
   * The record of a row, or null; its errors and warnings are handed to `report` only
   * when there are any. The allocation-free path for bulk work.
   */
  parseInto(
    raw: RawRow,
    report: (errors: readonly RowError[], warnings: readonly ImportWarning[]) => void,
  ): R | null;
  /**
   * The usable identity number of a row, whatever else is wrong with it, or null: a refused
   * row still names the child it is about.
   */
  idNumberOf(raw: RawRow): string | null;
}

export interface RowParserOptions {
  /**
   * Optional columns to read; the others come back empty, unparsed and unreported.
   * Required columns are always read. Reconciliation reads only what matching needs.
   */
  optionalColumns?: readonly string[];
}

const NONE: readonly never[] = Object.freeze([]);

/** The findings of the row being parsed, gathered lazily: most rows have none. */
class RowState implements RowContext {
  row = 0;
  errors: RowError[] | null = null;
  warnings: ImportWarning[] | null = null;
  /** Warnings are not kept (for a row refused already). */
  quiet = false;
  /** Values that could not be read and were left empty, by column. */
  private unreadable: Map<string, { code: RowErrorCode; message: ErrorMessage }> | null = null;

  reset(row: number): void {
    this.row = row;
    this.errors = null;
    this.warnings = null;
    this.unreadable = null;
  }

  /**
   * A value "missing" because it could not be read is refused for what was wrong with
   * it: 出生日期 2015-13-01 is a bad date, not an empty cell.
   */
  error(column: string, code: RowErrorCode, message: ErrorMessage): void {
    const unread = code === 'required' ? this.unreadable?.get(column) : undefined;
    if (unread) this.dropWarnings(column);
    const told = unread ?? { code, message };
    const { zh, en } = told.message;
    (this.errors ??= []).push({ row: this.row, column, code: told.code, zh, en });
  }

  warn(column: string, code: ImportWarningCode, message: ErrorMessage): void {
    if (this.quiet) return;
    (this.warnings ??= []).push({ row: this.row, column, code, zh: message.zh, en: message.en });
  }

  private dropWarnings(column: string): void {
    const kept = this.warnings?.filter((w) => w.column !== column) ?? [];
    this.warnings = kept.length > 0 ? kept : null;
  }

  /** An unreadable value left empty: a warning, and the reason should the row need it. */
  leftEmpty(column: string, code: RowErrorCode, reason: ErrorMessage, warning: ErrorMessage): void {
    (this.unreadable ??= new Map()).set(column, { code, message: reason });
    this.warn(column, 'ignored_value', warning);
  }
}

interface BoundColumn {
  key: string;
  /** Position of the column in the file. */
  index: number;
  spec: ColumnSpec<unknown>;
}

/**
 * A parser for the rows of one file, after matching its headers to the format of
 * `kind`. Throws `ImportFileError('missing_column')` when a required column is absent.
 */
export function createRowParser<K extends ImportKind>(
  kind: K,
  file: string,
  headers: readonly string[],
  options: RowParserOptions = {},
): RowParser<RecordByKind[K]> {
  const format: AnyImportFormat<K> = FORMATS[kind];
  const { columns, warnings } = matchHeaders(file, headers, format.columns, format.alternatives);
  const wanted = options.optionalColumns ? new Set(options.optionalColumns) : null;
  const bound: BoundColumn[] = [];
  // One cells object for all rows: every declared column starts out null, the columns
  // read overwrite theirs on every row, and `build` copies what it keeps into a new
  // record, so nothing of one row can leak into the next.
  const cells: Record<string, unknown> = {};
  for (const key of Object.keys(format.columns)) {
    cells[key] = null;
    const spec = format.columns[key] as ColumnSpec<unknown>;
    const source = columns[key];
    if (source === undefined) continue;
    if (!spec.required && wanted !== null && !wanted.has(key)) continue;
    bound.push({ key, index: headers.indexOf(source), spec });
  }
  const state = new RowState();
  const idColumn = bound.find((b) => b.key === 'idNumber');

  function record(raw: RawRow): RecordByKind[K] | null {
    state.reset(raw.rowNumber);
    const values = raw.cells;
    for (const { key, index, spec } of bound) cells[key] = readCell(spec, values[index], state);
    if (state.errors === null) {
      const built = format.build(cells as CellsOf<ColumnSpecs>, state);
      if (state.errors === null) return built;
      // Refused by a rule across columns: a warning before it ("imported, flagged") would
      // tell of an import that does not happen.
      state.warnings = null;
      return null;
    }
    // Refused already; the cross-column rules still run for their errors, so that every
    // problem of the row is told at once (their warnings would say "imported").
    state.quiet = true;
    format.build(cells as CellsOf<ColumnSpecs>, state);
    state.quiet = false;
    return null;
  }

  return {
    kind,
    file,
    headerWarnings: warnings,
    columns: bound.map((b) => b.index),
    parse(raw) {
      const parsed = record(raw);
      return {
        row: raw.rowNumber,
        record: parsed,
        errors: state.errors ?? NONE,
        warnings: state.warnings ?? NONE,
      };
    },
    parseInto(raw, report) {
      const parsed = record(raw);
      if (state.errors !== null || state.warnings !== null)
        report(state.errors ?? NONE, state.warnings ?? NONE);
      return parsed;
    },
    idNumberOf(raw) {
      const value = idColumn === undefined ? undefined : raw.cells[idColumn.index];
      if (idColumn === undefined || isEmptyCell(value)) return null;
      const id = idColumn.spec.parser.parse(value) as IdCell | Invalid;
      return id === INVALID || id.unusable ? null : id.normalized;
    },
  };
}

/**
 * An empty required cell is an error; an unreadable value is an error in a required
 * column and a warning in an optional one, whose value is then left empty: a child must
 * not drop out of the roster over, say, a misspelt disability category. A column the
 * identity number can stand in for (性别) is treated as optional: a valid number gives
 * the value, and only without one is the row refused, for the value it could not read.
 */
function readCell(spec: ColumnSpec<unknown>, value: unknown, state: RowState): unknown {
  if (isEmptyCell(value)) {
    if (spec.required && !spec.derivedFromId) {
      state.error(spec.header, 'required', { zh: `缺少${spec.header}`, en: `${spec.en} is missing` });
    }
    return spec.parser.whenEmpty ?? null;
  }
  const parsed = spec.parser.parse(value);
  if (parsed !== INVALID) return parsed;
  const { code, zh, en } = spec.parser.problem;
  const shown = shownValue(String(value));
  const reason = { zh: `${zh}（“${shown}”）`, en: `${en} ("${shown}")` };
  if (spec.required && !spec.derivedFromId) state.error(spec.header, code, reason);
  else if (spec.derivedFromId) {
    state.leftEmpty(spec.header, code, reason, {
      zh: `${reason.zh}，以身份证号为准`,
      en: `${reason.en}; the identity number's is used`,
    });
  } else {
    state.leftEmpty(spec.header, code, reason, {
      zh: `${reason.zh}，该项已留空`,
      en: `${reason.en}; left empty`,
    });
  }
  return null;
}

// ------------------------------------------------------------- whole files

export interface ImportFile<R> {
  readonly kind: ImportKind;
  readonly file: string;
  readonly headerWarnings: readonly ImportWarning[];
  /**
   * The parsed rows in batches, read as they are consumed. Throws
   * `ImportFileError('empty')` at the end when the file held a header but no data row.
   */
  batches(): AsyncGenerator<ParsedRow<R>[]>;
  rows(): AsyncGenerator<ParsedRow<R>>;
}

/** Opens an import file of `kind`: reads its header, matches the columns, parses rows on demand. */
export interface OpenImportFileOptions extends OpenTableOptions, RowParserOptions {}

export async function openImportFile<K extends ImportKind>(
  kind: K,
  path: string,
  options: OpenImportFileOptions = {},
): Promise<ImportFile<RecordByKind[K]> & { parser: RowParser<RecordByKind[K]>; table: TableReader }> {
  const table = await openTable(path, options);
  let parser: RowParser<RecordByKind[K]>;
  try {
    parser = createRowParser(kind, table.file, table.headers, options);
    // Only part of each row is wanted: the reader need not decode the rest.
    if (options.optionalColumns) table.select(parser.columns);
  } catch (error) {
    await table.close();
    throw error;
  }

  async function* batches(): AsyncGenerator<ParsedRow<RecordByKind[K]>[]> {
    let count = 0;
    for await (const raw of table.batches()) {
      const parsed = new Array<ParsedRow<RecordByKind[K]>>(raw.length);
      for (let i = 0; i < raw.length; i++) parsed[i] = parser.parse(raw[i] as RawRow);
      count += parsed.length;
      if (parsed.length > 0) yield parsed;
    }
    if (count === 0) throw emptyFile(table.file, true);
  }

  return {
    kind,
    file: table.file,
    headerWarnings: parser.headerWarnings,
    parser,
    table,
    batches,
    rows: async function* rows() {
      for await (const batch of batches()) yield* batch;
    },
  };
}

/** What one file contributed: counts of every kind, and the first problems in full. */
export interface ImportReport {
  kind: ImportKind;
  file: string;
  rows: number;
  accepted: number;
  rejected: number;
  errorCount: number;
  warningCount: number;
  /** At most `keep` of each, in row order, so a million bad rows do not fill memory. */
  errors: RowError[];
  warnings: ImportWarning[];
}

export interface ReadRecordsOptions extends OpenImportFileOptions {
  /** How many errors and warnings to keep in full; the rest are only counted. Default 1000. */
  keep?: number;
  /** Told every row error as it is found, beyond those kept. */
  onError?: (error: RowError) => void;
}

/**
 * Streams a file of `kind` through `onRecord`, one valid record at a time, and reports
 * the rows refused and the warnings. File-level problems throw `ImportFileError`.
 */
export async function readRecords<K extends ImportKind>(
  kind: K,
  path: string,
  onRecord: (record: RecordByKind[K]) => void,
  options: ReadRecordsOptions = {},
): Promise<ImportReport> {
  const keep = options.keep ?? 1000;
  const { table, parser } = await openImportFile(kind, path, options);
  const report: ImportReport = {
    kind,
    file: table.file,
    rows: 0,
    accepted: 0,
    rejected: 0,
    errorCount: 0,
    warningCount: parser.headerWarnings.length,
    errors: [],
    warnings: [],
  };
  collect(report.warnings, parser.headerWarnings, keep);
  const { onError } = options;
  const note = (errors: readonly RowError[], warnings: readonly ImportWarning[]) => {
    if (onError) for (const e of errors) onError(e);
    report.errorCount += errors.length;
    report.warningCount += warnings.length;
    collect(report.errors, errors, keep);
    collect(report.warnings, warnings, keep);
  };
  for await (const batch of table.batches()) {
    for (let i = 0; i < batch.length; i++) {
      const record = parser.parseInto(batch[i] as RawRow, note);
      if (record === null) continue;
      report.accepted++;
      onRecord(record);
    }
    report.rows += batch.length;
  }
  if (report.rows === 0) throw emptyFile(table.file, true);
  report.rejected = report.rows - report.accepted;
  return report;
}

function collect<T>(into: T[], items: readonly T[], keep: number): void {
  for (let i = 0; i < items.length && into.length < keep; i++) into.push(items[i] as T);
}
