import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHILD_STATUSES,
  ENROLLMENT_STATUS_LABELS,
  type ChildRecord,
  STUDY_MODE_LABELS,
  gradeLabel,
  makeIdNumber,
  parseIdNumber,
  type LedgerRow,
  type Overview,
  type OverviewReconciliation,
  type Page,
  type ReconciliationRun,
  type ReviewItem,
  type RunChild,
  type RunComparison,
  type RunDetail,
  type RunFinding,
  type StatusCounts,
} from '@baoxue/shared';
import { login, type Client } from '../../../test/app';
import { databaseKinds } from '../../../test/db';
import { createDemoApp, type DemoApp } from '../../../test/demo-app';
import { csvBuffer, sheetRows } from '../../../test/imports';
import { DEMO_PASSWORD, generateDemoCounty, type DemoCounty } from '../../demo/generate';
import type { ReconciliationResult } from './engine/types';
import { reconcileFiles } from './file-mode';

/** The demo county's rosters as the files a county clerk would hold. */
function writeRosterFiles(demo: DemoCounty, dir: string) {
  const file = (name: string, rows: string[][]) => {
    const path = join(dir, name);
    writeFileSync(path, csvBuffer(rows));
    return path;
  };
  const yes = (b: boolean) => (b ? '是' : '否');
  return {
    population: file('population.csv', [
      [
        '姓名',
        '性别',
        '身份证号',
        '出生日期',
        '区划代码',
        '户号',
        '监护人姓名',
        '建档立卡',
        '留守儿童',
        '残疾类别',
        '残疾等级',
      ],
      ...demo.population.map((p) => [
        p.name,
        p.gender === 'M' ? '男' : '女',
        p.idNumber,
        p.birthDate,
        p.villageCode,
        p.householdNo,
        p.guardianName,
        yes(p.povertyRegistered),
        yes(p.leftBehind),
        p.disabilityCategory ?? '',
        p.disabilityLevel ?? '',
      ]),
    ]),
    enrollment: file('enrollment.csv', [
      ['姓名', '性别', '身份证号', '学校标识码', '年级', '学籍状态', '就读方式'],
      ...demo.tables.students.map((s) => [
        s.name,
        s.gender === 'M' ? '男' : '女',
        s.id_number,
        s.school_code,
        gradeLabel(s.grade),
        ENROLLMENT_STATUS_LABELS[s.status].zh,
        STUDY_MODE_LABELS[s.study_mode].zh,
      ]),
    ]),
    outOfCounty: file('out-of-county.csv', [
      ['姓名', '身份证号', '就读学校', '就读地区', '年级', '核实方式', '核实日期'],
      ...demo.outOfCounty.map((o) => [
        o.name,
        o.idNumber,
        o.school,
        o.region,
        o.grade === null ? '' : gradeLabel(o.grade),
        o.verificationMethod,
        o.verificationDate,
      ]),
    ]),
    exemptions: file('exemptions.csv', [
      ['姓名', '身份证号', '类型', '原因', '批准文号', '学年'],
      ...demo.exemptions.map((x) => [
        x.name,
        x.idNumber,
        x.type,
        x.reason,
        x.approvalNo ?? '',
        String(x.schoolYear),
      ]),
    ]),
  };
}

let demo: DemoCounty;
let fileResult: ReconciliationResult;

beforeAll(async () => {
  demo = generateDemoCounty({ scale: 0.25 });
  const dir = mkdtempSync(join(tmpdir(), 'bx-recon-'));
  const files = writeRosterFiles(demo, dir);
  const out = join(dir, 'result.json');
  await reconcileFiles({ schoolYear: demo.schoolYear, ...files, out });
  fileResult = JSON.parse(await readFile(out, 'utf8')) as ReconciliationResult;
}, 60_000);

