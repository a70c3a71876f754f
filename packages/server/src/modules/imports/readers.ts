// Streaming row readers for the files counties bring: .xlsx (first sheet) and .csv
// (UTF-8 with or without BOM, GB18030 as Chinese Excel saves "CSV", UTF-16 as its
// "Unicode text"). Rows come out in batches as the file is read, so memory stays flat
// however long the file is; `rows()` offers them one at a time for callers that prefer it.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { formatDate } from '@baoxue/shared/domain/dates';
import { CsvParser } from './csv';
import { sniffDelimiter, utf8Text, Utf8LineCutter } from '../../lib/utf8-lines';
import { emptyFile, ImportFileError, notAWorkbook, unreadable } from './errors';

/** One data row: its number as the user sees it in Excel, and its cells keyed by header text. */
export interface RawRow {
  readonly rowNumber: number;
  /** Cells keyed by header text (see `TableReader.headers`). */
  readonly values: Record<string, unknown>;
  /** The same cells by column position, as in `TableReader.headers`: the fast way in. */
  readonly cells: readonly unknown[];
}

export interface TableReader {
  /** The file's name as the user knows it, for messages. */
  readonly file: string;
  /** Header texts in column order, trimmed; a repeated header gets a `#2`, `#3` … suffix. */
  readonly headers: readonly string[];
  readonly headerRowNumber: number;
  /** The data rows after the header, empty rows skipped, in batches of a few thousand. */
  batches(): AsyncGenerator<RawRow[]>;
  /** The same rows one at a time. */
  rows(): AsyncGenerator<RawRow>;
  /** Stops reading and releases the file; needed only when the rows are not read to the end. */
  close(): Promise<void>;
  /**
   * Reads only the cells of these column positions from now on; a filled cell of any other
   * column comes as `SKIPPED_CELL` (a blank one as ''). For work that reads a few columns
   * of a large file; a reader may still give every cell (workbooks do).
   */
  select(columns: readonly number[]): void;
  /** Bytes of the file read so far: progress for a long import (rows read are not a fraction). */
  bytesRead(): number;
}

export interface OpenTableOptions {
  /** The name to use in messages when `path` is a temporary upload. */
  fileName?: string;
}

interface CellRow {
  rowNumber: number;
  cells: unknown[];
}

type FileKind = 'xlsx' | 'csv';

/** What the table reader shares with the source of its rows. */
interface SourceState {
  /** The file stream being read, so progress can be asked for without a listener on every chunk. */
  stream: { bytesRead: number } | null;
  /** The column positions to read (`TableReader.select`); null for all. */
  columns: readonly number[] | null;
}

// Read in 1 MiB pieces (fewer trips to the file system's thread pool) but decoded and
// parsed 64 KiB at a time: decoding pieces that small is several times faster, as their
// strings stay in V8's young generation.
const READ_BYTES = 1 << 20;
const DECODE_BYTES = 1 << 16;
const XLSX_BATCH_ROWS = 2000;
const LF = 0x0a;
/** Rows holding a single value above the header are titles ("某某县2026年人口花名册"). */
const MAX_TITLE_ROWS = 3;

/**
 * Opens a table file and reads up to its header row. Throws `ImportFileError` when the
 * file is not a workbook or CSV, cannot be read, or holds no header row.
 */
export async function openTable(path: string, options: OpenTableOptions = {}): Promise<TableReader> {
  const file = options.fileName ?? basename(path);
  const kind = await detectFileKind(path, file);
  const state: SourceState = { stream: null, columns: null };
  const source = kind === 'xlsx' ? xlsxCellRows(path, file, state) : csvCellRows(path, file, state);
  try {
    const { header, pending } = await readHeader(source, file);
    return tableReader(file, header, pending, source, state);
  } catch (error) {
    await source.return(undefined);
    throw error;
  }
}

