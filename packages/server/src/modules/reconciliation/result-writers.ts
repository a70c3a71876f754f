// A reconciliation result as a file (RECONCILIATION.md, "Output"): .json in exactly the
// spec's shape, .csv with one child a row under Chinese headers, .xlsx with the sheets
// 比对结果, 问题清单 and 汇总. Every writer streams, so a run over a province's million
// children is written without holding the text of the whole file in memory.
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { gradeLabel } from '@baoxue/shared';
import { csvLine } from '../imports/csv';
import {
  CHILD_FLAG_LABELS,
  CHILD_STATUS_LABELS,
  CHILD_STATUSES,
  FINDING_LABELS,
  type Candidate,
  type ChildResult,
  type Finding,
  type ReconciliationResult,
} from './engine/types';

export type ResultFormat = 'json' | 'csv' | 'xlsx';

export function resultFormatOf(path: string): ResultFormat | null {
  const ext = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase();
  return ext === 'json' || ext === 'csv' || ext === 'xlsx' ? ext : null;
}

export async function writeResult(
  result: ReconciliationResult,
  path: string,
  format: ResultFormat,
): Promise<void> {
  switch (format) {
    case 'json':
      return writeJson(result, path);
    case 'csv':
      return writeCsv(result, path);
    case 'xlsx':
      return writeXlsx(result, path);
  }
}

// ------------------------------------------------------------------ text files

// Text is encoded straight into a buffer as it comes and the buffer goes to the stream
// whole: no list of strings to join, no rope of pieces to flatten, one write per MiB.
const SINK_BYTES = 1 << 20;

/** Encodes text into a buffer and hands it to the stream when full, waiting when the disk lags. */
class TextSink {
  private buffer = Buffer.allocUnsafe(SINK_BYTES);
  private used = 0;
  private failure: unknown = null;
  private readonly stream: WriteStream;

  constructor(path: string) {
    this.stream = createWriteStream(path);
    // Kept until the next write or close throws it: an unheard 'error' would end the process.
    this.stream.on('error', (error) => (this.failure ??= error));
  }

  /**
   * Writes `text`, waiting only when the buffer is due to go to the stream: most calls
   * then return at once, without the cost of awaiting a promise per row.
   */
  write(text: string): Promise<void> | undefined {
    // A UTF-16 code unit takes at most three bytes in UTF-8.
    if (this.used + text.length * 3 <= this.buffer.length) {
      this.used += this.buffer.write(text, this.used);
      return this.used >= this.buffer.length - 256 ? this.flush() : undefined;
    }
    return this.writeLarge(text);
  }

  private async writeLarge(text: string): Promise<void> {
    await this.flush();
    if (text.length * 3 <= this.buffer.length) this.used = this.buffer.write(text, 0);
    else await this.send(Buffer.from(text));
  }

  async close(): Promise<void> {
    await this.flush();
    const finished = once(this.stream, 'finish');
    this.stream.end();
    await finished;
  }

  async flush(): Promise<void> {
    if (this.failure !== null) throw this.failure;
    if (this.used === 0) return;
    const full = this.buffer.subarray(0, this.used);
    // The stream keeps the buffer until it is written: the next text goes into a new one.
    this.buffer = Buffer.allocUnsafe(SINK_BYTES);
    this.used = 0;
    await this.send(full);
  }

  private async send(bytes: Buffer): Promise<void> {
    // `once` rejects when the stream fails while we wait.
    if (!this.stream.write(bytes)) await once(this.stream, 'drain');
  }
}

/** The spec's JSON, one child or finding a line so that large results stay readable. */
async function writeJson(result: ReconciliationResult, path: string): Promise<void> {
  const sink = new TextSink(path);
  try {
    await sink.write(`{"schoolYear":${JSON.stringify(result.schoolYear)},"children":[`);
    await writeJsonItems(sink, result.children);
    await sink.write('],"findings":[');
    await writeJsonItems(sink, result.findings);
    await sink.write(`],"summary":${JSON.stringify(result.summary)}}\n`);
  } finally {
    await sink.close();
  }
}

async function writeJsonItems(sink: TextSink, items: readonly unknown[]): Promise<void> {
  for (let i = 0; i < items.length; i++) {
    const due = sink.write(`${i === 0 ? '\n' : ',\n'}${JSON.stringify(items[i])}`);
    if (due) await due;
  }
  if (items.length > 0) await sink.write('\n');
}

