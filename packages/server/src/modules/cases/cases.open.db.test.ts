import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { databaseKinds } from '../../../test/db';
import { COUNTY, SCHOOL_A, TOWN_A, VILLAGE_A1, VILLAGE_B1, TOWN_B } from '../../../test/fixtures';
import { createMonitoringFixture } from '../../../test/monitoring-fixture';
import { executeRun } from '../reconciliation/reconciliation.service';
import * as runs from '../reconciliation/reconciliation.queries';
import { openCase, openCases } from './cases.open';

describe.each(databaseKinds())('opening cases on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  }, 60_000);
  afterAll(async () => t?.close());

  it('opens one case per child, proposes the team on both lines and tells its users once', async () => {
    const db = t.database.db;
    const input = {
      countyCode: COUNTY,
      source: 'absence' as const,
      sourceRef: 'absence:consecutive:2026-11-30',
      studentId: t.fixture.students.a1,
      openedOn: '2026-11-30',
      by: null,
    };
    const first = await openCase(db, input);
    expect(first.created).toBe(true);
    const again = await openCase(db, { ...input, source: 'village_report', sourceRef: null });
    expect(again).toEqual({ caseId: first.caseId, created: false });

    const row = await db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', first.caseId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      step: 'verification',
      step_started_on: '2026-11-30',
      step_due_on: '2026-12-03',
      town_code: TOWN_A,
      village_code: VILLAGE_A1,
      school_code: SCHOOL_A,
      class_id: t.fixture.classes.a1,
      school_year: 2026,
      source: 'absence',
    });
    const members = await db
      .selectFrom('case_members')
      .select(['role', 'user_id', 'staff_id'])
      .where('case_id', '=', first.caseId)
      .orderBy('role')
      .execute();
    const u = t.fixture.users;
    expect(members).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ role: 'town_cadre', user_id: u.town_official.id }),
        expect.objectContaining({ role: 'village_cadre', user_id: u.village_official.id }),
        expect.objectContaining({ role: 'principal', user_id: u.school_admin.id }),
        expect.objectContaining({
          role: 'class_teacher',
          user_id: u.teacher.id,
          staff_id: t.fixture.staff.teacherA,
        }),
      ]),
    );
    const inbox = await db
      .selectFrom('inbox_items')
      .select(['user_id', 'kind', 'link'])
      .where('case_id', '=', first.caseId)
      .orderBy('user_id')
      .execute();
    expect(inbox.map((i) => i.user_id).sort()).toEqual(
      [u.town_official.id, u.village_official.id, u.school_admin.id, u.teacher.id].sort(),
    );
    expect(inbox.every((i) => i.kind === 'case_opened' && i.link === `/cases/${first.caseId}`)).toBe(true);
    const events = await db
      .selectFrom('case_events')
      .select('kind')
      .where('case_id', '=', first.caseId)
      .execute();
    expect(events.map((e) => e.kind)).toEqual(['opened']);
  });

  it('names the chief of a unit without an account on the team', async () => {
    const db = t.database.db;
    await db
      .insertInto('chiefs')
      .values({
        county_code: COUNTY,
        school_year: 2026,
        unit_code: VILLAGE_B1,
        duty: 'village_head',
        name: '西村长',
        phone: '13900000001',
        staff_id: null,
      })
      .execute();
    const { caseId } = await openCase(db, {
      countyCode: COUNTY,
      source: 'inspector',
      studentId: t.fixture.students.b1,
      openedOn: '2026-11-30',
      by: null,
    });
    const members = await db
      .selectFrom('case_members')
      .select(['role', 'name', 'user_id'])
      .where('case_id', '=', caseId)
      .orderBy('role')
      .execute();
    expect(members).toEqual(
      expect.arrayContaining([
        { role: 'village_cadre', name: '西村长', user_id: null },
        { role: 'class_teacher', name: '丙老师', user_id: null },
      ]),
    );
    expect(members.some((m) => m.role === 'town_cadre')).toBe(false);
  });

  it('opens a batch of children not enrolled, once each, and a closed case lets a new one open', async () => {
    const db = t.database.db;
    const child = (key: string, village: string) => ({
      childKey: key,
      idNumber: null,
      name: `童${key}`,
      gender: null,
      birthDate: null,
      villageCode: village,
      schoolCode: null,
      guardianName: '某监护人',
      guardianPhone: null,
    });
    const inputs = ['row:1', 'row:2', 'row:1'].map((key, i) => ({
      countyCode: COUNTY,
      source: 'reconciliation' as const,
      sourceRef: 'run:1',
      child: child(key, i === 1 ? VILLAGE_B1 : VILLAGE_A1),
      openedOn: '2026-11-30',
      by: null,
    }));
    const results = await openCases(db, COUNTY, inputs);
    expect(results[0]!.created).toBe(true);
    expect(results[1]!.created).toBe(true);
    expect(results[2]).toEqual({ caseId: results[0]!.caseId, created: false });
    const b = await db
      .selectFrom('cases')
      .select(['town_code'])
      .where('id', '=', results[1]!.caseId)
      .executeTakeFirstOrThrow();
    expect(b.town_code).toBe(TOWN_B);
    const guardian = await db
      .selectFrom('case_members')
      .select(['name', 'user_id'])
      .where('case_id', '=', results[0]!.caseId)
      .where('role', '=', 'guardian')
      .execute();
    expect(guardian).toEqual([{ name: '某监护人', user_id: null }]);

    const rerun = await openCases(db, COUNTY, inputs);
    expect(rerun.map((r) => r.created)).toEqual([false, false, false]);

    await db
      .updateTable('cases')
      .set({ step: 'closed', closed_on: '2026-12-01' })
      .where('id', '=', results[0]!.caseId)
      .execute();
    const reopened = await openCases(db, COUNTY, inputs.slice(0, 1));
    expect(reopened[0]!.created).toBe(true);
    expect(reopened[0]!.caseId).not.toBe(results[0]!.caseId);
  });

  it('keeps one case for a child without a number whom a re-import gave a new row', async () => {
    const db = t.database.db;
    const child = (key: string, name: string) => ({
      countyCode: COUNTY,
      source: 'reconciliation' as const,
      sourceRef: 'run:7',
      child: {
        childKey: key,
        idNumber: null,
        name,
        gender: 'F' as const,
        birthDate: '2016-04-05',
        villageCode: VILLAGE_A1,
        schoolCode: null,
        guardianName: null,
        guardianPhone: null,
      },
      openedOn: '2026-11-30',
      by: null,
    });
    const [first] = await openCases(db, COUNTY, [child('row:501', '无号童')]);
    expect(first!.created).toBe(true);
    // The village is imported again: the same child, on row 502.
    const [again, other] = await openCases(db, COUNTY, [
      child('row:502', '无号童'),
      child('row:503', '另一童'),
    ]);
    expect(again).toEqual({ caseId: first!.caseId, created: false });
    expect(other!.created).toBe(true);
    const keys = await db
      .selectFrom('cases')
      .select(['id', 'child_key'])
      .where('name', 'in', ['无号童', '另一童'])
      .orderBy('id')
      .execute();
    expect(keys).toEqual([
      { id: first!.caseId, child_key: 'row:502' },
      { id: other!.caseId, child_key: 'row:503' },
    ]);

    // A child whose row is still on the roster keeps their case: one alike in all is another child.
    const standing = await db
      .insertInto('population')
      .values({
        county_code: COUNTY,
        school_year: 2026,
        row_no: 1,
        id_number: '',
        id_valid: false,
        name: '同名童',
        gender: 'F',
        birth_date: '2016-04-05',
        village_code: VILLAGE_A1,
        household_no: null,
        guardian_name: null,
        guardian_phone: null,
        guardian_relation: null,
        disability_category: null,
        disability_level: null,
        import_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const [mine] = await openCases(db, COUNTY, [child(`row:${standing.id}`, '同名童')]);
    const [twin] = await openCases(db, COUNTY, [child('row:999001', '同名童')]);
    expect(twin!.created).toBe(true);
    expect(twin!.caseId).not.toBe(mine!.caseId);
  });
});