async function detectFileKind(path: string, file: string): Promise<FileKind> {
  const head = Buffer.alloc(8);
  let length: number;
  try {
    const handle = await open(path, 'r');
    try {
      ({ bytesRead: length } = await handle.read(head, 0, head.length, 0));
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw unreadable(
      file,
      { zh: '文件不存在或无权读取', en: 'the file does not exist or may not be read' },
      error,
    );
  }
  if (length === 0) throw emptyFile(file, false);
  // Decide by content, not by name: a workbook renamed to .csv still reads correctly.
  if (head.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) return 'xlsx';
  if (head.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    throw notAWorkbook(file, {
      zh: '这是旧版 Excel 97-2003（.xls）格式，请在 Excel 中“另存为” .xlsx',
      en: 'it is the old Excel 97-2003 (.xls) format; save it as .xlsx in Excel',
    });
  }
  const ext = extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return 'csv';
  // And a CSV named .xlsx, as some registry exports name theirs, is read as the CSV it is.
  if ((ext === '.xlsx' || ext === '.xlsm') && looksLikeText(head.subarray(0, length))) return 'csv';
  if (ext === '.xlsx' || ext === '.xlsm') {
    throw notAWorkbook(file, {
      zh: 'Excel 文件已损坏或格式不正确',
      en: 'the Excel file is damaged or malformed',
    });
  }
  throw notAWorkbook(file, {
    zh: `不支持“${ext || '无扩展名'}”格式`,
    en: `"${ext || 'no extension'}" files are not supported`,
  });
}

/** The start of a text file: a byte-order mark, or no control character but tab and line breaks. */
function looksLikeText(head: Buffer): boolean {
  if (head[0] === 0xef || head[0] === 0xff || head[0] === 0xfe) return true;
  return head.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || b >= 0x20);
}

async function readHeader(
  source: AsyncGenerator<CellRow[]>,
  file: string,
): Promise<{ header: CellRow; pending: CellRow[] }> {
  let titleRows = 0;
  for (;;) {
    const next = await source.next();
    if (next.done) throw emptyFile(file, false);
    const batch = next.value;
    for (let i = 0; i < batch.length; i++) {
      const row = batch[i] as CellRow;
      const filled = countFilled(row.cells);
      if (filled === 0) continue;
      if (filled === 1 && titleRows < MAX_TITLE_ROWS) {
        titleRows++;
        continue;
      }
      return { header: row, pending: batch.slice(i + 1) };
    }
  }
}

function tableReader(
  file: string,
  header: CellRow,
  pending: CellRow[],
  source: AsyncGenerator<CellRow[]>,
  state: SourceState,
): TableReader {
  const headers = headerKeys(header.cells);
  const keys = headers.map((h) => (h === '' ? null : h));
  let started = false;

  async function* batches(): AsyncGenerator<RawRow[]> {
    if (started) throw new Error('the rows of a table can be read only once');
    started = true;
    try {
      if (pending.length > 0) yield toRawRows(pending, keys);
      for await (const batch of source) yield toRawRows(batch, keys);
    } finally {
      await source.return(undefined);
    }
  }

  async function* rows(): AsyncGenerator<RawRow> {
    for await (const batch of batches()) yield* batch;
  }

  return {
    file,
    headers,
    headerRowNumber: header.rowNumber,
    batches,
    rows,
    close: async () => {
      await source.return(undefined);
    },
    select: (columns) => {
      state.columns = columns;
    },
    bytesRead: () => state.stream?.bytesRead ?? 0,
  };
}

function headerKeys(cells: readonly unknown[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell) => {
    const text = cellText(cell);
    if (text === '') return '';
    const count = (seen.get(text) ?? 0) + 1;
    seen.set(text, count);
    return count === 1 ? text : `${text}#${count}`;
  });
}

function toRawRows(batch: readonly CellRow[], keys: readonly (string | null)[]): RawRow[] {
  const rows: RawRow[] = [];
  for (const { rowNumber, cells } of batch) {
    if (!isEmptyRow(cells)) rows.push(new TableRow(rowNumber, cells, keys));
  }
  return rows;
}

/** Builds `values` only when asked: the row parsers read `cells` by position. */
class TableRow implements RawRow {
  private keyed: Record<string, unknown> | null = null;

  constructor(
    readonly rowNumber: number,
    readonly cells: readonly unknown[],
    private readonly keys: readonly (string | null)[],
  ) {}

  get values(): Record<string, unknown> {
    if (this.keyed === null) {
      const values: Record<string, unknown> = {};
      for (let i = 0; i < this.keys.length; i++) {
        const key = this.keys[i];
        if (key) values[key] = this.cells[i] ?? null;
      }
      this.keyed = values;
    }
    return this.keyed;
  }
}

function isFilled(cell: unknown): boolean {
  if (cell === null || cell === undefined) return false;
  if (typeof cell === 'string') return cell.trim() !== '';
  return true;
}

function isEmptyRow(cells: readonly unknown[]): boolean {
  for (let i = 0; i < cells.length; i++) if (isFilled(cells[i])) return false;
  return true;
}

function countFilled(cells: readonly unknown[]): number {
  let n = 0;
  for (let i = 0; i < cells.length; i++) if (isFilled(cells[i])) n++;
  return n;
}

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return formatDate(cell);
  return String(cell).trim();
}

