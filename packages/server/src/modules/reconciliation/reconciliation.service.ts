// Reconciliation in the app (RECONCILIATION.md): the same engine file mode uses, fed from
// the database by COPY inside one repeatable-read session, its result written back by
// COPY. A run is a job: queued, reading, matching, writing, done.
import { forgetCaches } from '../../lib/caches';
import { logError } from '../../lib/log-error';
import { createHash, type Hash } from 'node:crypto';
import type { Selectable } from 'kysely';
import {
  CHILD_STATUSES,
  schoolTeaches,
  maskIdNumber,
  parseIdNumber,
  wantsFullIds,
  type AgeRange,
  type AuditEntity,
  type FullIdQuery,
  type ChildStatus,
  type CompareItem,
  type LedgerKind,
  type LedgerQuery,
  type LedgerRow,
  type OverviewReconciliation,
  type Page,
  type ReconciliationRun,
  type ReviewCandidate,
  type ReviewDecisionRequest,
  type ReviewDecisionResult,
  type ReviewItem,
  type ReviewQuery,
  type RunChild,
  type RunChildrenQuery,
  type RunComparison,
  type RunDetail,
  type RunFinding,
  type RunFindingsQuery,
  type RunListQuery,
  type SchoolType,
  type StartRunRequest,
  type StatusCounts,
} from '@baoxue/shared';
import type { Db, RequestContext } from '../../context';
import { withBulkSession, type BulkSession, type CopyValue } from '../../db/bulk';
import { AppError, detail } from '../../errors';
import type { JobProgress, JobRunner } from '../../lib/jobs';
import { systemClock, today, type Clock } from '../../lib/clock';
import { auditFor } from '../../plugins/audit';
import { notFoundOrDenied } from '../../plugins/denied';
import { openCasesOfRun } from '../cases/cases.reconciliation';
import { getSettings } from '../settings/settings.service';
import { candidateKey, childKey, createReconciler } from './engine/engine';
import type { Finding, ReconciliationResult, ReviewDecision, RecordSource } from './engine/types';
import * as q from './reconciliation.queries';
import type { ReconciliationRunTable, RunFingerprints, StoredCandidate } from './reconciliation.table';

/** A run as stored, with who started it (`authorName`). */
export type RunRow = Selectable<ReconciliationRunTable> & { author: string | null };
type ChildRow = Awaited<ReturnType<typeof q.listChildren>>[number];

/** Items of each comparison list sent at most. */
const COMPARE_LIMIT = 1_000;

export function runKey(id: number): string {
  return `reconciliation:${id}`;
}

export function emptyCounts(): StatusCounts {
  return Object.fromEntries(CHILD_STATUSES.map((s) => [s, 0])) as StatusCounts;
}

export function toRun(row: RunRow, progress?: JobProgress): ReconciliationRun {
  const live = progress && progress.phase !== 'queued';
  return {
    id: row.id,
    schoolYear: row.school_year,
    status: live && row.status === 'queued' ? 'running' : row.status,
    phase: (live ? progress.phase : row.phase) as ReconciliationRun['phase'],
    progressRows: progress?.rows ?? row.progress_rows,
    children: row.children_count,
    findings: row.findings_count,
    summary: row.summary,
    findingCounts: row.finding_counts,
    fingerprints: row.fingerprints,
    startedBy: row.author,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    durationMs: row.duration_ms,
    error: row.error_zh,
    errorEn: row.error_en,
  };
}

// ------------------------------------------------------------------ runs

/** A county administrator starts a run; it is queued behind any import or run in progress. */
export async function startRun(
  ctx: RequestContext,
  jobs: JobRunner,
  request: StartRunRequest,
): Promise<ReconciliationRun> {
  const countyCode = ctx.actor.countyCode;
  const id = await ctx.db.transaction().execute(async (trx) => {
    const runId = await q.insertRun(trx, {
      county_code: countyCode,
      school_year: request.schoolYear,
      status: 'queued',
      user_id: ctx.actor.userId,
      username: ctx.actor.username,
    });
    await auditFor(ctx, trx, {
      action: 'reconcile',
      entity: 'reconciliation_run',
      entityId: runId,
      detail: `${request.schoolYear} 学年比对 / reconciliation of school year ${request.schoolYear}`,
    });
    return runId;
  });
  const db = ctx.db;
  const clock = ctx.clock;
  void jobs.enqueue(runKey(id), (progress) =>
    executeRun(db, countyCode, id, progress, clock).then(() => undefined),
  );
  const row = await q.findRun(ctx.db, countyCode, id);
  if (!row) throw new AppError('internal');
  return toRun(row, jobs.progress(runKey(id)));
}

