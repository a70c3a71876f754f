import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type CaseStep, type CaseSummary, type Page, type Role } from '@baoxue/shared';
import { createTestApp, type Client, type TestApp } from '../../test/app';
import { databaseKinds } from '../../test/db';
import { COUNTY, type Fixture } from '../../test/fixtures';
import { ALL, VISIBLE_STUDENTS, loginEveryRole, type StudentKey } from '../../test/matrix';
import { ManualClock } from '../lib/clock';
import { openCase } from '../modules/cases/cases.open';

// The authorization matrix of cases (一人一案, C6): every role against every endpoint, on a
// case inside and one outside its scope. A case is in scope as its child is (school,
// village, or a teacher's class); working it needs cases.work, opening one cases.open.

const CAN_WORK: readonly Role[] = [
  'county_admin',
  'town_official',
  'village_official',
  'school_admin',
  'teacher',
];
const CAN_OPEN: readonly Role[] = [
  'county_admin',
  'inspector',
  'town_official',
  'village_official',
  'school_admin',
];

/** Reading a case of `key`: 200 in scope, 404 outside. */
const READ = (key: StudentKey) =>
  Object.fromEntries(ROLES.map((r) => [r, VISIBLE_STUDENTS[r].includes(key) ? 200 : 404])) as Record<
    Role,
    number
  >;
/** Working a case of `key`: 403 without cases.work, else as reading. */
const WORK = (key: StudentKey, ok = 200) =>
  Object.fromEntries(
    ROLES.map((r) => [r, !CAN_WORK.includes(r) ? 403 : VISIBLE_STUDENTS[r].includes(key) ? ok : 404]),
  ) as Record<Role, number>;
/** Opening a case for enrolled child `key`: 403 without cases.open, else 201 in scope, 404 outside. */
const OPEN = (key: StudentKey) =>
  Object.fromEntries(
    ROLES.map((r) => [r, !CAN_OPEN.includes(r) ? 403 : VISIBLE_STUDENTS[r].includes(key) ? 201 : 404]),
  ) as Record<Role, number>;
/** The full identity number: only with the per-user grant (the fixture's county admin). */
const IDENTITY = ALL(403, { county_admin: 200 });

/** The case each row acts on, made afresh by its `before` so every role starts from version 1. */
const current = {} as Record<StudentKey, number>;
let t: TestApp;

async function fresh(f: Fixture, key: StudentKey, step: CaseStep = 'verification'): Promise<void> {
  const db = t.database.db;
  await db
    .updateTable('cases')
    .set({ step: 'closed', closed_on: '2026-12-01', ending: 'duplicate' })
    .where('student_id', '=', f.students[key])
    .where('step', '<>', 'closed')
    .execute();
  const { caseId } = await openCase(db, {
    countyCode: COUNTY,
    source: 'absence',
    studentId: f.students[key],
    openedOn: '2026-12-01',
    by: null,
  });
  current[key] = caseId;
  if (step === 'verification') return;
  await db
    .updateTable('cases')
    .set({ step, confirmed_out_of_school: true, confirmed_on: '2026-12-01', returned_on: '2026-12-01' })
    .where('id', '=', caseId)
    .execute();
  if (step === 'observation') {
    await db
      .insertInto('case_check_ins')
      .values(
        [1, 2].map((seq) => ({ county_code: COUNTY, case_id: caseId, round: 1, seq, due_on: '2026-12-01' })),
      )
      .execute();
  }
}

