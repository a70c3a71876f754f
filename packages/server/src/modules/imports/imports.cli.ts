// `baoxue import` and `baoxue template`: the same import job the web runs, for a clerk at
// the server's keyboard or a script. Audit entries name "cli".
import { stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Kysely } from 'kysely';
import { IMPORT_KIND_LABELS, type ImportKind, type ImportMode } from '@baoxue/shared';
import type { Database } from '../../db/schema';
import { importNow, type ImportJobRow } from './imports.service';
import { openTable } from './readers';
import { buildTemplate } from './templates';

export interface ImportCommand {
  kind: ImportKind;
  file: string;
  schoolYear: number;
  mode: ImportMode;
}

/** Row errors printed in full; the rest are counted (the error workbook in the app has them all). */
const PRINTED_ERRORS = 50;

/**
 * Runs the import and prints what happened. Exit status: 0 when rows were imported (some
 * rows may have been refused: they are listed), 2 when nothing was written (a bad file,
 * no valid row, or any invalid row under --all-or-nothing).
 */
export async function runImportCommand(
  db: Kysely<Database>,
  countyCode: string,
  command: ImportCommand,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const bytes = (await stat(command.file)).size;
  const job = await importNow(
    { db, transact: (work) => db.transaction().execute(work) },
    {
      kind: command.kind,
      schoolYear: command.schoolYear,
      fileName: basename(command.file),
      mode: command.mode,
      who: { countyCode, userId: null, username: 'cli', ip: null },
    },
    () => openTable(command.file),
    undefined,
    bytes,
  );
  report(job, out, err);
  return job.status === 'succeeded' ? 0 : 2;
}

function report(job: ImportJobRow, out: (line: string) => void, err: (line: string) => void): void {
  const label = `${IMPORT_KIND_LABELS[job.kind].zh} / ${job.kind}`;
  if (job.status === 'failed' && job.total_rows === null) {
    err(`${job.error_zh ?? ''} / ${job.error_en ?? ''}`);
    return;
  }
  out(
    `${label} 导入任务 #${job.id}：共 ${job.total_rows ?? 0} 行，导入 ${job.accepted_rows} 行，` +
      `${job.rejected_rows} 行有误，${job.warning_count} 条提示 / ` +
      `${job.total_rows ?? 0} rows, ${job.accepted_rows} imported, ${job.rejected_rows} refused, ${job.warning_count} warnings`,
  );
  const summary = Object.entries(job.summary);
  if (summary.length > 0) out(`  ${summary.map(([k, v]) => `${k}: ${v}`).join(', ')}`);
  for (const e of job.errors.slice(0, PRINTED_ERRORS)) {
    err(`  第 ${e.row} 行 ${e.column}：${e.zh} / row ${e.row} ${e.column}: ${e.en}`);
  }
  if (job.rejected_rows > PRINTED_ERRORS) {
    err(
      `  … 另有更多错误，见网页中的错误报告 / more errors: see the error workbook in the web app (import #${job.id})`,
    );
  }
  if (job.status === 'failed') err(`${job.error_zh ?? ''} / ${job.error_en ?? ''}`);
}

export async function writeTemplate(kind: ImportKind, outFile: string): Promise<void> {
  await writeFile(outFile, await buildTemplate(kind));
}