describe.each(databaseKinds())('cases from reconciliation on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  }, 60_000);
  afterAll(async () => t?.close());

  it('opens one case per suspected out-of-school child, and a rerun opens none twice', async () => {
    const db = t.database.db;
    const m = await createMonitoringFixture(db, t.fixture);
    const cases = () =>
      db
        .selectFrom('cases')
        .select([
          'id',
          'name',
          'source',
          'source_ref',
          'school_code',
          'town_code',
          'village_code',
          'guardian_name',
        ])
        .where('source', '=', 'reconciliation')
        .orderBy('name')
        .execute();
    const first = await cases();
    expect(first.map((c) => c.name).sort()).toEqual(['失学乙', '失学甲']);
    expect(first.every((c) => c.source_ref === `run:${m.run.id}`)).toBe(true);
    // The serving school answers on the education line: its principal sees the case.
    expect(first.find((c) => c.name === '失学甲')).toMatchObject({
      school_code: SCHOOL_A,
      town_code: TOWN_A,
    });
    expect(first.find((c) => c.name === '失学乙')).toMatchObject({
      town_code: TOWN_B,
      village_code: VILLAGE_B1,
    });

    const rerun = await runs.insertRun(db, {
      county_code: COUNTY,
      school_year: 2026,
      status: 'queued',
      user_id: null,
      username: null,
    });
    const second = await executeRun(db, COUNTY, rerun, { phase: 'queued', rows: 0, bytes: 0 });
    expect(second.status).toBe('succeeded');
    const after = await cases();
    expect(after.map((c) => c.id)).toEqual(first.map((c) => c.id));
    const opened = await db
      .selectFrom('case_events')
      .select('case_id')
      .where('kind', '=', 'opened')
      .where(
        'case_id',
        'in',
        after.map((c) => c.id),
      )
      .execute();
    expect(opened).toHaveLength(2);
  }, 60_000);
});
