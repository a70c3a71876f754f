// File mode (`baoxue reconcile`): the rosters stream from their files through the import
// parsers straight into the engine, with no database on the way, and the result is
// written as .json, .csv or .xlsx. This is what a county runs on its own spreadsheets,
// and what the benchmark measures.
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { parseArgs } from 'node:util';
import type { AgeRange } from '@baoxue/shared';
import type { ErrorMessage } from '../../errors';
import { ImportFileError, type RowError } from '../imports/errors';
import type { ImportKind } from '../imports/formats';
import { readRecords, type ImportReport, type ReadRecordsOptions } from '../imports/parse-rows';
import { createReconciler, type Reconciler } from './engine/engine';
import { readEnrollmentOnThread } from './enrollment-thread';
import type { ReconciliationResult, ReviewDecision } from './engine/types';
import { CHILD_STATUS_LABELS, CHILD_STATUSES } from './engine/types';
import { resultFormatOf, writeResult } from './result-writers';

export interface ReconcileFilesOptions {
  schoolYear: number;
  population: string;
  enrollment: string;
  outOfCounty?: string;
  exemptions?: string;
  /** The result file; its extension (.json, .csv, .xlsx) chooses the format. */
  out: string;
  compulsoryAge?: AgeRange;
  decisions?: Iterable<ReviewDecision>;
  /** Told every refused row as it is found (IMPORT-FORMATS.md: every invalid row is reported). */
  onRowError?: (file: string, error: RowError) => void;
  /**
   * Reads the enrolment file on a second thread while the population is read; by default
   * only a large file is (`THREAD_BYTES`). Tests and benchmarks choose.
   */
  enrollmentOnThread?: boolean;
}

export interface ReconcileFilesResult {
  result: ReconciliationResult;
  /** What each input file contributed, and the rows it refused. */
  imports: ImportReport[];
  /** Where the time went: reading and parsing the files, matching, writing the result. */
  seconds: { reading: number; matching: number; writing: number };
}

/** A wrong command line or option: told to the user as it is, exit status 2. */
export class ReconcileUsageError extends Error {
  constructor(readonly messages: ErrorMessage) {
    super(messages.en);
    this.name = 'ReconcileUsageError';
  }
}

/**
 * Optional columns that matching reads: the rest (guardians, classes, approval numbers…)
 * are left unparsed, which keeps a county-scale run well under its time budget.
 * Town and village are read because a population row needs them without a village code.
 */
const MATCHING_COLUMNS: Readonly<Record<ImportKind, readonly string[]>> = {
  population: ['idNumber', 'birthDate', 'villageCode', 'town', 'village'],
  enrollment: ['mode'],
  'out-of-county': [],
  exemptions: [],
};

/**
 * Reconciles roster files and writes the result to `out`. Throws `ImportFileError` for an
 * input file refused as a whole and `ReconcileUsageError` for a bad option; rows refused
 * inside a file are reported in `imports`, as the import of that file would report them.
 */
