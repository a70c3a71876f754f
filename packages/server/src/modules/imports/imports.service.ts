// Imports as jobs (IMPORT-FORMATS.md): the uploaded file is read once, streaming, through
// the format's row parser and the checks that need the county's data (villages, schools,
// a school administrator's own school); valid rows go to a temporary file of JSON lines,
// refused rows to another. Only then is the database written, in ONE transaction of
// chunked multi-row statements — or not at all, when the file is refused, has no valid
// row, or any row is invalid under "all or nothing". Nothing is ever half-written.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Selectable } from 'kysely';
import {
  IMPORT_KIND_LABELS,
  ROSTER_REMOVAL_LABELS,
  formatDate,
  todayIso,
  type ImportJob,
  type ImportJobDetail,
  type ImportKind,
  type ImportListQuery,
  type ImportMode,
  type Page,
  type StartImportQuery,
} from '@baoxue/shared';
import type { Actor, Db, RequestContext } from '../../context';
import { AppError } from '../../errors';
import type { JobProgress, JobRunner } from '../../lib/jobs';
import { LineFileWriter, lineBatches } from '../../lib/line-file';
import { logError } from '../../lib/log-error';
import { auditFor, auditWho, writeAudit, type AuditEntry, type AuditWho } from '../../plugins/audit';
import { notFoundOrDenied } from '../../plugins/denied';
import { forgetCaches } from '../../lib/caches';
import { followPupils, openDropOutCases } from '../cases/cases.registry';
import { emptyFile, ImportFileError, type ImportWarning, type RowError } from './errors';
import type {
  EnrollmentRecord,
  ExemptionRecord,
  OutOfCountyRecord,
  PopulationRecord,
  RecordByKind,
} from './formats';
import * as q from './imports.queries';
import type { ImportTable, StoredRowProblem } from './imports.table';
import { createRowParser } from './parse-rows';
import { openTable, type RawRow } from './readers';

/** A job as stored, with who started it (`authorName`). */
export type ImportJobRow = Selectable<ImportTable> & { author: string | null };

/** Kept in full with the job for the detail page; every rejected row is in the error workbook. */
const KEEP_PROBLEMS = 200;
/** Rows kept for the error workbook; beyond this a file is garbage and only counted. */
const MAX_REJECTED_ROWS = 100_000;
/** Rows per INSERT statement. */
const CHUNK = 2_000;
/** Uploads larger than this are refused while they stream in. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
/**
 * Imports one user may have uploading, queued or running at once (the `too_many_imports`
 * message names the number). An office uploads a roster or two and waits for them; without a
 * bound a user, or a stolen session, could queue jobs and fill the disk with uploads unchecked.
 */
export const MAX_OPEN_IMPORTS_PER_USER = 3;

// ------------------------------------------------------------ permission

/**
 * A county administrator imports every kind for the whole county. A school administrator
 * imports only the enrolment registry, and only rows of their own school (the others are
 * refused row by row, with the reason): the school keeps its own registry current, while
 * the county's rosters come from the county's offices. Everyone else may not import.
 */
export function importScopeOf(actor: Actor, kind: ImportKind): { schoolCode: string | null } {
  if (actor.role === 'county_admin') return { schoolCode: null };
  if (actor.role === 'school_admin' && kind === 'enrollment') {
    const school = actor.scope.schoolCodes?.[0];
    if (school) return { schoolCode: school };
  }
  throw new AppError('forbidden', undefined, {
    zh: actor.role === 'school_admin' ? '学校管理员只能导入本校的学籍名册' : '只有县级管理员可以导入名册',
    en:
      actor.role === 'school_admin'
        ? 'A school administrator may import only their own school’s enrolment registry'
        : 'Only a county administrator may import rosters',
  });
}

/** Which jobs a user may see: the county's offices all; a school its own. */
function jobFilterOf(actor: Actor): q.JobFilter {
  if (actor.role === 'county_admin' || actor.role === 'county_leader') return {};
  if (actor.role === 'school_admin')
    return { schoolCode: actor.scope.schoolCodes?.[0] ?? '', userId: actor.userId };
  throw new AppError('forbidden');
}