describe.each(databaseKinds())('reconciliation in the app on %s', (kind) => {
  let t: DemoApp;
  let admin: Client;
  let town: Client;
  let teacher: Client;
  let first: ReconciliationRun;

  const run = async (): Promise<ReconciliationRun> => {
    const res = await admin.request('POST', '/api/reconciliation/runs', { schoolYear: demo.schoolYear });
    expect(res.statusCode, res.body).toBe(202);
    const queued = res.json<ReconciliationRun>();
    await t.app.jobs.idle();
    return (await admin.request('GET', `/api/reconciliation/runs/${queued.id}`)).json<ReconciliationRun>();
  };

  beforeAll(async () => {
    t = await createDemoApp(kind, 0.25, demo);
    admin = await login(t.app, 'admin', DEMO_PASSWORD);
    town = await login(t.app, 'town', DEMO_PASSWORD);
    teacher = await login(t.app, 'teacher', DEMO_PASSWORD);
    // The enrolment format has no birth-date column: a student whose number is not valid
    // has no birth date in the file. The registry is made to hold what the file holds.
    const students = await t.database.db.selectFrom('students').select(['id', 'id_number']).execute();
    const invalid = students.filter((s) => !parseIdNumber(s.id_number).valid).map((s) => s.id);
    if (invalid.length > 0)
      await t.database.db
        .updateTable('students')
        .set({ birth_date: null })
        .where('id', 'in', invalid)
        .execute();
    const started = performance.now();
    first = await run();
    console.info(
      `[reconciliation] ${kind}: in-app run over ${first.children} children in ${Math.round(performance.now() - started)} ms`,
    );
  }, 180_000);
  afterAll(async () => t?.close());

  it('succeeds and keeps its inputs’ fingerprints, who (by name) and when', () => {
    const adminName = demo.accounts.find((a) => a.username === 'admin')?.displayName;
    expect(adminName).toBeTruthy();
    expect(first).toMatchObject({
      status: 'succeeded',
      phase: 'done',
      startedBy: adminName,
      schoolYear: demo.schoolYear,
    });
    expect(first.fingerprints?.population.rows).toBe(demo.population.length);
    expect(first.fingerprints?.enrollment.rows).toBe(demo.tables.students.length);
    expect(first.fingerprints?.population.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(first.fingerprints?.population.sha256).not.toBe(first.fingerprints?.enrollment.sha256);
    expect(first.finishedAt).not.toBeNull();
  });

  it('gives exactly the result file mode gives for the same rosters', async () => {
    expect(first.summary).toEqual(fileResult.summary);
    expect(first.children).toBe(fileResult.children.length);
    const children = await t.database.db
      .selectFrom('reconciliation_children')
      .select(['id_number', 'name', 'age', 'village_code', 'status', 'school_code', 'flags', 'candidates'])
      .where('run_id', '=', first.id)
      .orderBy('seq')
      .execute();
    expect(
      children.map((c) => ({
        idNumber: c.id_number,
        name: c.name,
        age: c.age,
        villageCode: c.village_code,
        status: c.status,
        schoolCode: c.school_code,
        flags: c.flags,
        candidates: c.candidates,
      })),
    ).toEqual(fileResult.children);
    const findings = await t.database.db
      .selectFrom('reconciliation_findings')
      .select(['code', 'id_number', 'name'])
      .where('run_id', '=', first.id)
      .orderBy('seq')
      .execute();
    expect(findings.map((f) => [f.code, f.id_number, f.name])).toEqual(
      fileResult.findings.map((f) => [f.code, f.idNumber, f.name]),
    );
  });

  it('keeps each child with the population row it was taken from, the lowest of its number', async () => {
    const children = await t.database.db
      .selectFrom('reconciliation_children as rc')
      .innerJoin('population as p', (j) =>
        j.onRef('p.county_code', '=', 'rc.county_code').onRef('p.id', '=', 'rc.population_id'),
      )
      .select(['rc.child_key', 'rc.id_number', 'rc.gender', 'rc.birth_date', 'p.id', 'p.gender as p_gender'])
      .select('p.birth_date as p_birth_date')
      .where('rc.run_id', '=', first.id)
      .execute();
    expect(children).toHaveLength(fileResult.children.length);
    const lowest = new Map<string, number>();
    const population = await t.database.db
      .selectFrom('population')
      .select(['id', 'id_number'])
      .orderBy('id')
      .execute();
    for (const p of population) if (!lowest.has(p.id_number)) lowest.set(p.id_number, p.id);
    for (const c of children) {
      expect([c.gender, c.birth_date]).toEqual([c.p_gender, c.p_birth_date]);
      if (c.id_number === null) {
        expect(c.child_key).toBe(`row:${c.id}`);
      } else {
        expect(c.child_key).toBe(c.id_number);
        expect(c.id).toBe(lowest.get(c.id_number));
      }
    }
  });

  it('drops what a run cut short by a restart had written, and marks it failed', async () => {
    const { insertRun } = await import('./reconciliation.queries');
    const { recoverInterruptedRuns } = await import('./reconciliation.service');
    const db = t.database.db;
    const cut = await insertRun(db, {
      county_code: demo.countyCode,
      school_year: demo.schoolYear,
      status: 'running',
    });
    const copied = await db
      .insertInto('reconciliation_children')
      .columns(['county_code', 'run_id', 'seq', 'child_key', 'name', 'age', 'status'])
      .expression((eb) =>
        eb
          .selectFrom('reconciliation_children')
          .select(['county_code', eb.val(cut).as('run_id'), 'seq', 'child_key', 'name', 'age', 'status'])
          .where('run_id', '=', first.id),
      )
      .executeTakeFirst();
    expect(Number(copied.numInsertedOrUpdatedRows)).toBe(fileResult.children.length);
    await recoverInterruptedRuns(db);
    const left = await db
      .selectFrom('reconciliation_children')
      .select('seq')
      .where('run_id', '=', cut)
      .execute();
    expect(left).toEqual([]);
    const run = await db
      .selectFrom('reconciliation_runs')
      .select('status')
      .where('id', '=', cut)
      .executeTakeFirst();
    expect(run?.status).toBe('failed');
    const kept = await db
      .selectFrom('reconciliation_children')
      .select('seq')
      .where('run_id', '=', first.id)
      .execute();
    expect(kept).toHaveLength(fileResult.children.length);
  });

  it('reconciles the demo county with a realistic mix of statuses and findings', () => {
    expect(first.summary).toEqual(demo.intendedStatuses);
    for (const status of CHILD_STATUSES) expect(first.summary?.[status], status).toBeGreaterThan(0);
    expect(Object.keys(first.findingCounts ?? {})).toEqual(
      expect.arrayContaining([
        'duplicate_enrollment',
        'enrolled_not_in_population',
        'invalid_id',
        'over_age',
      ]),
    );
  });

  it('lists a town official only the children of their town', async () => {
    const all = (await admin.request('GET', `/api/reconciliation/runs/${first.id}/children?pageSize=1`)).json<
      Page<RunChild>
    >();
    expect(all.total).toBe(first.children);
    const res = await town.request('GET', `/api/reconciliation/runs/${first.id}/children?pageSize=200`);
    const mine = res.json<Page<RunChild>>();
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.total).toBeLessThan(all.total);
    const detail = (await town.request('GET', `/api/reconciliation/runs/${first.id}`)).json<RunDetail>();
    expect(Object.values(detail.scopedSummary ?? {}).reduce((a, b) => a + b, 0)).toBe(mine.total);
    // Every count the town is shown of the run is the number of rows its link opens.
    const listed = (await town.request('GET', '/api/reconciliation/runs?pageSize=100'))
      .json<Page<RunDetail>>()
      .items.find((r) => r.id === first.id);
    for (const run of [listed!, detail]) {
      expect(run.children).toBe(mine.total);
      expect(run.summary).toEqual(detail.scopedSummary);
      const findings = (
        await town.request('GET', `/api/reconciliation/runs/${first.id}/findings?pageSize=1`)
      ).json<Page<RunFinding>>();
      expect(run.findings).toBe(findings.total);
      expect(run.findings).toBeLessThan(first.findings!);
      for (const [code, n] of Object.entries(run.findingCounts ?? {})) {
        const ofCode = await town.request(
          'GET',
          `/api/reconciliation/runs/${first.id}/findings?code=${code}&pageSize=1`,
        );
        expect([code, ofCode.json<Page<RunFinding>>().total]).toEqual([code, n]);
      }
    }
    const teacherRes = await teacher.request('GET', `/api/reconciliation/runs/${first.id}/children`);
    expect(teacherRes.statusCode).toBe(403);
  });

  it('names each child’s population row, which opens the child page in the official’s scope', async () => {
    const res = await town.request('GET', `/api/reconciliation/runs/${first.id}/children?pageSize=5`);
    const [child] = res.json<Page<RunChild>>().items;
    expect(child?.populationId).toEqual(expect.any(Number));
    const page = await town.request('GET', `/api/population/${child!.populationId}`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json<ChildRecord>().population.name).toBe(child!.name);
    // A suspected child's page leads to the case the run opened for them.
    const suspected = await town.request(
      'GET',
      `/api/reconciliation/runs/${first.id}/children?status=suspected_out_of_school&pageSize=1`,
    );
    const [out] = suspected.json<Page<RunChild>>().items;
    const record = (await town.request('GET', `/api/population/${out!.populationId}`)).json<ChildRecord>();
    expect(record.openCase).toEqual({ id: expect.any(Number), step: 'verification' });
  });

  it('filters children by status and finds the findings lists', async () => {
    const suspected = (
      await admin.request(
        'GET',
        `/api/reconciliation/runs/${first.id}/children?status=suspected_out_of_school&pageSize=200`,
      )
    ).json<Page<RunChild>>();
    expect(suspected.total).toBe(first.summary?.suspected_out_of_school);
    expect(suspected.items.every((c) => c.status === 'suspected_out_of_school')).toBe(true);
    expect(suspected.items[0]?.idNumberMasked).toMatch(/\*{8}/);
    // Every child carries its population row's facts.
    expect(suspected.items.every((c) => c.gender !== null && c.birthDate !== null && c.villageName)).toBe(
      true,
    );
    const dup = (
      await admin.request('GET', `/api/reconciliation/runs/${first.id}/findings?code=duplicate_enrollment`)
    ).json<Page<RunFinding>>();
    expect(dup.total).toBe(first.findingCounts?.duplicate_enrollment);
    expect(dup.items[0]?.schoolNames.length).toBeGreaterThanOrEqual(2);
  });

  it('puts every suspected child in the suspected ledger with both lines of responsibility', async () => {
    const res = await admin.request(
      'GET',
      `/api/reconciliation/runs/${first.id}/ledgers/suspected?pageSize=200`,
    );
    const ledger = res.json<Page<LedgerRow>>();
    expect(ledger.total).toBe(first.summary?.suspected_out_of_school);
    for (const row of ledger.items) {
      expect(row.governmentLine.townName).toBeTruthy();
      expect(row.governmentLine.villageName).toBeTruthy();
      expect(row.educationLine.schoolName).toBeTruthy();
    }
    // Masked unless asked for, for the admin too.
    const masked = await admin.request(
      'GET',
      `/api/reconciliation/runs/${first.id}/ledgers/suspected?format=xlsx`,
    );
    const maskedRows = (await sheetRows(masked.rawPayload)).rows.slice(1);
    expect(maskedRows.length).toBeGreaterThan(0);
    expect(maskedRows.every((r) => !/^\d{17}[\dX]$/.test(String(r[4])))).toBe(true);
    const xlsx = await admin.request(
      'GET',
      `/api/reconciliation/runs/${first.id}/ledgers/suspected?format=xlsx&fullId=true`,
    );
    expect(xlsx.statusCode).toBe(200);
    const { rows } = await sheetRows(xlsx.rawPayload);
    expect(rows[0]).toContain('政府线责任单位');
    expect(rows[0]).toContain('教育线责任学校');
    expect(rows).toHaveLength(ledger.total + 1);
    // The admin may see full numbers: asked for, the export carries them and is audited as such.
    expect(rows.slice(1).some((r) => /^\d{17}[\dX]$/.test(String(r[4])))).toBe(true);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'reconciliation_run')
      .where('action', '=', 'view_identity')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
    const compulsory = (
      await town.request('GET', `/api/reconciliation/runs/${first.id}/ledgers/compulsory?pageSize=1`)
    ).json<Page<LedgerRow>>();
    expect(compulsory.total).toBeGreaterThan(0);
  });

  it('shows the overview per town', async () => {
    const overview = (
      await admin.request('GET', '/api/overview/reconciliation')
    ).json<OverviewReconciliation>();
    expect(overview.runId).toBeGreaterThanOrEqual(first.id);
    const sum = overview.byTown.reduce((n, t) => n + Object.values(t.statuses).reduce((a, b) => a + b, 0), 0);
    expect(sum).toBe(first.children);
    expect(overview.byTown.some((b) => b.outside)).toBe(false);
    const mine = (await town.request('GET', '/api/overview/reconciliation')).json<OverviewReconciliation>();
    expect(mine.byTown.map((b) => b.name)).toContain('接官亭镇');
    expect(mine.byTown.filter((b) => !b.outside && b.code !== '').map((b) => b.name)).toEqual(['接官亭镇']);
    // An inspector's zone has a county-seat school whose pupils live all over the county:
    // the zone's towns have a row each, the others one row together.
    const inspector = await login(t.app, 'inspector', DEMO_PASSWORD);
    const zone = (
      await inspector.request('GET', '/api/overview/reconciliation')
    ).json<OverviewReconciliation>();
    const zoneTowns = zone.byTown.filter((b) => !b.outside && b.code !== '');
    expect(zoneTowns.length).toBeGreaterThan(0);
    expect(zoneTowns.length).toBeLessThan(5);
    expect(zone.byTown.filter((b) => b.outside)).toHaveLength(1);
    const total = (counts: StatusCounts) => Object.values(counts).reduce((a, b) => a + b, 0);
    const outsideRow = zone.byTown.find((b) => b.outside);
    expect(outsideRow && total(outsideRow.statuses)).toBeGreaterThan(0);
    expect(zone.byTown.reduce((n, b) => n + total(b.statuses), 0)).toBe(total(zone.totals));
    // A school's or a village's user answers for no town: a row per town their children live in.
    for (const username of ['school', 'village']) {
      const user = await login(t.app, username, DEMO_PASSWORD);
      const theirs = (
        await user.request('GET', '/api/overview/reconciliation')
      ).json<OverviewReconciliation>();
      expect(
        theirs.byTown.some((b) => b.outside),
        username,
      ).toBe(false);
      expect(
        theirs.byTown.map((b) => b.name),
        username,
      ).toContain('接官亭镇');
      expect(theirs.byTown.reduce((n, b) => n + total(b.statuses), 0)).toBe(total(theirs.totals));
    }
    const page = (await town.request('GET', '/api/overview')).json<Overview>();
    expect(page.reconciliation?.runId).toBe(mine.runId);
    const jieguanting = page.byTown.find((b) => b.name === '接官亭镇');
    expect(jieguanting?.statuses).toEqual(mine.byTown.find((b) => b.name === '接官亭镇')?.statuses);
  });

  it('keeps a review decision and reuses it in the next run, and compares the two runs', async () => {
    const queue = (await admin.request('GET', '/api/reconciliation/reviews?pageSize=100')).json<
      Page<ReviewItem>
    >();
    expect(queue.total).toBe(first.summary?.needs_review);
    const [confirm, reject] = queue.items;
    expect(confirm?.candidates.length).toBeGreaterThan(0);
    expect(confirm?.candidates[0]).toMatchObject({ recordKey: 'c0', decision: null });
    expect(confirm?.child.name).toBeTruthy();
    // A number one typo away shows where the typo is, though the mask hides the digits.
    const similar = queue.items.flatMap((i) => i.candidates).filter((c) => c.rule === 'similar_id_number');
    expect(similar.length).toBeGreaterThan(0);
    for (const c of similar) {
      expect(c.idDiffersAt.length, c.idNumberMasked).toBeGreaterThanOrEqual(1);
      expect(c.idDiffersAt.length, c.idNumberMasked).toBeLessThanOrEqual(2);
      expect(c.idDiffersAt.every((place) => place >= 1 && place <= 18)).toBe(true);
      // And what stands there in each number, different, one character a place.
      expect(c.idDiffersBy.child).toHaveLength(c.idDiffersAt.length);
      expect(c.idDiffersBy.record).toHaveLength(c.idDiffersAt.length);
      expect(c.idDiffersBy.child.every((ch) => /^[\dX]$/.test(ch))).toBe(true);
      expect(c.idDiffersBy.child.join('')).not.toBe(c.idDiffersBy.record.join(''));
    }
    // Numbers further apart name no places: they are another child's, not a typo.
    const all = queue.items.flatMap((i) => i.candidates);
    expect(all.every((c) => c.idDiffersAt.length <= 2)).toBe(true);
    const yes = await admin.request('POST', '/api/reconciliation/reviews', {
      runId: first.id,
      childId: confirm!.childId,
      recordKey: 'c0',
      decision: 'confirmed',
    });
    expect(yes.statusCode, yes.body).toBe(200);
    for (const c of reject!.candidates) {
      const no = await admin.request('POST', '/api/reconciliation/reviews', {
        runId: first.id,
        childId: reject!.childId,
        recordKey: c.recordKey,
        decision: 'rejected',
      });
      expect(no.statusCode).toBe(200);
    }
    const bad = await admin.request('POST', '/api/reconciliation/reviews', {
      runId: first.id,
      childId: confirm!.childId,
      recordKey: 'c99',
      decision: 'confirmed',
    });
    expect(bad.statusCode).toBe(400);
    const after = (await admin.request('GET', '/api/reconciliation/reviews?pageSize=100')).json<
      Page<ReviewItem>
    >();
    expect(after.items.find((i) => i.childId === confirm!.childId)?.candidates[0]?.decision).toBe(
      'confirmed',
    );
    // Who decided, by name: the one the next reviewer would ask.
    const admins = await t.database.db
      .selectFrom('users')
      .select('display_name')
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    expect(yes.json<{ decidedBy: string }>().decidedBy).toBe(admins.display_name);
    expect(after.items.find((i) => i.childId === confirm!.childId)?.candidates[0]?.decidedBy).toBe(
      admins.display_name,
    );
    expect(admins.display_name).not.toBe('admin');
    const pending = (
      await admin.request('GET', '/api/reconciliation/reviews?pageSize=100&pending=true')
    ).json<Page<ReviewItem>>();
    expect(pending.total).toBe(queue.total - 2);

    const second = await run();
    expect(second.status).toBe('succeeded');
    expect(second.summary?.needs_review).toBe((first.summary?.needs_review ?? 0) - 2);
    expect(second.fingerprints?.decisions.rows).toBe(1 + reject!.candidates.length);
    // The rosters did not change between the runs, the decisions did: so did their prints.
    expect(second.fingerprints?.population).toEqual(first.fingerprints?.population);
    expect(second.fingerprints?.enrollment).toEqual(first.fingerprints?.enrollment);
    expect(second.fingerprints?.decisions.sha256).not.toBe(first.fingerprints?.decisions.sha256);
    const statusInSecond = async ({ runId, childId }: { runId: number; childId: number }) => {
      const row = await t.database.db
        .selectFrom('reconciliation_children as a')
        .innerJoin('reconciliation_children as b', 'b.child_key', 'a.child_key')
        .select('b.status')
        .where('a.run_id', '=', runId)
        .where('a.seq', '=', childId)
        .where('b.run_id', '=', second.id)
        .executeTakeFirst();
      return row?.status;
    };
    expect(await statusInSecond(confirm!)).not.toBe('needs_review');
    expect(await statusInSecond(reject!)).toBe('suspected_out_of_school');
    const comparison = (
      await admin.request('GET', `/api/reconciliation/compare?from=${first.id}&to=${second.id}`)
    ).json<RunComparison>();
    expect(comparison.newlyAccountedFor.items.map((i) => i.name)).toContain(confirm!.child.name);
    expect(comparison.newlyOutOfSchool.items.map((i) => i.name)).toContain(reject!.child.name);
    expect(comparison.newlyOutOfSchool.total).toBe(1);
    // The town sees both runs with the counts of its own scope, as on the runs page.
    const ofTown = (
      await town.request('GET', `/api/reconciliation/compare?from=${first.id}&to=${second.id}`)
    ).json<RunComparison>();
    const firstOfTown = (await town.request('GET', `/api/reconciliation/runs/${first.id}`)).json<RunDetail>();
    expect(ofTown.from.summary).toEqual(firstOfTown.summary);
    expect(ofTown.from.children).toBeLessThan(comparison.from.children!);
  });

  /**
   * A school-age child without an identity number, modelled on a roster row; each call of
   * `registerOnNewRow` writes them on a new row, as a (re-)import of their village does.
   */
  async function childWithoutNumber(name: string, order: 'asc' | 'desc') {
    const db = t.database.db;
    const { id: _id, ...model } = await db
      .selectFrom('population')
      .selectAll()
      .where('school_year', '=', demo.schoolYear)
      .where('birth_date', '<', `${demo.schoolYear - 8}-01-01`)
      .where('birth_date', '>', `${demo.schoolYear - 12}-01-01`)
      .orderBy('id', order)
      .limit(1)
      .executeTakeFirstOrThrow();
    let rowNo = 900_000;
    return {
      model,
      async registerOnNewRow() {
        await db.deleteFrom('population').where('name', '=', name).execute();
        await db
          .insertInto('population')
          .values({ ...model, id_number: '', id_valid: false, name, row_no: ++rowNo })
          .execute();
      },
    };
  }

  it('compares a child without a number across a re-import of their village, which gives them a new row', async () => {
    const db = t.database.db;
    const nameless = await childWithoutNumber('无号比对童', 'asc');
    await nameless.registerOnNewRow();
    const before = await run();
    await nameless.registerOnNewRow();
    const after = await run();
    const keys = await db
      .selectFrom('reconciliation_children')
      .select(['run_id', 'child_key', 'status'])
      .where('name', '=', '无号比对童')
      .orderBy('run_id')
      .execute();
    expect(keys).toHaveLength(2);
    expect(keys[0]!.child_key).not.toBe(keys[1]!.child_key);
    expect(keys.map((k) => k.status)).toEqual(['suspected_out_of_school', 'suspected_out_of_school']);
    const comparison = (
      await admin.request('GET', `/api/reconciliation/compare?from=${before.id}&to=${after.id}`)
    ).json<RunComparison>();
    expect(comparison.newlyOutOfSchool.items.map((i) => i.name)).not.toContain('无号比对童');
    expect(comparison.newlyOutOfSchool.total).toBe(0);
  });

  it('keeps a review decision about a child without a number across a re-import of their village', async () => {
    const db = t.database.db;
    const { model, registerOnNewRow } = await childWithoutNumber('无号复核童', 'desc');
    await registerOnNewRow();
    // Enrolled under a number of their own that no roster row has: a candidate by name and birth date.
    const { id: _student, ...pupil } = await db
      .selectFrom('students')
      .selectAll()
      .where('status', '=', 'enrolled')
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const number = makeIdNumber('610727', String(model.birth_date), 901, model.gender);
    await db
      .insertInto('students')
      .values({
        ...pupil,
        id_number: number,
        name: '无号复核童',
        birth_date: model.birth_date,
        gender: model.gender,
      })
      .execute();
    const before = await run();
    const child = await db
      .selectFrom('reconciliation_children')
      .select(['seq', 'status'])
      .where('run_id', '=', before.id)
      .where('name', '=', '无号复核童')
      .executeTakeFirstOrThrow();
    expect(child.status).toBe('needs_review');
    const yes = await admin.request('POST', '/api/reconciliation/reviews', {
      runId: before.id,
      childId: child.seq,
      recordKey: 'c0',
      decision: 'confirmed',
    });
    expect(yes.statusCode, yes.body).toBe(200);

    // The village is imported again: the same child, on a new row; the decision holds.
    await registerOnNewRow();
    const after = await run();
    const again = await db
      .selectFrom('reconciliation_children')
      .select(['status', 'school_code'])
      .where('run_id', '=', after.id)
      .where('name', '=', '无号复核童')
      .executeTakeFirstOrThrow();
    expect(again).toEqual({ status: 'enrolled_in_county', school_code: pupil.school_code });
  });

  it('lets only the county administrator start a run, and a town official decide within their town', async () => {
    expect(
      (await town.request('POST', '/api/reconciliation/runs', { schoolYear: demo.schoolYear })).statusCode,
    ).toBe(403);
    expect((await teacher.request('GET', '/api/reconciliation/reviews')).statusCode).toBe(403);
  });
});
