import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type InboxItem, type Page, type Role } from '@baoxue/shared';
import { createTestApp, type Client, type TestApp } from '../../test/app';
import { databaseKinds } from '../../test/db';
import { COUNTY, SCHOOL_YEAR, TOWN_A, VILLAGE_A1 } from '../../test/fixtures';
import { ADMIN_ONLY, ALL, VISIBLE_STUDENTS, loginEveryRole, type StudentKey } from '../../test/matrix';
import { pdfAvailable } from '../lib/pdf';
import { openCase } from '../modules/cases/cases.open';
import { deliver } from '../modules/inbox/inbox.deliver';

// The authorization matrix of the seven chiefs, the responsibility chain, the inbox and the
// printable documents: every role against each endpoint, inside and outside its scope.
// Chiefs are public duty holders: every role reads them; only the county admin changes them.

/** Rendering needs Chromium; without it an in-scope print answers 503 document_unavailable. */
const PRINTED = pdfAvailable() ? 200 : 503;

describe.each(databaseKinds())('authorization of chiefs, chain, inbox and documents on %s', (kind) => {
  let t: TestApp;
  let clients: Record<Role, Client>;
  /** One inbox item per role, filed for that role's user. */
  const itemOf = {} as Record<Role, number>;
  const cases = { a1: 0, b1: 0 };

  beforeAll(async () => {
    t = await createTestApp(kind);
    clients = await loginEveryRole(t);
    await deliver(
      t.database.db,
      COUNTY,
      ROLES.map((role) => ({
        userId: t.fixture.users[role].id,
        kind: 'step_due' as const,
        dedupeKey: `matrix:${role}`,
        titleZh: `待办 ${role}`,
        titleEn: `Task ${role}`,
      })),
    );
    const items = await t.database.db.selectFrom('inbox_items').select(['id', 'dedupe_key']).execute();
    for (const role of ROLES) itemOf[role] = items.find((i) => i.dedupe_key === `matrix:${role}`)!.id;
    for (const key of ['a1', 'b1'] as const) {
      const opened = await openCase(t.database.db, {
        countyCode: COUNTY,
        source: 'inspector',
        studentId: t.fixture.students[key],
        openedOn: '2026-12-01',
        by: null,
      });
      cases[key] = opened.caseId;
    }
    // A chief for the county admin's delete row.
    await t.database.db
      .insertInto('chiefs')
      .values({
        county_code: COUNTY,
        school_year: SCHOOL_YEAR,
        unit_code: VILLAGE_A1,
        duty: 'village_head',
        name: '村长',
        phone: null,
        staff_id: null,
      })
      .execute();
  }, 120_000);
  afterAll(async () => t?.close());

  const ROWS_ON_EVERY_DATABASE: {
    name: string;
    method: 'GET' | 'POST' | 'PUT' | 'DELETE';
    url: () => string;
    body?: unknown;
    expect: Record<Role, number>;
  }[] = [
    {
      name: 'list chiefs',
      method: 'GET',
      url: () => `/api/chiefs?schoolYear=${SCHOOL_YEAR}`,
      expect: ALL(200),
    },
    { name: 'export chiefs', method: 'GET', url: () => `/api/chiefs?format=xlsx`, expect: ALL(200) },
    {
      name: 'chief gaps',
      method: 'GET',
      url: () => `/api/chiefs/gaps?schoolYear=${SCHOOL_YEAR}`,
      expect: ALL(200),
    },
    {
      name: 'record a chief',
      method: 'PUT',
      url: () => '/api/chiefs',
      body: {
        schoolYear: SCHOOL_YEAR,
        unitCode: TOWN_A,
        duty: 'town_head',
        name: '镇长',
        phone: '13900000000',
        staffId: null,
      },
      expect: ADMIN_ONLY(200),
    },
    {
      name: 'delete a chief',
      method: 'DELETE',
      url: () => `/api/chiefs/${SCHOOL_YEAR}/${VILLAGE_A1}/village_head`,
      expect: ADMIN_ONLY(204),
    },
    { name: 'own inbox', method: 'GET', url: () => '/api/inbox', expect: ALL(200) },
    { name: 'own inbox count', method: 'GET', url: () => '/api/inbox/count', expect: ALL(200) },
  ];
  // A printed document is ~1 s of Chromium (5 s under the suite's load), and both documents
  // are refused or allowed by `getCaseDetail`, the check of `GET /api/cases/:id`, which the
  // cases matrix runs on both databases. So the 22 prints per database are made on PGlite only.
  const DOCUMENT_ROWS: typeof ROWS_ON_EVERY_DATABASE = [
    {
      name: 'print the notice of a case in town A (class a1)',
      method: 'GET',
      url: () => `/api/cases/${cases.a1}/documents/notice.pdf`,
      expect: ALL(PRINTED),
    },
    {
      name: 'print the summary of a case in town A (class a1)',
      method: 'GET',
      url: () => `/api/cases/${cases.a1}/documents/summary.pdf`,
      expect: ALL(PRINTED),
    },
    {
      name: 'print the notice of a case in town B',
      method: 'GET',
      url: () => `/api/cases/${cases.b1}/documents/notice.pdf`,
      expect: ALL(404, { county_admin: PRINTED, county_leader: PRINTED }),
    },
    {
      name: 'print the summary of a case in town B',
      method: 'GET',
      url: () => `/api/cases/${cases.b1}/documents/summary.pdf`,
      expect: ALL(404, { county_admin: PRINTED, county_leader: PRINTED }),
    },
  ];
  const ROWS = kind === 'pglite' ? [...ROWS_ON_EVERY_DATABASE, ...DOCUMENT_ROWS] : ROWS_ON_EVERY_DATABASE;

  describe.each(ROLES)('%s', (role) => {
    it.each(ROWS.map((r) => [r.name, r] as const))(
      '%s',
      async (_name, row) => {
        const res = await clients[role].request(row.method, row.url(), row.body);
        expect(res.statusCode, `${role} ${row.method} ${row.url()}: ${res.body.slice(0, 200)}`).toBe(
          row.expect[role],
        );
      },
      60_000,
    );

    it('reads the chain of exactly the children in scope', async () => {
      for (const key of Object.keys(t.fixture.students) as StudentKey[]) {
        const res = await clients[role].request('GET', `/api/students/${t.fixture.students[key]}/chain`);
        expect(res.statusCode, `${role} → ${key}`).toBe(VISIBLE_STUDENTS[role].includes(key) ? 200 : 404);
      }
    });

    it('sees, reads and finishes only its own inbox item', async () => {
      // Opening the cases filed items for their teams too: the list is exactly the user's rows.
      const own = await t.database.db
        .selectFrom('inbox_items')
        .select('id')
        .where('user_id', '=', t.fixture.users[role].id)
        .execute();
      const page = (
        await clients[role].request('GET', '/api/inbox?state=all&pageSize=200')
      ).json() as Page<InboxItem>;
      expect(page.items.map((i) => i.id).sort()).toEqual(own.map((o) => o.id).sort());
      expect(page.items.map((i) => i.id)).toContain(itemOf[role]);
      const other = ROLES.find((r) => r !== role)!;
      expect((await clients[role].request('POST', `/api/inbox/${itemOf[other]}/read`)).statusCode).toBe(404);
      expect((await clients[role].request('POST', `/api/inbox/${itemOf[other]}/done`)).statusCode).toBe(404);
      expect((await clients[role].request('POST', `/api/inbox/${itemOf[role]}/read`)).statusCode).toBe(200);
      expect((await clients[role].request('POST', `/api/inbox/${itemOf[role]}/done`)).statusCode).toBe(200);
    });
  });
});