/** The review decisions as the engine takes them: `record_key` is `<source>:<identity number>`. */
function toDecisions(rows: Awaited<ReturnType<typeof q.allDecisions>>): ReviewDecision[] {
  const decisions: ReviewDecision[] = [];
  for (const row of rows) {
    const at = row.record_key.indexOf(':');
    const source = row.record_key.slice(0, at) as RecordSource;
    if (source !== 'enrollment' && source !== 'out_of_county' && source !== 'exemption') continue;
    decisions.push({
      childKey: row.child_key,
      source,
      idNumber: row.record_key.slice(at + 1),
      decision: row.decision,
    });
  }
  return decisions;
}

interface Fingerprinter {
  rows: number;
  hash: Hash;
}

function fingerprinter(): Fingerprinter {
  return { rows: 0, hash: createHash('sha256') };
}

function fingerprintOf(f: Fingerprinter) {
  return { rows: f.rows, sha256: f.hash.digest('hex') };
}

/**
 * Runs one reconciliation to its end and records the outcome. Never throws for a failure
 * of the run itself: that is recorded in the run's row.
 */
export async function executeRun(
  db: Db,
  countyCode: string,
  runId: number,
  progress: JobProgress,
  clock: Clock = systemClock,
): Promise<RunRow> {
  const run = await q.findRun(db, countyCode, runId);
  if (!run) throw new Error(`reconciliation run ${runId} not found`);
  const started = performance.now();
  progress.phase = 'reading';
  await q.updateRun(db, countyCode, runId, { status: 'running', phase: 'reading', started_at: new Date() });
  try {
    const settings = (await getSettings(db, countyCode)).monitoring;
    const compulsoryAge: AgeRange = { min: settings.compulsoryAgeMin, max: settings.compulsoryAgeMax };
    await q.followDecisionsOfChildrenWithoutNumber(db, countyCode, run.school_year);
    const decisionRows = await q.allDecisions(db, countyCode);
    const decisions = toDecisions(decisionRows);
    const reconciler = createReconciler({ schoolYear: run.school_year, compulsoryAge, decisions });
    const prints = {
      population: fingerprinter(),
      enrollment: fingerprinter(),
      outOfCounty: fingerprinter(),
      exemptions: fingerprinter(),
      decisions: fingerprinter(),
    };
    for (const d of decisionRows)
      prints.decisions.hash.update(`${d.child_key}\t${d.record_key}\t${d.decision}\n`);
    prints.decisions.rows = decisionRows.length;
    // One read session: the four inputs are one consistent picture of the county.
    await withBulkSession(db, { repeatableRead: true }, async (bulk) => {
      const read = readInput(bulk, progress);
      await read(q.populationInput(db, countyCode, run.school_year), prints.population, (p) =>
        reconciler.addPopulation(p),
      );
      await read(q.studentsInput(db, countyCode), prints.enrollment, (st) => {
        // A valid number gives birth date and gender, as the enrolment import's parser does.
        const id = parseIdNumber(st.id_number);
        reconciler.addEnrollment({
          row: st.id,
          name: st.name,
          idNumber: id.normalized,
          idValid: id.valid,
          birthDate: id.birthDate ?? st.birth_date,
          gender: id.gender ?? st.gender,
          schoolCode: st.school_code,
          grade: st.grade,
          status: st.status,
          mode: st.study_mode,
        });
      });
      await read(q.outOfCountyInput(db, countyCode, run.school_year), prints.outOfCounty, (o) =>
        reconciler.addOutOfCounty(o),
      );
      await read(q.exemptionsInput(db, countyCode), prints.exemptions, (x) => reconciler.addExemption(x));
    });

    progress.phase = 'matching';
    // Let a progress request in before the matching holds the thread for a moment.
    await new Promise((resolve) => setImmediate(resolve));
    const result = reconciler.finish();

    progress.phase = 'writing';
    const places = await q.placesOfCounty(db, countyCode);
    const fingerprints: RunFingerprints = {
      population: fingerprintOf(prints.population),
      enrollment: fingerprintOf(prints.enrollment),
      outOfCounty: fingerprintOf(prints.outOfCounty),
      exemptions: fingerprintOf(prints.exemptions),
      decisions: fingerprintOf(prints.decisions),
      compulsoryAge,
    };
    // The results go in by COPY first, under a run not yet marked done (nothing reads a
    // run's lists before it has succeeded); then the run is marked and its cases opened
    // in one transaction. A failure in between drops the results again (below).
    await withBulkSession(db, {}, async (bulk) => {
      await bulk.copyIn(
        'reconciliation_children',
        q.CHILD_COLUMNS,
        childRows(countyCode, runId, result, places),
      );
      await bulk.copyIn(
        'reconciliation_findings',
        q.FINDING_COLUMNS,
        findingRows(countyCode, runId, result.findings),
      );
    });
    await db.transaction().execute(async (trx) => {
      const findingCounts: Record<string, number> = {};
      for (const f of result.findings) findingCounts[f.code] = (findingCounts[f.code] ?? 0) + 1;
      await q.updateRun(trx, countyCode, runId, {
        status: 'succeeded',
        phase: 'done',
        progress_rows: progress.rows,
        children_count: result.children.length,
        findings_count: result.findings.length,
        summary: JSON.stringify(result.summary),
        finding_counts: JSON.stringify(findingCounts),
        fingerprints: JSON.stringify(fingerprints),
        finished_at: new Date(),
        duration_ms: Math.round(performance.now() - started),
      });
      // Each suspected out-of-school child gets a case (一人一案) with the run's results.
      await openCasesOfRun(trx, countyCode, { id: runId, schoolYear: run.school_year }, today(clock));
    });
    await q.analyzeResults(db);
  } catch (error) {
    logError(`reconciliation run ${runId}`, error);
    await q.deleteRunResults(db, countyCode, [runId]);
    await q.updateRun(db, countyCode, runId, {
      status: 'failed',
      phase: 'done',
      error_zh: '比对时发生内部错误，未保存结果，请稍后重试或联系管理员',
      error_en:
        'An internal error stopped the run; no result was kept. Try again later or ask an administrator.',
      finished_at: new Date(),
      duration_ms: Math.round(performance.now() - started),
    });
  }
  // The run's statuses feed kept figures (the overview): read afresh.
  forgetCaches();
  progress.phase = 'done';
  const finished = await q.findRun(db, countyCode, runId);
  if (!finished) throw new Error(`reconciliation run ${runId} vanished`);
  return finished;
}

