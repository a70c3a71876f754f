import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportFileError } from './errors';
import { openTable, type RawRow } from './readers';
import {
  encodeGb18030,
  GB18030_TABLE,
  JSZip,
  tempDir,
  writeCsv,
  writeXlsx,
  type CsvEncoding,
} from './test-files';

let dir: string;
let remove: () => Promise<void>;
beforeAll(async () => ({ dir, remove } = await tempDir()));
afterAll(async () => remove());

async function readAll(path: string): Promise<{ headers: readonly string[]; rows: RawRow[] }> {
  const table = await openTable(path);
  const rows: RawRow[] = [];
  for await (const row of table.rows()) rows.push(row);
  return { headers: table.headers, rows };
}

async function refusal(path: string): Promise<ImportFileError> {
  try {
    await readAll(path);
  } catch (error) {
    if (error instanceof ImportFileError) return error;
    throw error;
  }
  throw new Error(`${path} was read without error`);
}

const HEADER = ['姓名', '性别', '身份证号'];

describe('test GB18030 table', () => {
  it('agrees with the platform decoder', () => {
    const decoder = new TextDecoder('gb18030');
    for (const ch of Object.keys(GB18030_TABLE)) expect(decoder.decode(encodeGb18030(ch))).toBe(ch);
  });
});

describe('CSV', () => {
  it.each<CsvEncoding>(['utf-8', 'utf-8-bom', 'gb18030', 'utf-16le'])('reads %s', async (encoding) => {
    const path = await writeCsv(
      dir,
      `people-${encoding}.csv`,
      [HEADER, ['李娜', '女', '1'], ['王芳', '女', '2']],
      encoding,
    );
    const { headers, rows } = await readAll(path);
    expect(headers).toEqual(HEADER);
    expect(rows.map((r) => [r.rowNumber, r.values])).toEqual([
      [2, { 姓名: '李娜', 性别: '女', 身份证号: '1' }],
      [3, { 姓名: '王芳', 性别: '女', 身份证号: '2' }],
    ]);
  });

  it('skips empty rows but keeps the row numbers the user sees', async () => {
    const path = await writeCsv(dir, 'gaps.csv', [
      HEADER,
      ['李娜', '女', '1'],
      ['', '', ''],
      ['  ', '', ''],
      ['王芳', '女', '2'],
    ]);
    const { rows } = await readAll(path);
    expect(rows.map((r) => r.rowNumber)).toEqual([2, 5]);
  });

  it('counts a quoted line break as part of one row', async () => {
    const path = await writeCsv(dir, 'multiline.csv', [
      ['姓名', '备注'],
      ['李娜', '第一行\n第二行'],
      ['王芳', ''],
    ]);
    const { rows } = await readAll(path);
    expect(rows.map((r) => [r.rowNumber, r.values['备注']])).toEqual([
      [2, '第一行\n第二行'],
      [3, ''],
    ]);
  });

  it('gives cells by position too, and renames a repeated header', async () => {
    const path = await writeCsv(dir, 'repeat.csv', [
      ['姓名', '姓名', ' 性别 '],
      ['李娜', '李那', '女'],
    ]);
    const table = await openTable(path);
    expect(table.headers).toEqual(['姓名', '姓名#2', '性别']);
    const [row] = (await table.batches().next()).value as RawRow[];
    expect(row!.cells).toEqual(['李娜', '李那', '女']);
    expect(row!.values).toEqual({ 姓名: '李娜', '姓名#2': '李那', 性别: '女' });
  });

  it('skips a title row above the header', async () => {
    const path = await writeCsv(dir, 'title.csv', [
      ['某某县2026年人口花名册', '', ''],
      HEADER,
      ['李娜', '女', '1'],
    ]);
    const { headers, rows } = await readAll(path);
    expect(headers).toEqual(HEADER);
    expect(rows[0]!.rowNumber).toBe(3);
  });

  it('streams: the first batch arrives before the file is read, and batches stay small', async () => {
    const line = '李娜,女,610727201703040002\r\n';
    const path = join(dir, 'long.csv');
    await writeFile(path, `${HEADER.join(',')}\r\n${line.repeat(200_000)}`);
    const table = await openTable(path);
    let rows = 0;
    let largest = 0;
    for await (const batch of table.batches()) {
      rows += batch.length;
      largest = Math.max(largest, batch.length);
    }
    expect(rows).toBe(200_000);
    // 64 KiB of text at a time: a few thousand rows, never the whole file.
    expect(largest).toBeLessThan(5_000);
  });

  it('refuses a file that changes to an unreadable encoding after its start', async () => {
    const start = Buffer.from(`${HEADER.join(',')}\r\n${'李娜,女,1\r\n'.repeat(20_000)}`, 'utf8');
    const path = join(dir, 'mixed.csv');
    await writeFile(path, Buffer.concat([start, encodeGb18030('王芳,女,2\r\n')]));
    expect((await refusal(path)).code).toBe('unreadable');
  });
});

