import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail } from '@baoxue/shared';
import { createTestApp, login, type Client, type TestApp } from '../../../test/app';
import { databaseKinds } from '../../../test/db';
import { COUNTY } from '../../../test/fixtures';
import { ManualClock } from '../../lib/clock';
import { chromiumPath, pdfAvailable } from '../../lib/pdf';
import { openCase } from '../cases/cases.open';
import { chineseDate, esc, noticeHtml, summaryHtml, townAuthority } from './documents.html';

// Printable documents: the HTML says what the law and the case say, the PDF route answers
// a real PDF with the Chinese fonts embedded, for those who see the case only, audited.
// Without Chromium the PDF tests are skipped (and say so) — except on CI, where they must run.

const ci = process.env.CI === 'true' || process.env.CI === '1';
const canRender = pdfAvailable() || ci;
if (!canRender)
  console.warn(
    `documents: PDF tests skipped (no Chromium at ${chromiumPath()}; apt-get install chromium fonts-noto-cjk)`,
  );

describe('document templates', () => {
  it('writes dates and authorities the way official documents do, and escapes values', () => {
    expect(chineseDate('2026-12-08')).toBe('2026年12月8日');
    expect(chineseDate(null)).toBe('____年__月__日');
    expect(townAuthority('接官亭镇')).toBe('接官亭镇人民政府');
    expect(townAuthority('城关街道')).toBe('城关街道办事处');
    expect(esc('<script>"x" & \'y\'</script>')).toBe(
      '&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;',
    );
  });
});

describe.each(databaseKinds())('printable documents on %s', (kind) => {
  let t: TestApp;
  let teacher: Client;
  let admin: Client;
  let town: Client;
  const clock = new ManualClock('2026-12-01T09:00:00+08:00');
  const cases = { a1: 0, b1: 0 };

  beforeAll(async () => {
    t = await createTestApp(kind, { clock });
    teacher = await login(t.app, t.fixture.users.teacher.username);
    admin = await login(t.app, t.fixture.users.county_admin.username);
    town = await login(t.app, t.fixture.users.town_official.username);
    await t.database.db
      .updateTable('students')
      .set({ guardian_name: '赵<父>', guardian_phone: '13700000000' })
      .where('id', '=', t.fixture.students.a1)
      .execute();
    for (const key of ['a1', 'b1'] as const) {
      const opened = await openCase(t.database.db, {
        countyCode: COUNTY,
        source: 'absence',
        studentId: t.fixture.students[key],
        openedOn: '2026-12-01',
        by: null,
      });
      cases[key] = opened.caseId;
    }
  }, 120_000);
  afterAll(async () => t?.close());

  async function detail(): Promise<CaseDetail> {
    const res = await admin.request('GET', `/api/cases/${cases.a1}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<CaseDetail>();
  }

  it('the notice names the guardian, the child, the law, the deadline and the issuers', async () => {
    const d = await detail();
    const html = noticeHtml({
      detail: d,
      idNumber: d.idNumberMasked,
      deadline: '2026-12-15',
      countyName: '略阳县',
      issuedOn: '2026-12-01',
    });
    for (const text of [
      '限期复学告知书',
      '赵&lt;父&gt;',
      d.name,
      '第五条',
      '第五十八条',
      '按时入学接受并完成义务教育',
      '责令限期改正',
      '2026年12月15日',
      '接官亭镇人民政府',
      '接官亭镇中心小学',
      '监护人签收',
      d.idNumberMasked!,
    ])
      expect(html, text).toContain(text);
    expect(html).not.toContain('<父>');
    expect(html).not.toMatch(/<script|https?:\/\//);
  });

  it('the summary carries the chain, the team and the masked identity number only', async () => {
    const d = await detail();
    const html = summaryHtml({
      detail: d,
      reasonLabel: null,
      countyName: '略阳县',
      printedBy: '管理员',
      printedAt: '2026-12-01 09:00',
    });
    for (const text of [
      '一人一案',
      '七长责任链',
      '劝返工作组',
      '工作步骤',
      '巩固回访',
      d.idNumberMasked!,
      '甲老师',
      '连续缺勤',
    ])
      expect(html, text).toContain(text);
    const full = await t.database.db
      .selectFrom('cases')
      .select('id_number')
      .where('id', '=', cases.a1)
      .executeTakeFirstOrThrow();
    expect(html).not.toContain(full.id_number!);
  });

  it.skipIf(!canRender)(
    'renders both PDFs with the Chinese fonts embedded, for a user who sees the case, audited',
    async () => {
      for (const doc of ['notice', 'summary']) {
        const res = await teacher.request('GET', `/api/cases/${cases.a1}/documents/${doc}.pdf`);
        expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        expect(String(res.headers['content-disposition'])).toContain(
          encodeURIComponent(doc === 'notice' ? '限期复学告知书' : '一人一案'),
        );
        const pdf = res.rawPayload;
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        expect(pdf.length).toBeGreaterThan(20_000);
        // The CJK glyphs come from Noto CJK, embedded as a subset: no boxes on paper.
        expect(pdf.toString('latin1')).toMatch(/Noto(Sans|Serif)CJK/);
      }
      const prints = await t.database.db
        .selectFrom('audit_log')
        .select(['action', 'detail', 'username'])
        .where('entity', '=', 'case')
        .where('entity_id', '=', String(cases.a1))
        .where('action', 'in', ['print', 'view_identity'])
        .orderBy('id')
        .execute();
      expect(prints.map((p) => [p.action, p.detail, p.username])).toEqual([
        ['print', 'notice deadline=2026-12-08', t.fixture.users.teacher.username],
        ['print', 'summary', t.fixture.users.teacher.username],
      ]);
    },
    60_000,
  );

  it.skipIf(!canRender)(
    'prints the full identity number only for a user allowed it who asks, and audits that view',
    async () => {
      const asked = await teacher.request(
        'GET',
        `/api/cases/${cases.a1}/documents/notice.pdf?fullId=true&deadline=2026-12-20`,
      );
      expect(asked.statusCode).toBe(200);
      const allowed = await admin.request('GET', `/api/cases/${cases.a1}/documents/notice.pdf?fullId=true`);
      expect(allowed.statusCode).toBe(200);
      const views = await t.database.db
        .selectFrom('audit_log')
        .select(['username', 'detail'])
        .where('action', '=', 'view_identity')
        .where('entity', '=', 'case')
        .execute();
      expect(views).toEqual([{ username: t.fixture.users.county_admin.username, detail: 'notice' }]);
      const bad = await admin.request(
        'GET',
        `/api/cases/${cases.a1}/documents/notice.pdf?deadline=2026-02-30`,
      );
      expect(bad.statusCode).toBe(400);
    },
    60_000,
  );

  it('answers 404 for a case outside scope, before any rendering, and audits the attempt', async () => {
    for (const doc of ['notice', 'summary']) {
      const res = await town.request('GET', `/api/cases/${cases.b1}/documents/${doc}.pdf`);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/json');
    }
    expect((await teacher.request('GET', '/api/cases/999999/documents/summary.pdf')).statusCode).toBe(404);
    const denied = await t.database.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'access_denied')
      .where('entity_id', '=', String(cases.b1))
      .execute();
    expect(denied.length).toBeGreaterThanOrEqual(2);
    const printed = await t.database.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'print')
      .where('entity_id', '=', String(cases.b1))
      .execute();
    expect(printed).toEqual([]);
  });
});