type Places = Awaited<ReturnType<typeof q.placesOfCounty>>;

/** Primary schools before nine-year schools before teaching points; special schools last. */
const TYPE_RANK: Partial<Record<SchoolType, number>> = {
  primary: 0,
  junior: 0,
  nine_year: 1,
  complete_secondary: 1,
  twelve_year: 2,
  teaching_point: 3,
  special: 9,
};

/**
 * The education line of a child: among the schools serving the village, one that teaches
 * the grade usual for the child's age (6 → grade 1 … 14 and over → grade 9).
 */
function responsibleSchools(places: Places): (village: string | null, age: number) => string | null {
  const byVillage = new Map<string, { code: string; type: SchoolType }[]>();
  for (const a of places.areas) {
    const list = byVillage.get(a.village_code) ?? [];
    list.push({ code: a.code, type: a.type as SchoolType });
    byVillage.set(a.village_code, list);
  }
  for (const list of byVillage.values()) {
    list.sort((a, b) => (TYPE_RANK[a.type] ?? 5) - (TYPE_RANK[b.type] ?? 5) || (a.code < b.code ? -1 : 1));
  }
  return (village, age) => {
    if (village === null) return null;
    const schools = byVillage.get(village);
    if (!schools) return null;
    const grade = Math.min(9, Math.max(1, age - 5));
    const teaching = schools.find((s) => schoolTeaches(s.type, grade));
    return teaching?.code ?? schools.find((s) => s.type !== 'kindergarten')?.code ?? null;
  };
}

/**
 * Reads one input by COPY into `onRow`. Its fingerprint is the SHA-256 of the COPY text
 * itself: every field the engine reads (the rows' ids among them), in id order, hashed
 * as it arrives, with no text made again per row to hash.
 */
function readInput(bulk: BulkSession, progress: JobProgress) {
  return async <R>(
    source: q.InputSource<R>,
    print: Fingerprinter,
    onRow: (row: R) => void,
  ): Promise<void> => {
    for await (const batch of bulk.copyOut(source.query, (bytes) => print.hash.update(bytes))) {
      for (const values of batch) onRow(source.row(values));
      print.rows += batch.length;
      progress.rows += batch.length;
    }
  };
}

/** The children of a run as rows of `q.CHILD_COLUMNS`, each with its population row (`row` is its id). */
function* childRows(
  countyCode: string,
  runId: number,
  result: ReconciliationResult,
  places: Places,
): Iterable<CopyValue[]> {
  const townOf = new Map(places.villages.map((v) => [v.code, v.parent_code]));
  const schoolFor = responsibleSchools(places);
  for (let i = 0; i < result.children.length; i++) {
    const child = result.children[i]!;
    const origin = result.originOf(i);
    yield [
      countyCode,
      runId,
      // From 1: with the run, the child's key and its id in the API (a positive number).
      i + 1,
      childKey({ idNumber: child.idNumber ?? '', row: origin.row }),
      child.idNumber,
      child.name,
      origin.gender,
      origin.birthDate,
      child.age,
      child.villageCode,
      child.villageCode === null ? null : (townOf.get(child.villageCode) ?? null),
      child.status,
      child.schoolCode,
      schoolFor(child.villageCode, child.age),
      jsonList(child.flags),
      jsonList(child.candidates),
      origin.row,
    ];
  }
}

/** Most children have no flag and no candidate: their lists need no stringifying. */
function jsonList(items: readonly unknown[]): string {
  return items.length === 0 ? '[]' : JSON.stringify(items);
}

