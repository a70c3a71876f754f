import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openTable } from '../modules/imports/readers';
import { WorkbookReader } from './exceljs-reader';
import { JSZip, tempDir } from '../modules/imports/test-files';

// A roster long enough that its XML spans many decompressed chunks: with ExcelJS's own
// reader some Chinese characters straddling a chunk boundary came back as U+FFFD.
const NAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕';

function nameOf(i: number): string {
  return `${NAMES[i % NAMES.length]}${NAMES[(i * 7) % NAMES.length]}${NAMES[(i * 13) % NAMES.length]}·${i}`;
}

describe('streaming workbook reader', () => {
  it.each([
    ['shared strings (Excel, WPS)', false],
    ['inline strings (streaming writers)', true],
  ])(
    'reads every multi-byte character of a long sheet: %s',
    async (_what, streaming) => {
      const { dir, remove } = await tempDir();
      try {
        const path = join(dir, 'long.xlsx');
        const rows = 20_000;
        if (streaming) {
          const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
          const sheet = book.addWorksheet('名册');
          sheet.addRow(['姓名', '村(社区)']).commit();
          for (let i = 0; i < rows; i++) sheet.addRow([nameOf(i), `第${i}村民小组`]).commit();
          sheet.commit();
          await book.commit();
        } else {
          const book = new ExcelJS.Workbook();
          const sheet = book.addWorksheet('名册');
          sheet.addRow(['姓名', '村(社区)']);
          for (let i = 0; i < rows; i++) sheet.addRow([nameOf(i), `第${i}村民小组`]);
          await book.xlsx.writeFile(path);
        }
        const table = await openTable(path);
        let i = 0;
        for await (const row of table.rows()) {
          expect(row.cells[0]).toBe(nameOf(i));
          expect(row.cells[1]).toBe(`第${i}村民小组`);
          i++;
        }
        expect(i).toBe(rows);
        await rm(path);
      } finally {
        await remove();
      }
    },
    60_000,
  );

  it('reads date cells in the Chinese built-in formats as dates (exceljs#2893)', async () => {
    // Excel writes such a cell with the format's id alone (31 = yyyy"年"m"月"d"日"), with no
    // entry in styles.xml. ExcelJS writes custom formats with entries: take them out.
    const { dir, remove } = await tempDir();
    try {
      const day = new Date(Date.UTC(2016, 2, 1));
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('名册');
      sheet.addRow(['姓名', '出生日期']);
      const builtIns = [31, 57, 58, 27];
      for (const id of builtIns) sheet.addRow([`格式${id}`, day]).getCell(2).numFmt = `BUILT-IN-${id}`;
      const zip = await JSZip.loadAsync(await book.xlsx.writeBuffer());
      let styles = await zip.file('xl/styles.xml')!.async('string');
      for (const id of builtIns) {
        const custom = new RegExp(`<numFmt numFmtId="(\\d+)" formatCode="BUILT-IN-${id}"/>`).exec(styles)!;
        styles = styles.replace(custom[0], '').replaceAll(`numFmtId="${custom[1]}"`, `numFmtId="${id}"`);
      }
      expect(styles).not.toContain('BUILT-IN');
      zip.file('xl/styles.xml', styles);
      const path = join(dir, 'dates.xlsx');
      await writeFile(path, await zip.generateAsync({ type: 'nodebuffer' }));
      const cells: unknown[] = [];
      for await (const row of (await openTable(path)).rows()) cells.push(row.cells[1]);
      expect(cells).toEqual(builtIns.map(() => day));
    } finally {
      await remove();
    }
  });

  it('finds every part of a workbook ExcelJS wrote, read after read (exceljs#3064)', async () => {
    // ExcelJS writes workbook.xml last, and its one-pass reader now and then ended before
    // it: about one read in 200 of this file failed as a damaged file. 600 reads all pass.
    const { dir, remove } = await tempDir();
    try {
      const book = new ExcelJS.Workbook();
      book.addWorksheet('名册').addRow(['姓名', '性别']);
      book.addWorksheet('说明').addRow(['说明']);
      const path = join(dir, 'two-sheets.xlsx');
      await writeFile(path, Buffer.from(await book.xlsx.writeBuffer()));
      const failures: string[] = [];
      for (let i = 0; i < 600; i++) {
        const reader = new WorkbookReader(path, {
          worksheets: 'emit',
          sharedStrings: 'cache',
          styles: 'cache',
        });
        try {
          for await (const sheet of reader) {
            for await (const row of sheet) expect(row.values).toEqual([undefined, '姓名', '性别']);
            break;
          }
        } catch (error) {
          failures.push(String(error));
        }
      }
      expect(failures).toEqual([]);
    } finally {
      await remove();
    }
  }, 60_000);
});