// ---------------------------------------------------------------------------- CSV

/**
 * GB18030 when the start of the file is not valid UTF-8: the header row holds Chinese,
 * so the first megabyte decides. A file that changes encoding later is refused by the
 * fatal decoder rather than read with garbled names.
 */
function csvEncoding(first: Buffer): 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' {
  if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) return 'utf-8';
  if (first[0] === 0xff && first[1] === 0xfe) return 'utf-16le';
  if (first[0] === 0xfe && first[1] === 0xff) return 'utf-16be';
  // The chunk may end inside a character: allow up to three trailing bytes to be cut.
  for (let cut = 0; cut <= 3 && cut < first.length; cut++) {
    if (isUtf8(first.subarray(0, first.length - cut))) return 'utf-8';
  }
  return 'gb18030';
}

async function* csvCellRows(path: string, file: string, state: SourceState): AsyncGenerator<CellRow[]> {
  const stream = createReadStream(path, { highWaterMark: READ_BYTES });
  state.stream = stream;
  let rows: CsvRows | null = null;
  let rowNumber = 0;
  const number = (records: unknown[][]): CellRow[] =>
    records.map((cells) => ({ rowNumber: ++rowNumber, cells }));
  try {
    for await (const read of stream as AsyncIterable<Buffer>) {
      rows ??= new CsvRows(read, file);
      for (const records of rows.push(read, state)) yield number(records);
    }
    if (rows !== null) yield number(rows.end());
  } catch (error) {
    throw asReadError(error, file);
  } finally {
    stream.destroy();
  }
}

/**
 * A CSV file's bytes as records. Once the reader is told which columns it needs
 * (`select`), UTF-8 lines are cut by `Utf8LineCutter`, which decodes only those; a line
 * holding a quote, the lines before the selection and every other encoding are decoded
 * and parsed as text by `CsvParser`, which is as fast when every cell is wanted.
 */
class CsvRows {
  private cutter: Utf8LineCutter | null = null;
  /** For encodings other than UTF-8, which are decoded as they stream. */
  private readonly decoder: TextDecoder | null = null;
  private readonly parser = new CsvParser();
  /** UTF-8 bytes after the last LF, waiting for the rest of their line. */
  private carry: Buffer | null = null;

  constructor(
    first: Buffer,
    private readonly file: string,
  ) {
    const decoder = csvDecoder(first, file);
    if (decoder.encoding !== 'utf-8') this.decoder = decoder;
  }

  /** The records completed by `read`, in batches of about `DECODE_BYTES` of text. */
  *push(read: Buffer, state: SourceState): Generator<unknown[][]> {
    if (this.decoder !== null) {
      yield* this.pushText(this.decoder, read);
      return;
    }
    let buf = this.carry === null ? read : Buffer.concat([this.carry, read]);
    if (this.cutter === null) buf = this.startUtf8(buf);
    const end = buf.lastIndexOf(LF) + 1;
    this.carry = buf.subarray(end);
    yield* this.pushLines(buf.subarray(0, end), state);
  }

  /** The last records, once the whole file is read. */
  end(): unknown[][] {
    const records: unknown[][] = [];
    if (this.carry !== null && this.carry.length > 0) {
      for (const batch of this.pushLines(this.carry, null)) records.push(...batch);
    }
    this.carry = null;
    if (this.decoder !== null) {
      this.parser.push(decode(this.decoder, new Uint8Array(0), this.file, false), records);
    }
    this.parser.end(records);
    return records;
  }

  /** Skips the BOM and sets up the cutter with the first line's delimiter. */
  private startUtf8(buf: Buffer): Buffer {
    const from = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
    const nl = buf.indexOf(LF, from);
    // The same line the text parser decides by: the first lines go to it, before any selection.
    this.cutter = new Utf8LineCutter(sniffDelimiter(buf, from, nl < 0 ? buf.length : nl));
    return buf.subarray(from);
  }

  /** Whole UTF-8 lines (or the end of the file): by bytes where a selection allows, else as text. */
  private *pushLines(lines: Buffer, state: SourceState | null): Generator<unknown[][]> {
    if (!isUtf8(lines)) throw unknownEncoding(this.file, 'utf-8');
    const cutter = this.cutter as Utf8LineCutter;
    for (let at = 0; at < lines.length; ) {
      const nl = lines.indexOf(LF, at + DECODE_BYTES);
      const to = nl < 0 ? lines.length : nl + 1;
      const records: unknown[][] = [];
      let from = at;
      // Not inside a quoted cell that runs over several lines: the parser holds none of it.
      if (state?.columns && !this.parser.pending) {
        cutter.select(state.columns);
        from = cutter.cut(lines, at, to, records);
      }
      if (from < to) this.parser.push(utf8Text(lines, from, to), records);
      if (records.length > 0) yield records;
      at = to;
    }
  }