/** The findings of a run as rows of `q.FINDING_COLUMNS`. */
function* findingRows(
  countyCode: string,
  runId: number,
  findings: readonly Finding[],
): Iterable<CopyValue[]> {
  for (let seq = 0; seq < findings.length; seq++) {
    const f = findings[seq]!;
    let villageCodes: (string | null)[] = [];
    let schoolCodes: string[] = [];
    let grade: number | null = null;
    let age: number | null = null;
    let count: number | null = null;
    switch (f.code) {
      case 'invalid_id':
        if (f.source === 'population') villageCodes = f.villageCode === null ? [] : [f.villageCode];
        else schoolCodes = [f.schoolCode];
        break;
      case 'enrolled_not_in_population':
        schoolCodes = [f.schoolCode];
        grade = f.grade;
        break;
      case 'duplicate_enrollment':
        schoolCodes = f.schoolCodes;
        break;
      case 'duplicate_population':
        villageCodes = f.villageCodes.filter((v) => v !== null);
        count = f.count;
        break;
      case 'over_age':
        schoolCodes = [f.schoolCode];
        grade = f.grade;
        age = f.age;
        break;
    }
    yield [
      countyCode,
      runId,
      seq,
      f.code,
      f.code === 'invalid_id' ? f.source : null,
      f.idNumber,
      f.name,
      jsonList(villageCodes),
      jsonList(schoolCodes),
      grade,
      age,
      count,
    ];
  }
}

export function recoverInterruptedRuns(db: Db): Promise<void> {
  return q.failInterruptedRuns(db);
}

// ------------------------------------------------------------- reading

async function findRun(ctx: RequestContext, id: number): Promise<RunRow> {
  const row = await q.findRun(ctx.db, ctx.actor.countyCode, id);
  if (!row) throw new AppError('not_found');
  return row;
}

/** A finished run, or 404: the lists of a run exist only once it has succeeded. */
async function finishedRun(ctx: RequestContext, id: number): Promise<RunRow> {
  const row = await findRun(ctx, id);
  if (row.status !== 'succeeded') throw new AppError('not_found');
  return row;
}

export async function listRuns(
  ctx: RequestContext,
  jobs: JobRunner,
  query: RunListQuery,
): Promise<Page<ReconciliationRun>> {
  const { page, pageSize, schoolYear } = query;
  const [total, rows] = await Promise.all([
    q.countRuns(ctx.db, ctx.actor.countyCode, schoolYear),
    q.listRuns(ctx.db, ctx.actor.countyCode, schoolYear, { limit: pageSize, offset: (page - 1) * pageSize }),
  ]);
  const items = await runsAsSeenBy(ctx, rows, jobs);
  return { items, total, page, pageSize };
}

/**
 * Runs with the counts of the user's scope: a county user's are the county's; a town,
 * village, zone or school user's are their own, so that every count on the runs page (and
 * on each finding code) is the number of rows its link opens, never the county's. One
 * query per kind of count, for all the runs at once.
 */
async function runsAsSeenBy(
  ctx: RequestContext,
  rows: readonly RunRow[],
  jobs: JobRunner,
): Promise<ReconciliationRun[]> {
  const runs = rows.map((row) => toRun(row, jobs.progress(runKey(row.id))));
  const done = rows.filter((row) => row.status === 'succeeded').map((row) => row.id);
  if (ctx.actor.scope.kind === 'county' || done.length === 0) return runs;
  const [statuses, findings] = await Promise.all([
    q.statusCountsOfRuns(ctx.db, ctx.actor.scope, done),
    q.findingCountsOfRuns(ctx.db, ctx.actor.scope, done),
  ]);
  return runs.map((run) => {
    if (!done.includes(run.id)) return run;
    const summary = emptyCounts();
    for (const r of statuses) if (r.run_id === run.id) summary[r.status] += Number(r.n);
    const findingCounts: Record<string, number> = {};
    for (const r of findings) if (r.run_id === run.id) findingCounts[r.code] = Number(r.n);
    return { ...run, children: total(summary), findings: total(findingCounts), summary, findingCounts };
  });
}

function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

export async function runDetail(ctx: RequestContext, jobs: JobRunner, id: number): Promise<RunDetail> {
  const [run] = await runsAsSeenBy(ctx, [await findRun(ctx, id)], jobs);
  // The summary is already the scope's (a county user's scope is the county).
  return { ...run!, scopedSummary: run!.summary };
}

/** Full identity numbers only in exports by users allowed to see them (and then audited). */
function shownId(id: string | null, full: boolean): string | null {
  if (id === null) return null;
  return full ? id : maskIdNumber(id);
}