describe('xlsx', () => {
  it('reads the first sheet only, with dates, numbers, formulas and rich text as plain values', async () => {
    const path = await writeXlsx(
      dir,
      'people.xlsx',
      [
        ['姓名', '出生日期', '身份证号', '年级', '备注'],
        [
          { richText: [{ text: '李' }, { text: '娜' }] },
          new Date(Date.UTC(2017, 2, 4)),
          '610727201703040002',
          3,
          { formula: '1+1', result: 2 },
        ],
        [],
        [
          '王芳',
          '2016/1/2',
          '610727201601020026',
          '四年级',
          { text: '链接', hyperlink: 'https://example.org' },
        ],
      ],
      { 说明: [['这一页不是名册']] },
    );
    const { headers, rows } = await readAll(path);
    expect(headers).toEqual(['姓名', '出生日期', '身份证号', '年级', '备注']);
    expect(rows.map((r) => r.rowNumber)).toEqual([2, 4]);
    expect(rows[0]!.values).toEqual({
      姓名: '李娜',
      出生日期: new Date(Date.UTC(2017, 2, 4)),
      身份证号: '610727201703040002',
      年级: 3,
      备注: 2,
    });
    expect(rows[1]!.values).toMatchObject({ 姓名: '王芳', 年级: '四年级', 备注: '链接' });
  });

  it('reads the sheet that comes first in the workbook, wherever the archive stores it', async () => {
    // The user moved the roster's tab to the front: the workbook lists sheet2.xml first,
    // and the archive stores sheet1.xml (the notes) first.
    const book = new ExcelJS.Workbook();
    const notes = book.addWorksheet('说明');
    notes.addRow(['这一页不是名册']);
    const roster = book.addWorksheet('名册');
    roster.addRow(['姓名', '性别']);
    roster.addRow(['李娜', '女']);
    // ExcelJS lists the sheets in workbook.xml by `orderNo` (not in its types), and
    // stores them in that order too: the archive is written again, by name.
    Object.assign(roster, { orderNo: 0 });
    Object.assign(notes, { orderNo: 1 });
    const path = join(dir, 'moved-tab.xlsx');
    await writeFile(path, await storedByName(Buffer.from(await book.xlsx.writeBuffer())));
    const { headers, rows } = await readAll(path);
    expect(headers).toEqual(['姓名', '性别']);
    expect(rows.map((r) => r.values)).toEqual([{ 姓名: '李娜', 性别: '女' }]);
  });

  it('reads a workbook saved under a .csv name by its content', async () => {
    const path = await writeXlsx(dir, 'really-a-workbook.csv', [HEADER, ['李娜', '女', '1']]);
    expect((await readAll(path)).rows).toHaveLength(1);
  });

  it('reads a CSV saved under an .xlsx name by its content, as some registry exports name theirs', async () => {
    for (const encoding of ['utf-8', 'utf-8-bom', 'gb18030'] as const) {
      const path = await writeCsv(
        dir,
        `really-a-csv-${encoding}.xlsx`,
        [HEADER, ['李娜', '女', '1']],
        encoding,
      );
      const { headers, rows } = await readAll(path);
      expect([encoding, headers]).toEqual([encoding, HEADER]);
      expect(rows.map((r) => r.cells)).toEqual([['李娜', '女', '1']]);
    }
  });
});

describe('files refused as a whole', () => {
  it('a missing file is unreadable', async () => {
    const error = await refusal(join(dir, 'nowhere.csv'));
    expect(error.code).toBe('unreadable');
    expect(error.messages.zh).toContain('nowhere.csv');
  });

  it('a file of zero bytes, or of blank lines only, is empty', async () => {
    await writeFile(join(dir, 'zero.csv'), '');
    await writeFile(join(dir, 'blank.csv'), '\r\n,,\r\n  \r\n');
    expect((await refusal(join(dir, 'zero.csv'))).code).toBe('empty');
    expect((await refusal(join(dir, 'blank.csv'))).code).toBe('empty');
  });

  it('a workbook without any sheet is empty', async () => {
    const path = join(dir, 'no-sheets.xlsx');
    await new ExcelJS.Workbook().xlsx.writeFile(path);
    expect((await refusal(path)).code).toBe('empty');
  });

  it('an old .xls, a damaged .xlsx, binary data and other formats are not workbooks', async () => {
    await writeFile(
      join(dir, 'old.xls'),
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
    );
    await writeFile(
      join(dir, 'broken.xlsx'),
      Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(64, 7)]),
    );
    await writeFile(join(dir, 'binary.csv'), Buffer.from([0x41, 0x00, 0x42, 0x00, 0x01, 0x02]));
    await writeFile(join(dir, 'report.pdf'), '%PDF-1.7');
    await writeFile(join(dir, 'binary.xlsx'), Buffer.from([0x41, 0x00, 0x42, 0x00, 0x01, 0x02]));
    for (const name of ['old.xls', 'broken.xlsx', 'binary.csv', 'report.pdf', 'binary.xlsx']) {
      const error = await refusal(join(dir, name));
      expect(error.code, name).toBe('not_a_workbook');
      expect(error.messages.zh, name).toContain(name);
      expect(error.messages.en, name).toContain(name);
    }
    expect((await refusal(join(dir, 'old.xls'))).messages.zh).toContain('.xls');
  });

  it('names the file as the user knows it when reading a temporary upload', async () => {
    await writeFile(join(dir, 'upload-123'), '');
    await expect(openTable(join(dir, 'upload-123'), { fileName: '花名册.csv' })).rejects.toMatchObject({
      code: 'empty',
      file: '花名册.csv',
    });
  });
});

/** The archive with its entries stored in the order of their names (JSZip, as ExcelJS has it). */
async function storedByName(archive: Buffer): Promise<Buffer> {
  const source = await JSZip.loadAsync(archive);
  const target = new JSZip();
  for (const name of Object.keys(source.files).sort()) {
    const entry = source.files[name]!;
    if (!entry.dir) target.file(name, await entry.async('nodebuffer'));
  }
  return target.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
