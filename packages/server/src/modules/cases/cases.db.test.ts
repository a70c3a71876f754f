import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseOverview, CaseSummary, Page } from '@baoxue/shared';
import { createTestApp, login, type Client, type TestApp } from '../../../test/app';
import { databaseKinds } from '../../../test/db';
import { COUNTY, PASSWORD, SCHOOL_A, TOWN_A, TOWN_B } from '../../../test/fixtures';
import { ManualClock } from '../../lib/clock';
import { hashPassword } from '../auth/password';
import { openCase } from './cases.open';

describe.each(databaseKinds())('cases on %s', (kind) => {
  let t: TestApp;
  const clock = new ManualClock('2026-12-01T09:00:00+08:00');
  const c = {} as Record<
    'admin' | 'town' | 'townB' | 'village' | 'school' | 'teacher' | 'inspector' | 'leader',
    Client
  >;

  beforeAll(async () => {
    t = await createTestApp(kind, { clock });
    await t.database.db
      .insertInto('users')
      .values({
        county_code: COUNTY,
        username: 'town-b',
        display_name: '西淮坝镇干部',
        password_hash: await hashPassword(PASSWORD),
        role: 'town_official',
        scope_code: TOWN_B,
        staff_id: null,
        must_change_password: false,
      })
      .execute();
    const names = {
      admin: 'county-admin',
      town: 'town-official',
      townB: 'town-b',
      village: 'village-official',
      school: 'school-admin',
      teacher: 'teacher',
      inspector: 'inspector',
      leader: 'county-leader',
    } as const;
    for (const [key, username] of Object.entries(names))
      c[key as keyof typeof c] = await login(t.app, username);
  }, 60_000);
  afterAll(async () => t?.close());

  async function openFor(studentId: number): Promise<number> {
    const { caseId } = await openCase(t.database.db, {
      countyCode: COUNTY,
      source: 'absence',
      studentId,
      openedOn: '2026-12-01',
      by: null,
    });
    return caseId;
  }

  async function detail(client: Client, id: number): Promise<CaseDetail> {
    const res = await client.request('GET', `/api/cases/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<CaseDetail>();
  }

  it('works a case through every step to its closing, with the history and the ledgers', async () => {
    const id = await openFor(t.fixture.students.a1);
    let d = await detail(c.town, id);
    expect(d).toMatchObject({
      step: 'verification',
      stepDueOn: '2026-12-04',
      canWork: true,
      townCode: TOWN_A,
    });
    expect(d.idNumberMasked).toMatch(/\*{8}/);
    expect(d.chain.links).toHaveLength(7);
    expect(d.team.map((m) => m.role)).toEqual(['town_cadre', 'village_cadre', 'principal', 'class_teacher']);

    let res = await c.town.request('POST', `/api/cases/${id}/advance`, {
      to: 'return',
      placement: 'school',
      returnSchoolCode: SCHOOL_A,
      version: d.version,
    });
    expect(res.json().error.code).toBe('case_step_invalid');

    res = await c.town.request('POST', `/api/cases/${id}/actions`, {
      kind: 'home_visit',
      happenedOn: '2026-12-01',
      result: '确认未到校',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<CaseDetail>().version).toBe(d.version);

    res = await c.town.request('POST', `/api/cases/${id}/advance`, {
      to: 'persuasion',
      reasonCode: 'learning_difficulty',
      version: d.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    d = res.json<CaseDetail>();
    expect(d).toMatchObject({
      step: 'persuasion',
      confirmedOutOfSchool: true,
      confirmedOn: '2026-12-01',
      stepDueOn: '2026-12-16',
      reasonCode: 'learning_difficulty',
    });

    const ledger = await c.school.request('GET', '/api/cases/ledgers/dropouts');
    expect(ledger.json<Page<CaseSummary>>().items.map((i) => i.id)).toContain(id);

    res = await c.school.request('POST', `/api/cases/${id}/actions`, {
      kind: 'legal_notice',
      happenedOn: '2026-12-02',
    });
    expect(res.json().error.code, 'no future days').toBe('future_day');
    clock.setDay('2026-12-05');
    res = await c.school.request('POST', `/api/cases/${id}/advance`, {
      to: 'return',
      placement: 'school',
      returnSchoolCode: SCHOOL_A,
      version: d.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    d = res.json<CaseDetail>();
    expect(d).toMatchObject({
      step: 'return',
      placement: 'school',
      returnSchoolName: '接官亭镇中心小学',
      stepDueOn: '2026-12-12',
    });

    res = await c.teacher.request('POST', `/api/cases/${id}/advance`, {
      to: 'observation',
      returnedOn: '2026-12-05',
      version: d.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    d = res.json<CaseDetail>();
    expect(d.step).toBe('observation');
    expect(d.checkIns.map((x) => [x.round, x.seq, x.dueOn])).toEqual([
      [1, 1, '2027-01-04'],
      [1, 2, '2027-02-03'],
      [1, 3, '2027-03-05'],
      [1, 4, '2027-04-04'],
    ]);
    expect(d.stepDueOn).toBe('2027-01-04');

    let overview = (await c.admin.request('GET', '/api/cases/overview')).json<CaseOverview>();
    expect(overview.total).toMatchObject({ confirmed: 1, returned: 1, returnRate: 1 });

    for (const [seq, day] of [
      [1, '2027-01-04'],
      [2, '2027-02-03'],
      [3, '2027-03-05'],
    ] as const) {
      clock.setDay(day);
      res = await c.teacher.request('POST', `/api/cases/${id}/check-ins/1/${seq}`, {
        doneOn: day,
        inSchool: true,
        version: d.version,
      });
      expect(res.statusCode, res.body).toBe(200);
      d = res.json<CaseDetail>();
    }
    expect(d.step).toBe('observation');
    expect(d.stepDueOn).toBe('2027-04-04');
    clock.setDay('2027-04-04');
    res = await c.teacher.request('POST', `/api/cases/${id}/check-ins/1/4`, {
      doneOn: '2027-04-04',
      inSchool: true,
      version: d.version,
    });
    d = res.json<CaseDetail>();
    expect(d).toMatchObject({ step: 'closed', ending: 'returned', closedOn: '2027-04-04', stepDueOn: null });
    expect(d.events.map((e) => e.kind)).toEqual([
      'opened',
      'action',
      'step',
      'step',
      'step',
      'check_in',
      'check_in',
      'check_in',
      'check_in',
      'closed',
    ]);
    expect(d.actions.filter((a) => a.kind === 'check_in')).toHaveLength(4);

    const clearing = (await c.town.request('GET', '/api/cases/ledgers/clearing')).json<Page<CaseSummary>>();
    expect(clearing.items.find((i) => i.id === id)).toMatchObject({ ending: 'returned' });
    overview = (await c.admin.request('GET', '/api/cases/overview')).json<CaseOverview>();
    expect(overview.total).toMatchObject({
      confirmed: 1,
      returned: 1,
      closed: 1,
      checkInsInSchool: 4,
      checkInsOut: 0,
    });
    expect(overview.towns.find((r) => r.code === TOWN_A)).toMatchObject({ closed: 1, name: '接官亭镇' });

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('entity', '=', 'case')
      .where('entity_id', '=', String(id))
      .execute();
    expect(audit.map((a) => a.detail)).toEqual(
      expect.arrayContaining(['advance:persuasion', 'advance:return', 'advance:observation', 'check-in:1:4']),
    );
    clock.setDay('2026-12-01');
  });
});