function toChild(row: ChildRow, fullIds = false): RunChild {
  return {
    id: row.id,
    runId: row.run_id,
    idNumberMasked: shownId(row.id_number, fullIds),
    name: row.name,
    gender: row.gender,
    birthDate: row.birth_date,
    age: row.age,
    townCode: row.town_code,
    townName: row.town_name,
    villageCode: row.village_code,
    villageName: row.village_name,
    status: row.status,
    schoolCode: row.school_code,
    schoolName: row.school_name,
    responsibleSchoolCode: row.responsible_school_code,
    responsibleSchoolName: row.responsible_school_name,
    flags: row.flags,
    candidateCount: row.candidates.length,
    populationId: row.current_population_id,
    guardianName: row.guardian_name,
    guardianPhone: row.guardian_phone,
  };
}

function toLedger(row: ChildRow, fullIds = false): LedgerRow {
  return {
    ...toChild(row, fullIds),
    governmentLine: {
      townCode: row.town_code,
      townName: row.town_name,
      villageCode: row.village_code,
      villageName: row.village_name,
    },
    educationLine: { schoolCode: row.responsible_school_code, schoolName: row.responsible_school_name },
  };
}

function childFilter(query: Omit<RunChildrenQuery, 'page' | 'pageSize' | 'format'>): q.ChildFilter {
  return {
    status: query.status,
    flag: query.flag,
    townCode: query.townCode,
    villageCode: query.villageCode,
    schoolCode: query.schoolCode,
    q: query.q,
  };
}

export async function runChildren(
  ctx: RequestContext,
  runId: number,
  query: RunChildrenQuery,
): Promise<Page<RunChild>> {
  await finishedRun(ctx, runId);
  const { page, pageSize } = query;
  const filter = childFilter(query);
  const [total, rows] = await Promise.all([
    q.countChildren(ctx.db, ctx.actor.scope, runId, filter),
    q.listChildren(ctx.db, ctx.actor.scope, runId, filter, {
      limit: pageSize,
      offset: (page - 1) * pageSize,
    }),
  ]);
  return { items: rows.map((r) => toChild(r)), total, page, pageSize };
}

/**
 * Every matching child for an export. Users who may see full identity numbers get them when
 * they ask (`fullId`), and the export is audited as a full-identity view; masked otherwise.
 */
export async function exportChildren(
  ctx: RequestContext,
  runId: number,
  query: Omit<RunChildrenQuery, 'page' | 'pageSize' | 'format'>,
  what: string,
): Promise<{ run: RunRow; rows: RunChild[]; fullIds: boolean }> {
  const run = await finishedRun(ctx, runId);
  const rows = await q.listChildren(ctx.db, ctx.actor.scope, runId, childFilter(query), null, 'town');
  const fullIds = await auditExport(ctx, 'reconciliation_run', runId, what, query, rows.length);
  return { run, rows: rows.map((r) => toChild(r, fullIds)), fullIds };
}

async function auditExport(
  ctx: RequestContext,
  entity: AuditEntity,
  entityId: number | string,
  what: string,
  query: FullIdQuery,
  rows: number,
): Promise<boolean> {
  const fullIds = wantsFullIds(query, ctx.actor.canViewFullId);
  await ctx.db.transaction().execute(async (trx) => {
    await auditFor(ctx, trx, {
      action: 'export',
      entity,
      entityId,
      detail: `${what} ${JSON.stringify(query)} (${rows})`,
    });
    if (fullIds) {
      await auditFor(ctx, trx, {
        action: 'view_identity',
        entity,
        entityId,
        detail: `${what}: 导出完整身份证号 / full identity numbers exported (${rows})`,
      });
    }
  });
  return fullIds;
}

export async function runLedger(
  ctx: RequestContext,
  runId: number,
  ledger: LedgerKind,
  query: LedgerQuery,
): Promise<Page<LedgerRow>> {
  await finishedRun(ctx, runId);
  const { page, pageSize } = query;
  const filter = ledgerFilter(ledger, query);
  const [total, rows] = await Promise.all([
    q.countChildren(ctx.db, ctx.actor.scope, runId, filter),
    q.listChildren(
      ctx.db,
      ctx.actor.scope,
      runId,
      filter,
      { limit: pageSize, offset: (page - 1) * pageSize },
      'town',
    ),
  ]);
  return { items: rows.map((r) => toLedger(r)), total, page, pageSize };
}

function ledgerFilter(
  ledger: LedgerKind,
  query: Omit<LedgerQuery, 'page' | 'pageSize' | 'format'>,
): q.ChildFilter {
  return {
    townCode: query.townCode,
    villageCode: query.villageCode,
    schoolCode: query.schoolCode,
    ...(ledger === 'suspected' ? { status: 'suspected_out_of_school' as const } : {}),
  };
}