// ------------------------------------------------------------ HTTP side

export function toJob(row: ImportJobRow, progress?: JobProgress): ImportJob {
  return {
    id: row.id,
    kind: row.kind,
    schoolYear: row.school_year,
    fileName: row.file_name,
    mode: row.mode,
    status: progress && row.status === 'queued' && progress.phase !== 'queued' ? 'running' : row.status,
    progressRows: progress?.rows ?? row.progress_rows,
    progressBytes:
      progress?.bytes ?? (row.status === 'succeeded' || row.status === 'failed' ? row.file_bytes : 0),
    fileBytes: row.file_bytes,
    totalRows: row.total_rows,
    acceptedRows: row.accepted_rows,
    rejectedRows: row.rejected_rows,
    warningCount: row.warning_count,
    errorCode: row.error_code,
    error: row.error_zh,
    errorEn: row.error_en,
    summary: row.summary,
    schoolCode: row.school_code,
    createdBy: row.author,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

const problem = (p: StoredRowProblem) => ({
  row: p.row,
  column: p.column,
  code: p.code,
  message: p.zh,
  messageEn: p.en,
});

export function jobKey(id: number): string {
  return `import:${id}`;
}

/** Whose places an upload takes (JobRunner.takePlace): the user, in their county. */
function importOwnerOf(actor: Actor): string {
  return `import:${actor.countyCode}:${actor.userId}`;
}

/** Streams the request body to a temporary file, refusing it once it passes the size limit. */
async function receive(body: Readable, path: string): Promise<number> {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > MAX_UPLOAD_BYTES) done(new AppError('payload_too_large'));
      else done(null, chunk);
    },
  });
  await pipeline(body, counter, createWriteStream(path));
  return bytes;
}

/**
 * Receives the file and queues the job; answers at once with the queued job. The job
 * runs in this process, one job at a time, and records its own outcome.
 */