  private *pushText(decoder: TextDecoder, read: Buffer): Generator<unknown[][]> {
    for (let at = 0; at < read.length; at += DECODE_BYTES) {
      const records: unknown[][] = [];
      this.parser.push(decode(decoder, read.subarray(at, at + DECODE_BYTES), this.file, true), records);
      if (records.length > 0) yield records;
    }
  }
}

function csvDecoder(first: Buffer, file: string): TextDecoder {
  const encoding = csvEncoding(first);
  if (encoding !== 'utf-16le' && encoding !== 'utf-16be' && first.subarray(0, 4096).includes(0)) {
    throw notAWorkbook(file, {
      zh: '文件内容是二进制数据，不是文本表格',
      en: 'its content is binary, not a text table',
    });
  }
  return new TextDecoder(encoding, { fatal: true });
}

function decode(decoder: TextDecoder, chunk: Uint8Array, file: string, stream: boolean): string {
  try {
    return decoder.decode(chunk, { stream });
  } catch (error) {
    throw unknownEncoding(file, decoder.encoding, error);
  }
}

/** Text that is not in the encoding its start showed: refused rather than read with garbled names. */
function unknownEncoding(file: string, encoding: string, cause?: unknown): ImportFileError {
  return unreadable(
    file,
    {
      zh: `文字编码无法识别（按 ${encoding} 读取时出错），请另存为“CSV UTF-8”或 .xlsx`,
      en: `its text encoding is not recognised (reading it as ${encoding} failed); save it as "CSV UTF-8" or .xlsx`,
    },
    cause,
  );
}

// --------------------------------------------------------------------------- XLSX

async function* xlsxCellRows(path: string, file: string, state: SourceState): AsyncGenerator<CellRow[]> {
  // Loaded on first use: a CSV read (file mode's enrolment thread) need not load ExcelJS.
  const { WorkbookReader } = await import('../../lib/exceljs-reader');
  // styles are needed to tell date cells from numbers; hyperlinks only as their text.
  const workbook = new WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  state.stream = workbook;
  try {
    for await (const worksheet of workbook) {
      let batch: CellRow[] = [];
      for await (const row of worksheet) {
        batch.push({ rowNumber: row.number, cells: rowCells(row.values) });
        if (batch.length >= XLSX_BATCH_ROWS) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
      // The first sheet only: the templates put the roster there, later sheets hold notes.
      return;
    }
  } catch (error) {
    throw asReadError(error, file, true);
  }
  // A zip without any worksheet: a .docx, say, or a workbook whose sheets were all removed.
  if ((workbook as unknown as { model?: unknown }).model === undefined) {
    throw notAWorkbook(file, { zh: '压缩包中没有 Excel 工作表', en: 'the archive holds no Excel worksheet' });
  }
  throw emptyFile(file, false);
}

/** ExcelJS gives a sparse array starting at index 1; cells become plain values. */
function rowCells(values: unknown): unknown[] {
  if (!Array.isArray(values)) return [];
  const cells: unknown[] = new Array<unknown>(Math.max(0, values.length - 1));
  for (let i = 1; i < values.length; i++) cells[i - 1] = plainCell(values[i]);
  return cells;
}

/** Rich text, formulas and hyperlinks become what the user sees in the cell. */
export function plainCell(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || value instanceof Date) return value;
  const v = value as Record<string, unknown>;
  if (Array.isArray(v.richText)) {
    return (v.richText as { text?: unknown }[]).map((part) => String(part.text ?? '')).join('');
  }
  if ('formula' in v || 'sharedFormula' in v) return plainCell(v.result);
  if ('text' in v) return plainCell(v.text);
  if ('error' in v) return null;
  return String(value);
}

function asReadError(error: unknown, file: string, zip = false): unknown {
  if (error instanceof ImportFileError) return error;
  if (zip) {
    return notAWorkbook(
      file,
      { zh: 'Excel 文件已损坏或格式不正确', en: 'the Excel file is damaged or malformed' },
      error,
    );
  }
  return unreadable(file, { zh: '读取文件时出错', en: 'reading the file failed' }, error);
}