export async function exportLedger(
  ctx: RequestContext,
  runId: number,
  ledger: LedgerKind,
  query: Omit<LedgerQuery, 'page' | 'pageSize' | 'format'>,
): Promise<{ run: RunRow; rows: LedgerRow[] }> {
  const run = await finishedRun(ctx, runId);
  const rows = await q.listChildren(
    ctx.db,
    ctx.actor.scope,
    runId,
    ledgerFilter(ledger, query),
    null,
    'town',
  );
  const fullIds = await auditExport(ctx, 'reconciliation_run', runId, `ledger ${ledger}`, query, rows.length);
  return { run, rows: rows.map((r) => toLedger(r, fullIds)) };
}

export async function runFindings(
  ctx: RequestContext,
  runId: number,
  query: RunFindingsQuery,
): Promise<Page<RunFinding>> {
  await finishedRun(ctx, runId);
  const { page, pageSize, code, schoolCode, townCode } = query;
  const filter = { code, schoolCode, townCode };
  const [total, rows, names] = await Promise.all([
    q.countFindings(ctx.db, ctx.actor.scope, runId, filter),
    q.listFindings(ctx.db, ctx.actor.scope, runId, filter, {
      limit: pageSize,
      offset: (page - 1) * pageSize,
    }),
    q.namesOf(ctx.db, ctx.actor.countyCode),
  ]);
  return { items: rows.map((r) => toFinding(r, names)), total, page, pageSize };
}

export async function exportFindings(
  ctx: RequestContext,
  runId: number,
  query: Omit<RunFindingsQuery, 'page' | 'pageSize' | 'format'>,
): Promise<RunFinding[]> {
  await finishedRun(ctx, runId);
  const [rows, names] = await Promise.all([
    q.listFindings(ctx.db, ctx.actor.scope, runId, query, null),
    q.namesOf(ctx.db, ctx.actor.countyCode),
  ]);
  const fullIds = await auditExport(ctx, 'reconciliation_run', runId, 'findings', query, rows.length);
  return rows.map((r) => toFinding(r, names, fullIds));
}

function toFinding(
  row: Awaited<ReturnType<typeof q.listFindings>>[number],
  names: Awaited<ReturnType<typeof q.namesOf>>,
  fullIds = false,
): RunFinding {
  const villages = row.village_codes.filter((v): v is string => v !== null);
  return {
    id: row.id,
    runId: row.run_id,
    code: row.code,
    source: row.source,
    idNumberMasked: shownId(row.id_number, fullIds),
    name: row.name,
    villageCodes: villages,
    villageNames: villages.map((v) => names.regions.get(v) ?? v),
    schoolCodes: row.school_codes,
    schoolNames: row.school_codes.map((s) => names.schools.get(s) ?? s),
    grade: row.grade,
    age: row.age,
    count: row.count,
  };
}

// ------------------------------------------------------------ comparison

export async function compareRuns(
  ctx: RequestContext,
  jobs: JobRunner,
  fromId: number,
  toId: number,
): Promise<RunComparison> {
  const [from, to] = await Promise.all([finishedRun(ctx, fromId), finishedRun(ctx, toId)]);
  const [earlier, later] = await runsAsSeenBy(ctx, [from, to], jobs);
  const scope = ctx.actor.scope;
  const [outItems, outTotal, backItems, backTotal] = await Promise.all([
    q.newlyOutOfSchool(ctx.db, scope, fromId, toId, COMPARE_LIMIT),
    q.countNewlyOutOfSchool(ctx.db, scope, fromId, toId),
    q.newlyAccountedFor(ctx.db, scope, fromId, toId, COMPARE_LIMIT),
    q.countNewlyAccountedFor(ctx.db, scope, fromId, toId),
  ]);
  const item = (r: (typeof outItems)[number]): CompareItem => ({
    childId: r.id,
    name: r.name,
    idNumberMasked: shownId(r.id_number, false),
    villageCode: r.village_code,
    villageName: r.village_name,
    townName: r.town_name,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    schoolCode: r.school_code,
    schoolName: r.school_name,
  });
  return {
    from: earlier!,
    to: later!,
    newlyOutOfSchool: { total: outTotal, items: outItems.map(item) },
    newlyAccountedFor: { total: backTotal, items: backItems.map(item) },
  };
}

// ---------------------------------------------------------------- reviews

/** The run a review list or ledger defaults to: the latest successful one of the current school year. */
export async function latestRun(ctx: RequestContext, schoolYear?: number): Promise<RunRow | undefined> {
  const year = schoolYear ?? (await getSettings(ctx.db, ctx.actor.countyCode)).monitoring.currentSchoolYear;
  return q.latestSucceededRun(ctx.db, ctx.actor.countyCode, year);
}

