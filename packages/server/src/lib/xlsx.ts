import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

export interface XlsxColumn<T> {
  header: string;
  width?: number;
  value: (row: T) => string | number | boolean | null | undefined;
  /** Font of the column's cells, header included (the red 错误原因 of error workbooks). */
  font?: Partial<ExcelJS.Font>;
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function attachmentHeader(fileName: string): string {
  return `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Streams one sheet to the client: rows are committed as they are written, so a long
 * list never sits in memory as a whole workbook.
 */
export async function sendXlsx<T>(
  reply: FastifyReply,
  fileName: string,
  sheetName: string,
  columns: XlsxColumn<T>[],
  rows: Iterable<T> | AsyncIterable<T>,
): Promise<FastifyReply> {
  const stream = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width ?? 16 }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  columns.forEach((c, i) => {
    if (c.font) header.getCell(i + 1).font = { bold: true, ...c.font };
  });
  header.commit();
  const styled = columns.flatMap((c, i) => (c.font ? [[i + 1, c.font] as const] : []));
  void reply
    .header('content-type', XLSX_CONTENT_TYPE)
    .header('content-disposition', attachmentHeader(`${fileName}.xlsx`))
    .send(stream);
  for await (const row of rows) {
    const added = sheet.addRow(columns.map((c) => c.value(row) ?? null));
    for (const [index, font] of styled) added.getCell(index).font = font;
    added.commit();
  }
  sheet.commit();
  await workbook.commit();
  return reply;
}

export function yesNo(value: boolean): string {
  return value ? '是' : '否';
}