export async function startImport(
  ctx: RequestContext,
  jobs: JobRunner,
  query: StartImportQuery,
  body: Readable,
): Promise<ImportJob> {
  const { schoolCode } = importScopeOf(ctx.actor, query.kind);
  const owner = importOwnerOf(ctx.actor);
  // The place is taken before a byte is written: a refused upload leaves nothing on disk.
  if (!jobs.takePlace(owner, MAX_OPEN_IMPORTS_PER_USER)) throw new AppError('too_many_imports');
  let dir: string | undefined;
  let id: number;
  // Until the job owns them, the uploaded roster (children's data) is removed and the place
  // given back on any failure.
  try {
    dir = await mkdtemp(join(tmpdir(), 'baoxue-upload-'));
    const bytes = await receive(body, join(dir, 'upload'));
    id = await q.insertJob(ctx.db, {
      county_code: ctx.actor.countyCode,
      kind: query.kind,
      school_year: query.schoolYear,
      file_name: query.fileName,
      file_bytes: bytes,
      mode: query.mode,
      status: 'queued',
      school_code: schoolCode,
      user_id: ctx.actor.userId,
      username: ctx.actor.username,
    });
  } catch (error) {
    jobs.releasePlace(owner);
    if (dir) await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const path = join(dir, 'upload');
  const who = auditWho(ctx.actor, ctx.ip);
  const db = ctx.db;
  void jobs.enqueue(jobKey(id), async (progress) => {
    try {
      await runImportFile(db, id, path, who, progress);
    } finally {
      await rm(dir, { recursive: true, force: true });
      jobs.releasePlace(owner);
    }
  });
  const row = await q.findJob(ctx.db, ctx.actor.countyCode, id);
  if (!row) throw new AppError('internal');
  return toJob(row, jobs.progress(jobKey(id)));
}

async function findVisibleJob(ctx: RequestContext, id: number): Promise<ImportJobRow> {
  const filter = jobFilterOf(ctx.actor);
  const row = await q.findJob(ctx.db, ctx.actor.countyCode, id);
  const visible =
    row !== undefined &&
    (filter.schoolCode === undefined ||
      row.school_code === filter.schoolCode ||
      row.user_id === filter.userId);
  if (!row || !visible) throw await notFoundOrDenied(ctx, 'import', id, async () => row !== undefined);
  return row;
}

export async function importDetail(
  ctx: RequestContext,
  jobs: JobRunner,
  id: number,
): Promise<ImportJobDetail> {
  const row = await findVisibleJob(ctx, id);
  return {
    ...toJob(row, jobs.progress(jobKey(id))),
    headers: row.headers,
    errors: row.errors.map(problem),
    warnings: row.warnings.map(problem),
  };
}

export async function listImports(
  ctx: RequestContext,
  jobs: JobRunner,
  query: ImportListQuery,
): Promise<Page<ImportJob>> {
  const { page, pageSize, ...rest } = query;
  const filter = { ...jobFilterOf(ctx.actor), ...rest };
  const [total, rows] = await Promise.all([
    q.countJobs(ctx.db, ctx.actor.countyCode, filter),
    q.listJobs(ctx.db, ctx.actor.countyCode, filter, { limit: pageSize, offset: (page - 1) * pageSize }),
  ]);
  return { items: rows.map((r) => toJob(r, jobs.progress(jobKey(r.id)))), total, page, pageSize };
}

/** The rejected rows for the error workbook, read in pages. */
export async function errorRows(
  ctx: RequestContext,
  id: number,
): Promise<{ job: ImportJobRow; rows: AsyncGenerator<{ row: number; cells: unknown[]; reasons: string }> }> {
  const job = await findVisibleJob(ctx, id);
  // The refused rows are the uploader's own data, identity numbers and all, shown back so
  // they can be fixed: the county office and the school that imported them get them.
  if (ctx.actor.role === 'county_leader') throw new AppError('forbidden');
  await auditFor(ctx, ctx.db, {
    action: 'export',
    entity: 'import',
    entityId: id,
    detail: `错误报告 / error workbook: ${job.file_name}`,
  });
  const db = ctx.db;
  async function* rows() {
    let after = 0;
    for (;;) {
      const page = await q.rejectedRowsPage(db, job.county_code, id, after, 2000);
      for (const r of page) yield { row: r.row_no, cells: r.cells, reasons: r.reasons };
      if (page.length < 2000) return;
      after = page[page.length - 1]?.row_no ?? after;
    }
  }
  return { job, rows: rows() };
}

// ------------------------------------------------------------ the job

/** What the checks beyond the row parser need of the county. */
interface Lookups {
  villages: Map<string, string>;
  villagesByName: Map<string, string>;
  schools: Set<string>;
  /**
   * A school's own enrolment import: the names of the pupils of other schools of the
   * county by number. A row takes such a pupil over only where the names agree, as 接收转入
   * asks, so a number alone moves nobody's record to the school.
   */
  otherSchoolsNames: Map<string, string>;
  /** Children taken off the year's roster (注销) by number: a population file leaves them out. */
  removals: Map<string, q.RemovalRow>;
}

// Registries and households spell the same place differently (蹇家坝村 / 蹇家坝村委会).
const PLACE_SUFFIX =
  /(村民委员会|居民委员会|村委会|居委会|社区居委会|社区|村|街道办事处|街道办|街道|镇人民政府|镇|乡)$/;
function placeStem(name: string): string {
  const plain = name.replace(/\s+/g, '');
  const stem = plain.replace(PLACE_SUFFIX, '');
  return stem === '' ? plain : stem;
}

async function loadLookups(db: Db, job: ImportJobRow): Promise<Lookups> {
  const { county_code: countyCode, kind } = job;
  const lookups: Lookups = {
    villages: new Map(),
    villagesByName: new Map(),
    schools: new Set(),
    otherSchoolsNames: new Map(),
    removals: new Map(),
  };
  if (kind === 'population') {
    for (const v of await q.villagesOfCounty(db, countyCode)) {
      lookups.villages.set(v.code, v.town_code);
      lookups.villagesByName.set(`${placeStem(v.town_name)}|${placeStem(v.name)}`, v.code);
    }
    for (const r of await q.removalsOfYear(db, countyCode, job.school_year))
      lookups.removals.set(r.id_number, r);
  }
  if (kind === 'enrollment') lookups.schools = await q.schoolCodesOfCounty(db, countyCode);
  if (kind === 'enrollment' && job.school_code !== null)
    lookups.otherSchoolsNames = await q.namesAtOtherSchools(db, countyCode, job.school_code);
  return lookups;
}

type Staged = Record<string, unknown>;

/**
 * A parsed record as the row the database keeps, after the checks that need the county's
 * data; null (with the reason added to `errors`) when such a check refuses it.
 */
function stage(
  kind: ImportKind,
  record: RecordByKind[ImportKind],
  lookups: Lookups,
  job: { school_code: string | null },
  errors: RowError[],
): Staged | null {
  const refuse = (column: string, code: RowError['code'], zh: string, en: string) => {
    errors.push({ row: record.row, column, code, zh, en });
    return null;
  };
  switch (kind) {
    case 'population': {
      const r = record as PopulationRecord;
      let village = r.villageCode;
      if (village !== null && !lookups.villages.has(village)) {
        return refuse(
          '区划代码',
          'not_in_county',
          `区划代码“${village}”不是本县的村(社区)`,
          `village code "${village}" is not a village of this county`,
        );
      }
      if (village === null) {
        village =
          lookups.villagesByName.get(`${placeStem(r.town ?? '')}|${placeStem(r.village ?? '')}`) ?? null;
        if (village === null) {
          return refuse(
            '村(社区)',
            'not_in_county',
            `本县没有“${r.town ?? ''}${r.village ?? ''}”这个村(社区)，请填写区划代码`,
            `"${r.town ?? ''} ${r.village ?? ''}" is not a village of this county; give its village code`,
          );
        }
      }
      return {
        row_no: r.row,
        id_number: r.idNumber,
        id_valid: r.idValid,
        name: r.name,
        gender: r.gender,
        birth_date: r.birthDate,
        village_code: village,
        household_no: r.householdNo,
        guardian_name: r.guardianName,
        guardian_phone: r.guardianPhone,
        guardian_relation: r.guardianRelation,
        poverty_registered: r.povertyRegistered,
        left_behind: r.leftBehind,
        disability_category: r.disabilityCategory,
        disability_level: r.disabilityLevel,
      };
    }
    case 'enrollment': {
      const r = record as EnrollmentRecord;
      if (!lookups.schools.has(r.schoolCode)) {
        return refuse(
          '学校标识码',
          'not_in_county',
          `学校标识码“${r.schoolCode}”不是本县的学校`,
          `school code "${r.schoolCode}" is not a school of this county`,
        );
      }
      if (job.school_code !== null && r.schoolCode !== job.school_code) {
        return refuse(
          '学校标识码',
          'not_own_school',
          `只能导入本校（${job.school_code}）的学籍，此行属于学校 ${r.schoolCode}`,
          `only rows of your own school (${job.school_code}) may be imported; this row is of school ${r.schoolCode}`,
        );
      }
      const nameThere = lookups.otherSchoolsNames.get(r.idNumber);
      if (nameThere !== undefined && nameThere !== r.name) {
        return refuse(
          '姓名',
          'transfer_name_differs',
          '本县另一所学校有此身份证号的学籍，但姓名不符；县内转入须身份证号与姓名都相符，请核对此行',
          'a school of the county registers this identity number under another name; a transfer within the county needs both to agree — check the row',
        );
      }
      return {
        row_no: r.row,
        id_number: r.idNumber,
        name: r.name,
        gender: r.gender,
        birth_date: r.birthDate,
        national_student_no: r.studentNo,
        school_code: r.schoolCode,
        grade: r.grade,
        class_name: r.className,
        status: r.status,
        study_mode: r.mode,
      };
    }
    case 'out-of-county': {
      const r = record as OutOfCountyRecord;
      return {
        id_number: r.idNumber,
        id_valid: r.idValid,
        name: r.name,
        birth_date: r.birthDate,
        gender: r.gender,
        school: r.school,
        region: r.region,
        grade: r.grade,
        verification: r.verification,
        verified_on: r.verifiedOn,
      };
    }
    case 'exemptions': {
      const r = record as ExemptionRecord;
      return {
        school_year: r.schoolYear,
        id_number: r.idNumber,
        id_valid: r.idValid,
        name: r.name,
        birth_date: r.birthDate,
        gender: r.gender,
        type: r.type,
        reason: r.reason,
        approval_no: r.approvalNo,
      };
    }
  }
}

/** What the import reads: a file, or (for the demo county) rows already in memory. */
export interface TableSource {
  readonly file: string;
  readonly headers: readonly string[];
  batches(): AsyncGenerator<RawRow[]>;
  bytesRead(): number;
  close(): Promise<void>;
}

/** How the job reaches the database: the import's own transaction, or the demo seeder's. */
export interface ImportDatabase {
  db: Db;
  transact<T>(work: (trx: Db) => Promise<T>): Promise<T>;
}

interface ReadOutcome {
  rows: number;
  accepted: number;
  rejected: number;
  errors: StoredRowProblem[];
  warnings: StoredRowProblem[];
  warningCount: number;
  villages: Set<string>;
  /**
   * The identity numbers of refused population rows: the file lists these children, only
   * their rows could not be read, so the replacement of their villages keeps their rows.
   */
  refusedIds: Set<string>;
  /** Population rows of children taken off the year's roster (注销), left out with a warning. */
  removed: number;
}

const stored = (p: RowError | ImportWarning): StoredRowProblem => ({
  row: p.row,
  column: p.column,
  code: p.code,
  zh: p.zh,
  en: p.en,
});

function cellForJson(cell: unknown): unknown {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : formatDate(cell);
  return cell ?? null;
}

const NO_ERRORS: readonly RowError[] = [];

function removedWarning(row: number, removal: q.RemovalRow): ImportWarning {
  const day = todayIso(removal.removed_at);
  const reason = ROSTER_REMOVAL_LABELS[removal.reason];
  return {
    row,
    column: '身份证号',
    code: 'removed',
    zh: `${removal.name}已于 ${day} 注销（${reason.zh}：${removal.note}），本行未导入；如注销有误，请在花名册中重新登记该儿童`,
    en: `${removal.name} was taken off the roster on ${day} (${reason.en}: ${removal.note}); the row was not imported. If that was a mistake, register the child again on the roster page`,
  };
}

async function readAndCheck(
  kind: ImportKind,
  table: TableSource,
  job: ImportJobRow,
  lookups: Lookups,
  staged: LineFileWriter,
  rejected: LineFileWriter,
  progress: JobProgress,
): Promise<ReadOutcome> {
  const parser = createRowParser(kind, table.file, table.headers);
  const out: ReadOutcome = {
    rows: 0,
    accepted: 0,
    rejected: 0,
    errors: [],
    warnings: parser.headerWarnings.map(stored),
    warningCount: parser.headerWarnings.length,
    villages: new Set(),
    refusedIds: new Set(),
    removed: 0,
  };
  let rowErrors: RowError[] = [];
  const note = (errors: readonly RowError[], warnings: readonly ImportWarning[]) => {
    if (errors.length > 0) rowErrors = [...errors];
    out.warningCount += warnings.length;
    for (let i = 0; i < warnings.length && out.warnings.length < KEEP_PROBLEMS; i++)
      out.warnings.push(stored(warnings[i] as ImportWarning));
  };
  for await (const batch of table.batches()) {
    for (const raw of batch) {
      rowErrors = [];
      const record = parser.parseInto(raw, note);
      const row = record === null ? null : stage(kind, record, lookups, job, rowErrors);
      const removal = row === null ? undefined : lookups.removals.get(row.id_number as string);
      if (removal !== undefined) {
        out.removed++;
        note(NO_ERRORS, [removedWarning(raw.rowNumber, removal)]);
        continue;
      }
      if (row !== null) {
        out.accepted++;
        if (kind === 'population') out.villages.add(row.village_code as string);
        await staged.write(JSON.stringify(row));
        continue;
      }
      out.rejected++;
      if (kind === 'population') {
        const id = parser.idNumberOf(raw);
        if (id !== null) out.refusedIds.add(id);
      }
      for (let i = 0; i < rowErrors.length && out.errors.length < KEEP_PROBLEMS; i++)
        out.errors.push(stored(rowErrors[i] as RowError));
      if (rejected.lines < MAX_REJECTED_ROWS) {
        const reasons = rowErrors.map((e) => (e.column ? `${e.column}：${e.zh}` : e.zh)).join('；');
        const reasonsEn = rowErrors.map((e) => (e.column ? `${e.column}: ${e.en}` : e.en)).join('; ');
        await rejected.write(
          JSON.stringify({ r: raw.rowNumber, c: raw.cells.map(cellForJson), z: reasons, e: reasonsEn }),
        );
      }
    }
    out.rows += batch.length;
    progress.rows = out.rows;
    progress.bytes = table.bytesRead();
  }
  if (out.rows === 0) throw emptyFile(table.file, true);
  return out;
}

/** Writes the checked rows of one file: the bulk writer every import uses, the demo's included. */
export async function writeStaged(
  trx: Db,
  job: ImportJobRow,
  who: AuditWho,
  batches: AsyncIterable<string[]>,
  read: Pick<ReadOutcome, 'villages' | 'refusedIds'>,
): Promise<Record<string, number>> {
  const target = { countyCode: job.county_code, schoolYear: job.school_year, importId: job.id };
  const json = (lines: string[]) => `[${lines.join(',')}]`;
  switch (job.kind) {
    case 'population': {
      // The facts known before go aside first: a blank fact of the file takes the child's.
      await q.snapshotPriorFacts(trx, target);
      const villages = [...read.villages];
      const refused = [...read.refusedIds];
      const replaced = await q.deletePopulationOfVillages(trx, target, villages, refused);
      let inserted = 0;
      for await (const lines of batches) {
        await q.insertPopulationChunk(trx, target, json(lines));
        inserted += lines.length;
      }
      const earlierReplaced = await q.deleteEarlierRowsTheFileHas(trx, target, refused);
      const kept = await q.countKeptRows(trx, target, villages, refused);
      const all = replaced + earlierReplaced;
      return {
        inserted,
        replaced: all,
        kept: kept.hand,
        keptRefused: kept.refused,
        villages: villages.length,
      };
    }
    case 'out-of-county': {
      let written = 0;
      for await (const lines of batches) written += await q.upsertOutOfCountyChunk(trx, target, json(lines));
      return { written };
    }
    case 'exemptions': {
      let written = 0;
      for await (const lines of batches) written += await q.upsertExemptionsChunk(trx, target, json(lines));
      return { written };
    }
    case 'enrollment': {
      await q.createEnrollmentStaging(trx);
      for await (const lines of batches) await q.insertEnrollmentStagingChunk(trx, json(lines));
      const date = todayIso();
      const note = `导入 / import #${job.id}: ${job.file_name}`;
      const merged = await q.mergeEnrollment(trx, {
        ...target,
        date,
        note,
        userId: who.userId,
        username: who.username,
      });
      // The registry's changes reach the cases as a change by hand does (cases.registry.ts): the
      // open cases of pupils the file moved follow them, and a pupil it records as 辍学 gets a case.
      const followed = await followPupils(trx, who, null);
      const opened = await openDropOutCases(
        trx,
        who,
        merged.droppedOut.map((studentId) => ({ studentId, date, note })),
        date,
      );
      const casesOpened = opened.filter((o) => o.created).length;
      return {
        ...merged.counts,
        // Shown when it happened, like the other figures of what happens only now and then.
        ...(casesOpened > 0 ? { casesOpened } : {}),
        ...(followed.length > 0 ? { casesMoved: followed.length } : {}),
      };
    }
  }
}

interface Failure {
  code: string;
  zh: string;
  en: string;
}

function failureOf(error: unknown): Failure {
  if (error instanceof ImportFileError)
    return { code: error.code, zh: error.messages.zh, en: error.messages.en };
  return {
    code: 'internal',
    zh: '导入时发生内部错误，未写入任何数据，请稍后重试或联系管理员',
    en: 'An internal error stopped the import; nothing was written. Try again later or ask an administrator.',
  };
}

/**
 * Runs one import job to its end and records the outcome in its row, with an audit entry
 * in the same transaction as the data. Never throws for a bad file or bad rows: those are
 * outcomes. Returns the finished job row.
 */
export async function runImport(
  database: ImportDatabase,
  jobId: number,
  countyCode: string,
  open: () => Promise<TableSource>,
  who: AuditWho,
  progress: JobProgress,
): Promise<ImportJobRow> {
  const { db } = database;
  const job = await q.findJob(db, countyCode, jobId);
  if (!job) throw new Error(`import job ${jobId} not found`);
  progress.phase = 'reading';
  await q.updateJob(db, countyCode, jobId, { status: 'running', started_at: new Date() });
  const dir = await mkdtemp(join(tmpdir(), 'baoxue-import-'));
  const staged = new LineFileWriter(join(dir, 'staged.jsonl'));
  const rejected = new LineFileWriter(join(dir, 'rejected.jsonl'));
  let headers: string[] = [];
  let read: ReadOutcome | null = null;
  let failure: Failure | null = null;
  try {
    try {
      const lookups = await loadLookups(db, job);
      const table = await open();
      headers = [...table.headers];
      try {
        read = await readAndCheck(job.kind, table, job, lookups, staged, rejected, progress);
      } finally {
        await table.close();
      }
    } catch (error) {
      failure = failureOf(error);
      if (failure.code === 'internal') logError(`import ${jobId}`, error);
    } finally {
      await Promise.all([staged.close(), rejected.close()]);
    }
    if (read && !failure) {
      if (job.mode === 'all_or_nothing' && read.rejected > 0) {
        failure = {
          code: 'rows_invalid',
          zh: `有 ${read.rejected} 行不符合要求；按“有任何错误则全部不导入”，未写入任何数据。请下载错误报告修改后重新导入`,
          en: `${read.rejected} row(s) are not valid; under "all or nothing" nothing was written. Download the error report, fix the rows and import again`,
        };
      } else if (read.accepted === 0) {
        failure = {
          code: 'no_valid_rows',
          zh: '没有一行符合要求，未写入任何数据。请下载错误报告修改后重新导入',
          en: 'No row is valid; nothing was written. Download the error report, fix the rows and import again',
        };
      }
    }
    progress.phase = 'writing';
    const record = (outcome: ReadOutcome | null, fail: Failure | null) =>
      database.transact(async (trx) => {
        let summary: Record<string, number> = {};
        if (outcome && !fail) {
          summary = await writeStaged(trx, job, who, lineBatches(staged.path, CHUNK), outcome);
          if (job.kind === 'population') summary.removed = outcome.removed;
        }
        if (outcome) await storeRejected(trx, job, rejected.path);
        await q.updateJob(trx, countyCode, jobId, {
          status: fail ? 'failed' : 'succeeded',
          progress_rows: outcome?.rows ?? 0,
          total_rows: outcome?.rows ?? null,
          accepted_rows: fail ? 0 : (outcome?.accepted ?? 0),
          rejected_rows: outcome?.rejected ?? 0,
          warning_count: outcome?.warningCount ?? 0,
          error_code: fail?.code ?? null,
          error_zh: fail?.zh ?? null,
          error_en: fail?.en ?? null,
          headers: JSON.stringify(headers),
          errors: JSON.stringify(outcome?.errors ?? []),
          warnings: JSON.stringify(outcome?.warnings ?? []),
          summary: JSON.stringify(summary),
          finished_at: new Date(),
        });
        const entry: AuditEntry = {
          action: 'import',
          entity: 'import',
          entityId: jobId,
          after: {
            kind: job.kind,
            schoolYear: job.school_year,
            mode: job.mode,
            status: fail ? 'failed' : 'succeeded',
            ...summary,
          },
          detail: `${IMPORT_KIND_LABELS[job.kind].zh} ${job.file_name}: ${
            fail ? `未导入 / failed (${fail.code})` : `${outcome?.accepted ?? 0} 行导入 / rows imported`
          }${outcome?.rejected ? `, ${outcome.rejected} 行有误 / rows refused` : ''}`,
        };
        await writeAudit(trx, who, entry);
        return q.findJob(trx, countyCode, jobId);
      });
    let finished: ImportJobRow | undefined;
    try {
      finished = await record(read, failure);
    } catch (error) {
      // The transaction rolled back: nothing of the file was written. Say so in the job.
      logError(`import ${jobId}`, error);
      finished = await record(null, failureOf(error));
    }
    if (finished?.status === 'succeeded') await q.analyzeAfterImport(db, job.kind);
    // An enrolment import can add classes and schools' pupils: scopes, names and figures are read afresh.
    forgetCaches();
    progress.phase = 'done';
    if (!finished) throw new Error(`import job ${jobId} vanished`);
    return finished;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function storeRejected(trx: Db, job: ImportJobRow, path: string): Promise<void> {
  for await (const lines of lineBatches(path, 500)) {
    await q.insertRejectedRows(
      trx,
      lines.map((line) => {
        const r = JSON.parse(line) as { r: number; c: unknown[]; z: string; e: string };
        return {
          county_code: job.county_code,
          import_id: job.id,
          row_no: r.r,
          cells: JSON.stringify(r.c),
          reasons: r.z,
          reasons_en: r.e,
        };
      }),
    );
  }
}

/** The job run on an uploaded (or command-line) file, in its own transaction. */
export function runImportFile(
  db: Db,
  jobId: number,
  path: string,
  who: AuditWho,
  progress: JobProgress,
): Promise<ImportJobRow> {
  return runImport(
    { db, transact: (work) => db.transaction().execute(work) },
    jobId,
    who.countyCode,
    async () => {
      const job = await q.findJob(db, who.countyCode, jobId);
      return openTable(path, { fileName: job?.file_name ?? path });
    },
    who,
    progress,
  );
}

export interface DirectImport {
  kind: ImportKind;
  schoolYear: number;
  fileName: string;
  mode?: ImportMode;
  schoolCode?: string | null;
  /** The command line or the demo seeder: no user. */
  who: AuditWho;
}

/** Creates a job and runs it at once (command line, demo seeder): the same path as an upload. */
export async function importNow(
  database: ImportDatabase,
  options: DirectImport,
  open: () => Promise<TableSource>,
  progress: JobProgress = { phase: 'queued', rows: 0, bytes: 0 },
  fileBytes = 0,
): Promise<ImportJobRow> {
  const id = await q.insertJob(database.db, {
    county_code: options.who.countyCode,
    kind: options.kind,
    school_year: options.schoolYear,
    file_name: options.fileName,
    file_bytes: fileBytes,
    mode: options.mode ?? 'valid_rows',
    status: 'queued',
    school_code: options.schoolCode ?? null,
    user_id: options.who.userId,
    username: options.who.username,
  });
  return runImport(database, id, options.who.countyCode, open, options.who, progress);
}

/** Rows held in memory as a table (the demo county's rosters), in the template's column order. */
export function memoryTable(
  file: string,
  headers: readonly string[],
  rows: readonly unknown[][],
): TableSource {
  return {
    file,
    headers,
    async *batches() {
      for (let i = 0; i < rows.length; i += CHUNK) {
        yield rows.slice(i, i + CHUNK).map((cells, j) => {
          const rowNumber = i + j + 2;
          return {
            rowNumber,
            cells,
            get values() {
              return Object.fromEntries(headers.map((h, k) => [h, cells[k] ?? null]));
            },
          };
        });
      }
    },
    bytesRead: () => 0,
    close: () => Promise.resolve(),
  };
}

/** At start-up: jobs a previous process left unfinished are marked failed (nothing of them was written). */
export function recoverInterruptedImports(db: Db): Promise<void> {
  return q.failInterruptedJobs(db);
}