export async function reconcileFiles(options: ReconcileFilesOptions): Promise<ReconcileFilesResult> {
  const format = resultFormatOf(options.out);
  if (format === null) {
    throw new ReconcileUsageError({
      zh: `输出文件“${options.out}”的扩展名应为 .xlsx、.csv 或 .json`,
      en: `the output file "${options.out}" must end in .xlsx, .csv or .json`,
    });
  }
  await requireFolder(options.out);
  const reconciler = createReconciler({
    schoolYear: options.schoolYear,
    ...(options.compulsoryAge ? { compulsoryAge: options.compulsoryAge } : {}),
    ...(options.decisions ? { decisions: options.decisions } : {}),
  });
  const clock = stopwatch();
  const imports = await readInputs(reconciler, options);
  const reading = clock();
  const result = reconciler.finish();
  const matching = clock();

  // Written beside the target and renamed, so a failed run never leaves half a file.
  const partial = `${options.out}.partial-${process.pid}`;
  try {
    await writeResult(result, partial, format);
    await rename(partial, options.out);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { result, imports, seconds: { reading, matching, writing: clock() } };
}

/** The result's folder must be there before minutes are spent reading the inputs. */
async function requireFolder(out: string): Promise<void> {
  const folder = dirname(out);
  const found = await stat(folder).catch(() => null);
  if (found?.isDirectory()) return;
  throw new ReconcileUsageError({
    zh: `输出文件夹“${folder}”不存在`,
    en: `the output folder "${folder}" does not exist`,
  });
}

/**
 * A file none of whose rows could be read is the wrong file or a broken one: refused as
 * a whole, as the app's import refuses it, rather than reconciled as if it were empty.
 */
function requireValidRows(report: ImportReport): ImportReport {
  if (report.accepted > 0) return report;
  throw new ImportFileError('no_valid_rows', report.file, {
    zh: `文件“${report.file}”的 ${report.rows} 行都不符合要求（见上），未比对`,
    en: `none of the ${report.rows} row(s) of file "${report.file}" is valid (see above); nothing was reconciled`,
  });
}

/** Seconds since the last call (or since it was made). */
function stopwatch(): () => number {
  let since = performance.now();
  return () => {
    const now = performance.now();
    const seconds = (now - since) / 1000;
    since = now;
    return seconds;
  };
}

/**
 * Feeds every input file to the engine; returns their reports in the order of the files.
 * A large enrolment file is read on a second thread while the population is read here.
 * A refused file is told as it would be were they read one after the other: the
 * population's problem first.
 */
async function readInputs(reconciler: Reconciler, options: ReconcileFilesOptions): Promise<ImportReport[]> {
  const { onRowError } = options;
  const onThread = options.enrollmentOnThread ?? (await fileSize(options.enrollment)) >= THREAD_BYTES;
  const enrolment = onThread
    ? readEnrollmentOnThread(
        { path: options.enrollment, optionalColumns: MATCHING_COLUMNS.enrollment },
        onRowError && ((error) => onRowError(options.enrollment, error)),
      )
    : null;
  try {
    const imports = [requireValidRows(await feed(reconciler, 'population', options.population, onRowError))];
    if (enrolment === null) {
      imports.push(requireValidRows(await feed(reconciler, 'enrollment', options.enrollment, onRowError)));
    } else {
      const { report, gathered } = await enrolment.done;
      imports.push(requireValidRows(report));
      reconciler.addEnrollments(gathered);
    }
    const others: [ImportKind, string | undefined][] = [
      ['out-of-county', options.outOfCounty],
      ['exemptions', options.exemptions],
    ];
    for (const [kind, path] of others) {
      if (path) imports.push(requireValidRows(await feed(reconciler, kind, path, onRowError)));
    }
    return imports;
  } finally {
    await enrolment?.stop();
  }
}

/**
 * From this size on the enrolment file is read on a second thread: starting one (with
 * its own copy of the parsers) takes about half a second, which a small file never repays.
 */
const THREAD_BYTES = 16 << 20;

/** The size of a file, or 0 when it cannot be read (its reading will say why). */
async function fileSize(path: string): Promise<number> {
  const found = await stat(path).catch(() => null);
  return found?.size ?? 0;
}

function feed(
  reconciler: Reconciler,
  kind: ImportKind,
  path: string,
  onRowError: ReconcileFilesOptions['onRowError'],
): Promise<ImportReport> {
  const options: ReadRecordsOptions = { optionalColumns: MATCHING_COLUMNS[kind] };
  if (onRowError) options.onError = (error) => onRowError(path, error);
  switch (kind) {
    case 'population':
      return readRecords(kind, path, (r) => reconciler.addPopulation(r), options);
    case 'enrollment':
      return readRecords(kind, path, (r) => reconciler.addEnrollment(r), options);
    case 'out-of-county':
      return readRecords(kind, path, (r) => reconciler.addOutOfCounty(r), options);
    case 'exemptions':
      return readRecords(kind, path, (r) => reconciler.addExemption(r), options);
  }
}

// ------------------------------------------------------------------- command

export const RECONCILE_USAGE = `baoxue reconcile --school-year Y --population FILE --enrollment FILE
                 [--out-of-county FILE] [--exemptions FILE] [--compulsory-age 6-15] --out FILE
  比对人口花名册与学籍、县外就读、缓学免学名册，结果写入 .xlsx / .csv / .json
  Reconciles the population roster against the other rosters; writes .xlsx, .csv or .json`;

export interface CommandIO {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

const PROCESS_IO: CommandIO = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
};

/**
 * `baoxue reconcile …`: returns the exit status: 0 done, 2 bad input (one line on stderr,
 * Chinese then English), 1 anything unexpected.
 */
export async function runReconcileCommand(argv: string[], io: CommandIO = PROCESS_IO): Promise<number> {
  let options: ReconcileFilesOptions | 'help';
  try {
    options = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof ReconcileUsageError)) throw error;
    io.stderr(oneLine(error.messages));
    return 2;
  }
  if (options === 'help') {
    io.stdout(RECONCILE_USAGE);
    return 0;
  }
  try {
    const onRowError = (file: string, e: RowError) => io.stderr(rowErrorLine(file, e));
    const { result, imports, seconds } = await reconcileFiles({ ...options, onRowError });
    for (const report of imports) reportImport(report, io);
    reportResult(result, options.out, io);
    reportTime(seconds, io);
    return 0;
  } catch (error) {
    if (error instanceof ImportFileError || error instanceof ReconcileUsageError) {
      io.stderr(oneLine(error.messages));
      return 2;
    }
    io.stderr(`比对失败 / reconciliation failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

function oneLine(messages: ErrorMessage): string {
  return `${messages.zh} / ${messages.en}`.replace(/\s*\n\s*/g, ' ');
}

function usageError(zh: string, en: string): ReconcileUsageError {
  return new ReconcileUsageError({ zh, en });
}

function parseCommandLine(argv: string[]): ReconcileFilesOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        'school-year': { type: 'string' },
        population: { type: 'string' },
        enrollment: { type: 'string' },
        'out-of-county': { type: 'string' },
        exemptions: { type: 'string' },
        out: { type: 'string' },
        'compulsory-age': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw usageError(`命令行参数有误：${detail}`, `bad arguments: ${detail}`);
  }
  if (values.help === true) return 'help';
  const text = (name: string): string | undefined => {
    const v = values[name];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const required = (name: string): string => {
    const v = text(name);
    if (v === undefined) throw usageError(`缺少参数 --${name}`, `missing --${name}`);
    return v;
  };
  const schoolYear = Number(required('school-year'));
  if (!Number.isInteger(schoolYear) || schoolYear < 2000 || schoolYear > 2100) {
    throw usageError(
      `学年无效：${String(values['school-year'])}（应为起始年份，如 2026）`,
      `invalid school year: ${String(values['school-year'])} (use its starting year, e.g. 2026)`,
    );
  }
  const options: ReconcileFilesOptions = {
    schoolYear,
    population: required('population'),
    enrollment: required('enrollment'),
    out: required('out'),
  };
  const outOfCounty = text('out-of-county');
  const exemptions = text('exemptions');
  const ages = text('compulsory-age');
  if (outOfCounty) options.outOfCounty = outOfCounty;
  if (exemptions) options.exemptions = exemptions;
  if (ages) options.compulsoryAge = parseAgeRange(ages);
  if (resultFormatOf(options.out) === null) {
    throw usageError(
      `输出文件“${options.out}”的扩展名应为 .xlsx、.csv 或 .json`,
      `the output file "${options.out}" must end in .xlsx, .csv or .json`,
    );
  }
  return options;
}

function parseAgeRange(text: string): AgeRange {
  const m = /^(\d{1,2})-(\d{1,2})$/.exec(text);
  const range = m ? { min: Number(m[1]), max: Number(m[2]) } : null;
  if (range === null || range.min > range.max) {
    throw usageError(
      `义务教育年龄段无效：${text}（如 6-15）`,
      `invalid compulsory age range: ${text} (e.g. 6-15)`,
    );
  }
  return range;
}

/** One refused row, as it is found: file, row, column and reason, Chinese then English. */
function rowErrorLine(path: string, e: RowError): string {
  const file = basename(path);
  return `${file} 第 ${e.row} 行 ${e.column}：${e.zh} / ${file} row ${e.row}, ${e.column}: ${e.en}`;
}

/** Shown with a file's warnings: enough to see what kind they are, not a million lines. */
const WARNINGS_SHOWN = 5;

/**
 * What a file left out (its refused rows were told one by one as they were found) and
 * what it warned of: every ignored column, and the first of the row warnings.
 */
function reportImport(report: ImportReport, io: CommandIO): void {
  if (report.rejected > 0) {
    io.stderr(
      `${report.file}：${report.rejected} 行未导入（共 ${report.rows} 行） / ${report.rejected} row(s) not imported (of ${report.rows})`,
    );
  }
  if (report.warningCount === 0) return;
  io.stderr(`${report.file}：${report.warningCount} 条提示 / ${report.warningCount} warning(s)`);
  const fileWarnings = report.warnings.filter((w) => w.row === 0);
  const rowWarnings = report.warnings.filter((w) => w.row !== 0).slice(0, WARNINGS_SHOWN);
  for (const w of [...fileWarnings, ...rowWarnings]) {
    const where = w.row === 0 ? w.column : `第 ${w.row} 行 ${w.column}`;
    const whereEn = w.row === 0 ? w.column : `row ${w.row}, ${w.column}`;
    io.stderr(`  ${where}：${w.zh} / ${whereEn}: ${w.en}`);
  }
  if (report.warningCount > fileWarnings.length + rowWarnings.length) io.stderr('  …');
}

function reportResult(result: ReconciliationResult, out: string, io: CommandIO): void {
  io.stdout(
    `${result.schoolYear} 学年比对完成 / reconciliation done: ${result.children.length} 名适龄儿童 / children → ${out}`,
  );
  for (const status of CHILD_STATUSES) {
    io.stdout(`  ${CHILD_STATUS_LABELS[status].zh} ${status}: ${result.summary[status]}`);
  }
  io.stdout(`  问题 findings: ${result.findings.length}`);
  if (resultFormatOf(out) === 'csv' && result.findings.length > 0) {
    io.stdout(
      '  CSV 只含比对结果；问题清单和汇总请输出为 .xlsx 或 .json / the CSV holds the children only; write .xlsx or .json for the findings and the summary',
    );
  }
}

function reportTime(seconds: ReconcileFilesResult['seconds'], io: CommandIO): void {
  const s = (n: number) => n.toFixed(1);
  io.stdout(
    `  用时 time: 读取 reading ${s(seconds.reading)} s, 比对 matching ${s(seconds.matching)} s, 写出 writing ${s(seconds.writing)} s`,
  );
}