const ROWS: {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  url: (f: Fixture) => string;
  body?: (f: Fixture) => unknown;
  before?: (f: Fixture) => Promise<void>;
  expect: Record<Role, number>;
}[] = [
  // ---------------------------------------------------------------- lists (scope-filtered)
  { name: 'case list', method: 'GET', url: () => '/api/cases?state=all', expect: ALL(200) },
  { name: 'case list export', method: 'GET', url: () => '/api/cases?format=xlsx', expect: ALL(200) },
  { name: 'case overview', method: 'GET', url: () => '/api/cases/overview', expect: ALL(200) },
  { name: 'dropout ledger', method: 'GET', url: () => '/api/cases/ledgers/dropouts', expect: ALL(200) },
  {
    name: 'dropout ledger export',
    method: 'GET',
    url: () => '/api/cases/ledgers/dropouts?format=xlsx',
    expect: ALL(200),
  },
  { name: 'clearing ledger', method: 'GET', url: () => '/api/cases/ledgers/clearing', expect: ALL(200) },
  {
    name: 'clearing ledger export',
    method: 'GET',
    url: () => '/api/cases/ledgers/clearing?format=xlsx',
    expect: ALL(200),
  },
  // ---------------------------------------------------------------- one case
  ...(['a1', 'a2', 'b1', 'crossLine'] as const).map((key) => ({
    name: `case of ${key}`,
    method: 'GET' as const,
    url: () => `/api/cases/${current[key]}`,
    expect: READ(key),
  })),
  ...(['a1', 'b1'] as const).flatMap((key) => [
    {
      name: `identity of ${key}'s case`,
      method: 'POST' as const,
      url: () => `/api/cases/${current[key]}/identity`,
      expect: IDENTITY,
    },
    {
      name: `open a case for ${key}`,
      method: 'POST' as const,
      url: () => '/api/cases',
      body: (f: Fixture) => ({ source: 'village_report', sourceNote: '村报告', studentId: f.students[key] }),
      before: async (f: Fixture) => {
        await fresh(f, key);
        await t.database.db
          .updateTable('cases')
          .set({ step: 'closed' })
          .where('id', '=', current[key])
          .execute();
      },
      expect: OPEN(key),
    },
    {
      name: `update ${key}'s case`,
      method: 'PATCH' as const,
      url: () => `/api/cases/${current[key]}`,
      body: () => ({ version: 1, plan: '入户核实' }),
      before: (f: Fixture) => fresh(f, key),
      expect: WORK(key),
    },
    {
      name: `replace ${key}'s team`,
      method: 'PUT' as const,
      url: () => `/api/cases/${current[key]}/team`,
      body: () => ({
        version: 1,
        members: [{ role: 'guardian', name: '某监护人', phone: null, staffId: null, userId: null }],
      }),
      before: (f: Fixture) => fresh(f, key),
      expect: WORK(key),
    },
    {
      name: `log an action on ${key}'s case`,
      method: 'POST' as const,
      url: () => `/api/cases/${current[key]}/actions`,
      body: () => ({ kind: 'call', happenedOn: '2026-12-01', result: '已通话' }),
      before: (f: Fixture) => fresh(f, key),
      expect: WORK(key),
    },
    {
      name: `advance ${key}'s case`,
      method: 'POST' as const,
      url: () => `/api/cases/${current[key]}/advance`,
      body: () => ({ version: 1, to: 'persuasion', reasonCode: 'illness' }),
      before: (f: Fixture) => fresh(f, key),
      expect: WORK(key),
    },
    {
      name: `close ${key}'s case`,
      method: 'POST' as const,
      url: () => `/api/cases/${current[key]}/close`,
      body: () => ({ version: 1, ending: 'not_out_of_school', evidence: '入户核实在校' }),
      before: (f: Fixture) => fresh(f, key),
      expect: WORK(key),
    },
    {
      name: `check in on ${key}'s case`,
      method: 'POST' as const,
      url: () => `/api/cases/${current[key]}/check-ins/1/1`,
      body: () => ({ version: 1, doneOn: '2026-12-01', inSchool: true }),
      before: (f: Fixture) => fresh(f, key, 'observation'),
      expect: WORK(key),
    },
  ]),
];

describe.each(databaseKinds())('authorization matrix of cases on %s', (kind) => {
  let clients: Record<Role, Client>;

  beforeAll(async () => {
    t = await createTestApp(kind, { clock: new ManualClock('2026-12-01T10:00:00+08:00') });
    clients = await loginEveryRole(t);
    for (const key of ['a1', 'a2', 'b1', 'crossLine'] as const) await fresh(t.fixture, key);
  }, 60_000);
  afterAll(async () => t?.close());

  describe.each(ROLES)('%s', (role) => {
    it.each(ROWS.map((r) => [r.name, r] as const))('%s', async (_name, r) => {
      await r.before?.(t.fixture);
      const res = await clients[role].request(r.method, r.url(t.fixture), r.body?.(t.fixture));
      expect(res.statusCode, res.body.slice(0, 300)).toBe(r.expect[role]);
    });

    it('lists exactly the cases in scope', async () => {
      const res = await clients[role].request('GET', '/api/cases?pageSize=200');
      expect(res.statusCode).toBe(200);
      const ids = (res.json() as Page<CaseSummary>).items.map((c) => c.studentId).sort();
      expect(ids).toEqual(VISIBLE_STUDENTS[role].map((k) => t.fixture.students[k]).sort());
    });
  });
});
