// Real files for the import tests: .xlsx written by ExcelJS, CSV in UTF-8 (with and
// without BOM), UTF-16 and GB18030. There is no iconv here, so GB18030 bytes come from a
// small table of the characters the tests use; `encodeGb18030` refuses any other, and a
// test checks the table against the platform's own GB18030 decoder.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';

/** The parts of a JSZip archive the tests use. */
export interface Zip {
  files: Record<string, { dir: boolean; async(type: 'nodebuffer'): Promise<Buffer> }>;
  file(name: string): { async(type: 'string'): Promise<string> } | null;
  file(name: string, data: Buffer | string): void;
  generateAsync(options: { type: 'nodebuffer'; compression?: 'DEFLATE' }): Promise<Buffer>;
}

/**
 * ExcelJS's own zip library, for tests that take a workbook apart: no dependency of ours, as
 * the app's reader takes unzipper through ExcelJS too.
 */
export const JSZip = createRequire(createRequire(import.meta.url).resolve('exceljs'))('jszip') as {
  new (): Zip;
  loadAsync(data: ArrayBuffer | Buffer): Promise<Zip>;
};

/** Two-byte GB18030 (GBK) codes of the Chinese characters used by the tests. */
export const GB18030_TABLE: Readonly<Record<string, number>> = {
  姓: 0xd0d5,
  名: 0xc3fb,
  性: 0xd0d4,
  别: 0xb1f0,
  身: 0xc9ed,
  份: 0xb7dd,
  证: 0xd6a4,
  号: 0xbac5,
  出: 0xb3f6,
  生: 0xc9fa,
  日: 0xc8d5,
  期: 0xc6da,
  区: 0xc7f8,
  划: 0xbbae,
  代: 0xb4fa,
  码: 0xc2eb,
  李: 0xc0ee,
  娜: 0xc4c8,
  王: 0xcdf5,
  芳: 0xb7bc,
  男: 0xc4d0,
  女: 0xc5ae,
};

export function encodeGb18030(text: string): Buffer {
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80) {
      bytes.push(code);
      continue;
    }
    const gb = GB18030_TABLE[ch];
    if (gb === undefined) throw new Error(`no GB18030 code for ${ch} in the test table`);
    bytes.push(gb >> 8, gb & 0xff);
  }
  return Buffer.from(bytes);
}

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'gb18030';

export function encodeText(text: string, encoding: CsvEncoding): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf-16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'gb18030':
      return encodeGb18030(text);
  }
}

/** A temporary folder, removed by the returned function. */
export async function tempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'baoxue-import-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes rows as CSV; cells holding a comma, quote or line break are quoted. */
export async function writeCsv(
  dir: string,
  name: string,
  rows: readonly (readonly string[])[],
  encoding: CsvEncoding = 'utf-8',
): Promise<string> {
  const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  const text = rows.map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
  const path = join(dir, name);
  await writeFile(path, encodeText(text, encoding));
  return path;
}

/** Writes an .xlsx whose first sheet holds `rows`; more sheets may follow. */
export async function writeXlsx(
  dir: string,
  name: string,
  rows: readonly (readonly ExcelJS.CellValue[])[],
  more: Record<string, readonly (readonly ExcelJS.CellValue[])[]> = {},
): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const addSheet = (title: string, data: readonly (readonly ExcelJS.CellValue[])[]) => {
    const sheet = workbook.addWorksheet(title);
    data.forEach((row, i) => {
      if (row.length > 0) sheet.getRow(i + 1).values = [...row];
    });
  };
  addSheet('Sheet1', rows);
  for (const [title, data] of Object.entries(more)) addSheet(title, data);
  const path = join(dir, name);
  await workbook.xlsx.writeFile(path);
  return path;
}