export async function reviewQueue(ctx: RequestContext, query: ReviewQuery): Promise<Page<ReviewItem>> {
  const { page, pageSize } = query;
  const run = query.runId !== undefined ? await finishedRun(ctx, query.runId) : await latestRun(ctx);
  if (!run) return { items: [], total: 0, page, pageSize };
  const filter: q.ChildFilter = {
    status: 'needs_review',
    townCode: query.townCode,
    villageCode: query.villageCode,
    undecided: query.pending === 'true',
  };
  const [total, rows] = await Promise.all([
    q.countChildren(ctx.db, ctx.actor.scope, run.id, filter),
    q.listChildren(ctx.db, ctx.actor.scope, run.id, filter, {
      limit: pageSize,
      offset: (page - 1) * pageSize,
    }),
  ]);
  const ids = { enrollment: [] as string[], outOfCounty: [] as string[], exemption: [] as string[] };
  for (const row of rows) {
    for (const c of row.candidates) {
      if (c.source === 'enrollment') ids.enrollment.push(c.idNumber);
      else if (c.source === 'out_of_county') ids.outOfCounty.push(c.idNumber);
      else ids.exemption.push(c.idNumber);
    }
  }
  const [records, decisions] = await Promise.all([
    q.candidateRecords(ctx.db, ctx.actor.countyCode, run.school_year, ids),
    q.decisionsOf(
      ctx.db,
      ctx.actor.countyCode,
      rows.map((r) => r.child_key),
    ),
  ]);
  const decided = new Map(decisions.map((d) => [`${d.child_key}|${d.record_key}`, d]));
  const items = rows.map(
    (row): ReviewItem => ({
      runId: run.id,
      childId: row.id,
      child: {
        name: row.name,
        idNumberMasked: shownId(row.id_number, false),
        gender: row.gender,
        birthDate: row.birth_date,
        age: row.age,
        villageCode: row.village_code,
        villageName: row.village_name,
        townName: row.town_name,
        householdNo: row.household_no,
        guardianName: row.guardian_name,
        guardianPhone: row.guardian_phone,
      },
      candidates: row.candidates.map((c, i) =>
        toCandidate(
          c,
          i,
          row.id_number,
          records,
          decided.get(`${row.child_key}|${candidateKey(c.source, c.idNumber)}`),
        ),
      ),
    }),
  );
  return { items, total, page, pageSize };
}

/**
 * The places (from 1) where two numbers of one length differ, when they are one typo apart
 * (one character, or two swapped: RECONCILIATION.md's near numbers), whichever rule found the
 * candidate; none otherwise: another child's number differs nearly everywhere.
 */
function typoPlaces(a: string | null, b: string): number[] {
  if (a === null || a.length !== b.length) return [];
  const places: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) places.push(i + 1);
  return places.length <= 2 ? places : [];
}

function toCandidate(
  c: StoredCandidate,
  index: number,
  childIdNumber: string | null,
  records: Awaited<ReturnType<typeof q.candidateRecords>>,
  decision: Awaited<ReturnType<typeof q.decisionsOf>>[number] | undefined,
): ReviewCandidate {
  const parsed = parseIdNumber(c.idNumber);
  const places = typoPlaces(childIdNumber, c.idNumber);
  const base: ReviewCandidate = {
    recordKey: `c${index}`,
    source: c.source,
    rule: c.rule,
    name: c.name,
    idNumberMasked: maskIdNumber(c.idNumber),
    idDiffersAt: places,
    idDiffersBy: {
      child: places.map((p) => childIdNumber?.[p - 1] ?? ''),
      record: places.map((p) => c.idNumber[p - 1] ?? ''),
    },
    gender: parsed.gender,
    birthDate: parsed.birthDate,
    schoolCode: c.schoolCode,
    schoolName: null,
    grade: null,
    enrollmentStatus: null,
    outOfCountySchool: null,
    outOfCountyRegion: null,
    exemptionType: null,
    exemptionYear: null,
    decision: decision?.decision ?? null,
    decidedBy: decision?.author ?? null,
    decidedAt: decision?.decided_at.toISOString() ?? null,
  };
  if (c.source === 'enrollment') {
    const st =
      records.students.find((s) => s.id_number === c.idNumber && s.school_code === c.schoolCode) ??
      records.students.find((s) => s.id_number === c.idNumber);
    if (st) {
      Object.assign(base, {
        gender: base.gender ?? st.gender,
        birthDate: base.birthDate ?? st.birth_date,
        schoolCode: st.school_code,
        schoolName: st.school_name,
        grade: st.grade,
        enrollmentStatus: st.status,
      });
    }
  } else if (c.source === 'out_of_county') {
    const o = records.outOfCounty.find((r) => r.id_number === c.idNumber);
    if (o) Object.assign(base, { outOfCountySchool: o.school, outOfCountyRegion: o.region });
  } else {
    const x = records.exemptions.find((r) => r.id_number === c.idNumber);
    if (x) Object.assign(base, { exemptionType: x.type, exemptionYear: x.school_year });
  }
  return base;
}

/** A child of a run as the audit log names it: its id is only its place in the run. */
function childRef(runId: number, childId: number): string {
  return `${runId}:${childId}`;
}