/** The children table as CSV, with a BOM so that Excel opens the Chinese correctly. */
async function writeCsv(result: ReconciliationResult, path: string): Promise<void> {
  const sink = new TextSink(path);
  try {
    await sink.write('\ufeff' + csvLine(CHILD_COLUMNS.map((c) => c.header)));
    for (const child of result.children) {
      const due = sink.write(csvLine(childRow(child)));
      if (due) await due;
    }
  } finally {
    await sink.close();
  }
}

// ------------------------------------------------------------------- columns

const CHILD_COLUMNS = [
  { header: '身份证号', width: 21 },
  { header: '姓名', width: 12 },
  { header: '年龄', width: 6 },
  { header: '区划代码', width: 15 },
  { header: '状态', width: 14 },
  { header: '状态代码', width: 24 },
  { header: '学校标识码', width: 13 },
  { header: '标记', width: 18 },
  { header: '候选记录', width: 60 },
] as const;

function childRow(c: ChildResult): (string | number | null)[] {
  return [
    c.idNumber,
    c.name,
    c.age,
    c.villageCode,
    CHILD_STATUS_LABELS[c.status].zh,
    c.status,
    c.schoolCode,
    c.flags.length === 0 ? '' : c.flags.map((f) => CHILD_FLAG_LABELS[f].zh).join('、'),
    c.candidates.length === 0 ? '' : c.candidates.map(describeCandidate).join('；'),
  ];
}

const SOURCE_LABELS: Record<Candidate['source'], string> = {
  enrollment: '学籍',
  out_of_county: '县外就读',
  exemption: '缓学免学',
};

function describeCandidate(c: Candidate): string {
  const why =
    c.rule === 'same_birth_date_and_name' ? '出生日期性别相同、姓名相同或同音' : '身份证号仅差一位、姓名相同';
  const school = c.schoolCode ? `，学校 ${c.schoolCode}` : '';
  return `${SOURCE_LABELS[c.source]} ${c.idNumber} ${c.name}（${why}${school}）`;
}

const FINDING_COLUMNS = [
  { header: '问题', width: 14 },
  { header: '问题代码', width: 28 },
  { header: '身份证号', width: 21 },
  { header: '姓名', width: 12 },
  { header: '说明', width: 60 },
] as const;

function findingRow(f: Finding): (string | null)[] {
  return [FINDING_LABELS[f.code].zh, f.code, f.idNumber, f.name, describeFinding(f)];
}

function describeFinding(f: Finding): string {
  switch (f.code) {
    case 'invalid_id':
      return f.source === 'population'
        ? `人口花名册（区划代码 ${f.villageCode ?? '未填'}）中的身份证号${f.idNumber === null ? '缺失' : '无效'}`
        : `学籍名册（学校 ${f.schoolCode}）中的身份证号无效`;
    case 'enrolled_not_in_population':
      return `学校 ${f.schoolCode} ${gradeLabel(f.grade)}在读，人口花名册中没有此人`;
    case 'duplicate_enrollment':
      return `同时在以下学校在读：${f.schoolCodes.join('、')}`;
    case 'duplicate_population':
      return `人口花名册中出现 ${f.count} 次（区划代码：${f.villageCodes.map((v) => v ?? '未填').join('、')}）`;
    case 'over_age':
      return `${f.age} 岁就读${gradeLabel(f.grade)}（学校 ${f.schoolCode}）`;
  }
}

// ---------------------------------------------------------------------- xlsx

async function writeXlsx(result: ReconciliationResult, path: string): Promise<void> {
  // Inline strings rather than a shared-string table: the table would hold every name
  // and number in memory until the end.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: false,
    useStyles: true,
  });
  const addSheet = (name: string, columns: readonly { header: string; width: number }[]) => {
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
    sheet.getRow(1).font = { bold: true };
    return sheet;
  };

  const children = addSheet('比对结果', CHILD_COLUMNS);
  for (const child of result.children) children.addRow(childRow(child)).commit();
  children.commit();

  const findings = addSheet('问题清单', FINDING_COLUMNS);
  for (const finding of result.findings) findings.addRow(findingRow(finding)).commit();
  findings.commit();

  const summary = addSheet('汇总', [
    { header: '状态', width: 16 },
    { header: '状态代码', width: 26 },
    { header: '人数', width: 10 },
  ]);
  for (const status of CHILD_STATUSES) {
    summary.addRow([CHILD_STATUS_LABELS[status].zh, status, result.summary[status]]).commit();
  }
  summary.addRow(['合计', 'total', result.children.length]).commit();
  summary.addRow([]).commit();
  summary.addRow(['学年', 'schoolYear', result.schoolYear]).commit();
  summary.addRow(['问题条数', 'findings', result.findings.length]).commit();
  summary.commit();

  await workbook.commit();
}
