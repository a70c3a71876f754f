import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import ExcelJS from 'exceljs';
import type { ImportJobDetail, ImportKind, ImportMode } from '@baoxue/shared';
import type { Client } from './app';

/** Anything holding the app under test (the fixture's or the demo county's). */
interface HasApp {
  app: FastifyInstance;
}

/** An .xlsx in memory whose first sheet holds `rows` (the first row is the header). */
export async function xlsxBuffer(rows: readonly (readonly ExcelJS.CellValue[])[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  rows.forEach((row, i) => {
    if (row.length > 0) sheet.getRow(i + 1).values = [...row];
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function csvBuffer(rows: readonly (readonly string[])[]): Buffer {
  const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return Buffer.from(rows.map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n', 'utf8');
}

/** Uploads a file as the web app does (the file is the body) and returns the raw response. */
export function upload(
  t: HasApp,
  client: Client,
  kind: ImportKind,
  fileName: string,
  body: Buffer,
  options: { schoolYear?: number; mode?: ImportMode } = {},
): Promise<LightMyRequestResponse> {
  const query = new URLSearchParams({
    kind,
    schoolYear: String(options.schoolYear ?? 2026),
    mode: options.mode ?? 'valid_rows',
    fileName,
  });
  return t.app.inject({
    method: 'POST',
    url: `/api/imports?${query.toString()}`,
    headers: {
      cookie: client.cookie,
      'x-csrf-token': client.csrf,
      'content-type': 'application/octet-stream',
    },
    payload: body,
  });
}

/** Uploads, waits for the job to end, and returns its detail. */
export async function importFile(
  t: HasApp,
  client: Client,
  kind: ImportKind,
  fileName: string,
  body: Buffer,
  options: { schoolYear?: number; mode?: ImportMode } = {},
): Promise<ImportJobDetail> {
  const res = await upload(t, client, kind, fileName, body, options);
  if (res.statusCode !== 202) throw new Error(`upload ${fileName}: ${res.statusCode} ${res.body}`);
  const { id } = res.json<{ id: number }>();
  await t.app.jobs.idle();
  const detail = await client.request('GET', `/api/imports/${id}`);
  return detail.json<ImportJobDetail>();
}

/** The rows of the first sheet of an .xlsx response, as plain values. */
export async function sheetRows(body: Buffer): Promise<{ rows: unknown[][]; sheet: ExcelJS.Worksheet }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return { rows, sheet };
}