/**
 * A person confirms or rejects one candidate link. The decision is kept under the child's
 * key and the record's key, so every later run uses it (RECONCILIATION.md); this run's
 * result stays as it was computed.
 */
export async function decide(
  ctx: RequestContext,
  request: ReviewDecisionRequest,
): Promise<ReviewDecisionResult> {
  await finishedRun(ctx, request.runId);
  const [row] = await q.listChildren(ctx.db, ctx.actor.scope, request.runId, { id: request.childId }, null);
  if (!row) {
    throw await notFoundOrDenied(ctx, 'reconciliation_child', childRef(request.runId, request.childId), () =>
      q.childExists(ctx.db, ctx.actor.countyCode, request.runId, request.childId),
    );
  }
  const index = /^c(\d+)$/.exec(request.recordKey)?.[1];
  const candidate = index === undefined ? undefined : row.candidates[Number(index)];
  if (!candidate) {
    throw new AppError('validation', [
      detail('body.recordKey', '该儿童没有这个候选记录', 'The child has no such candidate record'),
    ]);
  }
  const recordKey = candidateKey(candidate.source, candidate.idNumber);
  const saved = await ctx.db.transaction().execute(async (trx) => {
    const before = await q.findDecision(trx, ctx.actor.countyCode, row.child_key, recordKey);
    const after = await q.upsertDecision(trx, {
      county_code: ctx.actor.countyCode,
      child_key: row.child_key,
      record_key: recordKey,
      decision: request.decision,
      note: request.note ?? null,
      run_id: request.runId,
      user_id: ctx.actor.userId,
      username: ctx.actor.username,
      decided_at: new Date(),
    });
    await auditFor(ctx, trx, {
      action: 'review',
      entity: 'reconciliation_child',
      entityId: childRef(request.runId, row.id),
      before: before ? { decision: before.decision, by: before.username } : null,
      after: {
        decision: after.decision,
        source: candidate.source,
        rule: candidate.rule,
        runId: request.runId,
      },
      detail: `${row.name} ↔ ${candidate.name} (${candidate.source})`,
    });
    return after;
  });
  return {
    runId: request.runId,
    childId: row.id,
    recordKey: request.recordKey,
    decision: saved.decision,
    decidedBy: ctx.actor.displayName,
    decidedAt: saved.decided_at.toISOString(),
  };
}

// --------------------------------------------------------------- overview

/** The row of children living outside the user's towns whom the user's schools answer for. */
const OUTSIDE_TOWNS = 'outside';

/** Towns in code order, then the other towns' row, then children of no known town. */
function townRowOrder(a: string, b: string): number {
  const rank = (code: string) => (code === '' ? 2 : code === OUTSIDE_TOWNS ? 1 : 0);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/**
 * Per town, the latest run's children by status within the user's scope; null without a run.
 * A user who answers for towns (a town official, an inspector's zone) has a row per town of
 * theirs and one row for the children of other towns at their schools; a user whose scope is
 * schools or villages has a row per town their children live in.
 */
export async function overviewReconciliation(ctx: RequestContext): Promise<OverviewReconciliation | null> {
  const run = await latestRun(ctx);
  if (!run) return null;
  const [counts, towns] = await Promise.all([
    q.statusCountsByTown(ctx.db, ctx.actor.scope, run.id),
    q.townsInScope(ctx.db, ctx.actor.scope),
  ]);
  const ownTowns = new Map(towns.map((t) => [t.code, t.name]));
  const byTown = new Map<string, StatusCounts>(towns.map((t) => [t.code, emptyCounts()]));
  const rowOf = (town: string | null) =>
    town === null ? '' : ownTowns.size === 0 || ownTowns.has(town) ? town : OUTSIDE_TOWNS;
  const totals = emptyCounts();
  for (const row of counts) {
    const code = rowOf(row.town_code);
    const statuses = byTown.get(code) ?? emptyCounts();
    byTown.set(code, statuses);
    statuses[row.status as ChildStatus] += Number(row.n);
    totals[row.status as ChildStatus] += Number(row.n);
  }
  const named = (code: string) => ownTowns.has(code) || code === '' || code === OUTSIDE_TOWNS;
  const otherNames = [...byTown.keys()].every(named)
    ? null
    : (await q.namesOf(ctx.db, ctx.actor.countyCode)).regions;
  const nameOf = (code: string) =>
    ownTowns.get(code) ??
    otherNames?.get(code) ??
    (code === '' ? '未落户到村' : code === OUTSIDE_TOWNS ? '外镇(街道)户籍' : code);
  return {
    runId: run.id,
    schoolYear: run.school_year,
    finishedAt: run.finished_at?.toISOString() ?? null,
    totals,
    byTown: [...byTown.entries()]
      .sort(([a], [b]) => townRowOrder(a, b))
      .map(([code, statuses]) => ({ code, name: nameOf(code), statuses, outside: code === OUTSIDE_TOWNS })),
  };
}
