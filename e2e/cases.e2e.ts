import { request, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../packages/server/src/lib/clock';
import { runDailyJobs } from '../packages/server/src/modules/schedule/schedule.service';
import { DEMO_PASSWORD, DESKTOP, PHONE, loginAs, openBrowser, pickOption, screenshot, startApp, submit, type RunningApp } from './harness';

// Issue 4's journey on a phone-sized window, on a controlled clock shared by the server and
// the browser: a class teacher marks a child absent without excuse three school days running
// and logs the calls; the night's jobs open a case; the town official verifies it and logs
// the persuasion, the principal records the return; four monthly check-ins find the child in
// school and the case is cleared (销号); the dropout ledger and the overview follow.

const COUNTY = '610727';
const MARK_DAYS = ['2026-11-30', '2026-12-01', '2026-12-02']; // Monday to Wednesday, school days
const CASE_DAY = '2026-12-03';

/** Server and browser agree on the day: 09:00 Beijing time. */
async function setDay(clock: ManualClock, context: BrowserContext, day: string): Promise<void> {
  clock.setDay(day);
  await context.clock.setFixedTime(clock.now());
}

async function markUnexcused(page: Page, url: string, studentId: number): Promise<void> {
  await page.goto(`${url}/absences`);
  await page.getByTestId(`absence-row-${studentId}`).waitFor();
  await page.getByTestId(`absence-kind-${studentId}-unexcused`).click();
  const saved = submit(
    page.getByTestId('absence-save'),
    (r) => r.url().includes('/api/absences/classes/') && r.method() === 'PUT',
  );
  expect((await saved).status()).toBe(200);
  // The same-day call to the guardian: reached, so only the run of absences escalates.
  await page.getByTestId(`contact-open-${studentId}`).click();
  await page.getByTestId('contact-form').waitFor();
  await page.getByTestId('contact-method-phone').click();
  await page.getByTestId('contact-result-reached').click();
  await page.getByTestId('contact-note').fill('家长称孩子不愿上学，答应明天送来');
  const logged = submit(page.getByTestId('modal-ok'), (r) => r.url().endsWith('/api/absences/contacts'));
  expect((await logged).status()).toBe(201);
  await page.getByTestId(`contact-list-${studentId}`).waitFor();
}

/** Submits the open case sheet and waits for the case request to answer. */
async function submitSheet(page: Page, pathEnd: RegExp): Promise<void> {
  const answered = submit(
    page.getByTestId('case-form-ok'),
    (r) => pathEnd.test(new URL(r.url()).pathname) && r.method() === 'POST',
  );
  const response = await answered;
  expect(response.status(), await response.text()).toBeLessThan(300);
}

describe('bringing a child back, in Chromium on a phone', () => {
  let app: RunningApp;
  const clock = new ManualClock('2026-11-30T09:00:00+08:00');

  beforeAll(async () => {
    app = await startApp({ clock });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('absences → case → verification, persuasion, return → check-ins → cleared; ledger and overview follow', { timeout: 300_000 }, async () => {
    const db = app.handle.db;
    const browser = await openBrowser(PHONE);
    const { page, context } = browser;
    try {
      // 1. The class teacher, three school days running.
      await setDay(clock, context, MARK_DAYS[0]!);
      expect(await loginAs(page, app.url, 'teacher')).toBe(200);
      await page.goto(`${app.url}/absences`);
      const firstRow = page.locator('[data-testid^="absence-row-"]').first();
      await firstRow.waitFor();
      const studentId = Number((await firstRow.getAttribute('data-testid'))!.replace('absence-row-', ''));
      const student = await db.selectFrom('students').select(['name']).where('id', '=', studentId).executeTakeFirstOrThrow();
      for (const [i, day] of MARK_DAYS.entries()) {
        await setDay(clock, context, day);
        await markUnexcused(page, app.url, studentId);
        if (i === 0) await screenshot(page, 'cases-01-teacher-marks-absence');
      }
      await screenshot(page, 'cases-02-teacher-logs-call');

      // 2. The next morning the scheduled jobs run: three unexcused school days open a case.
      await setDay(clock, context, CASE_DAY);
      await runDailyJobs(db, COUNTY, clock);
      const opened = await db
        .selectFrom('cases')
        .select(['id', 'source', 'step'])
        .where('student_id', '=', studentId)
        .executeTakeFirstOrThrow();
      expect(opened).toMatchObject({ source: 'absence', step: 'verification' });
      const caseUrl = `${app.url}/cases/${opened.id}`;
      await page.goto(`${app.url}/cases`);
      await page.getByRole('link', { name: student.name }).first().waitFor();
      await screenshot(page, 'cases-03-teacher-sees-case');

      // 3. The town official: the inbox names the case; verification finds the child out of school.
      await browser.context.clearCookies();
      expect(await loginAs(page, app.url, 'town')).toBe(200);
      // The week's rolls in the town: the teacher's three, of every class's school days so far.
      await page.goto(`${app.url}/absences`);
      await page.getByTestId('absence-range-week').click();
      const rolls = page.getByTestId('absence-rolls').locator('.ant-statistic-content');
      await expect.poll(() => rolls.innerText()).toMatch(/^3\/\d+$/);
      await screenshot(page, 'cases-04-town-absences-rolls');
      await page.goto(`${app.url}/inbox`);
      await page.getByText(student.name).first().waitFor();
      await screenshot(page, 'cases-04-town-inbox');
      await page.goto(caseUrl);
      await page.getByTestId('case-steps').waitFor();
      await page.getByTestId('case-add-action').first().click();
      await page.getByTestId('case-action-form').waitFor();
      await pickOption(page, 'case-action-kind', '入户核实/家访');
      await page.getByTestId('case-action-participants').fill('镇干部、村干部、班主任');
      await page.getByTestId('case-action-result').fill('孩子在家，称跟不上课不想上学');
      await submitSheet(page, /\/api\/cases\/\d+\/actions$/);
      await page.getByTestId('case-advance').click();
      await page.getByTestId('case-verify-form').waitFor();
      await page.getByTestId('case-verify-out').click();
      await pickOption(page, 'case-reason', '学业困难/厌学');
      await submitSheet(page, /\/api\/cases\/\d+\/advance$/);
      await expectStep(db, opened.id, 'persuasion');
      // Persuasion: a meeting and the written notice under the Compulsory Education Law.
      for (const kind of ['劝返会', '送达《义务教育法》书面告知']) {
        await page.getByTestId('case-add-action').first().click();
        await pickOption(page, 'case-action-kind', kind);
        await page.getByTestId('case-action-result').fill('监护人同意下周一送孩子返校');
        await submitSheet(page, /\/api\/cases\/\d+\/actions$/);
      }
      await screenshot(page, 'cases-05-town-persuasion');

      // 4. The principal: the placement, then the return.
      await browser.context.clearCookies();
      expect(await loginAs(page, app.url, 'school')).toBe(200);
      await page.goto(caseUrl);
      await page.getByTestId('case-advance').click();
      await page.getByTestId('case-placement-form').waitFor();
      await page.getByTestId('case-placement-school').click();
      await submitSheet(page, /\/api\/cases\/\d+\/advance$/);
      await expectStep(db, opened.id, 'return');
      await setDay(clock, context, '2026-12-07');
      await page.reload();
      await page.getByTestId('case-advance').click();
      await page.getByTestId('case-returned-form').waitFor();
      await submitSheet(page, /\/api\/cases\/\d+\/advance$/);
      await expectStep(db, opened.id, 'observation');
      await screenshot(page, 'cases-06-principal-observation');

      // 5. Four check-ins 30 days apart find the child in school; the last one clears the case.
      const checkIns = await db
        .selectFrom('case_check_ins')
        .select(['round', 'seq', 'due_on'])
        .where('case_id', '=', opened.id)
        .orderBy('seq')
        .execute();
      expect(checkIns).toHaveLength(4);
      for (const c of checkIns) {
        await setDay(clock, context, c.due_on);
        await page.reload();
        await page.getByTestId(`case-checkin-${c.round}-${c.seq}`).click();
        await page.getByTestId('case-checkin-form').waitFor();
        await page.getByTestId('case-checkin-yes').click();
        await submitSheet(page, /\/api\/cases\/\d+\/check-ins\/\d+\/\d+$/);
      }
      await expectStep(db, opened.id, 'closed');
      await page.reload();
      await page.getByTestId('case-ending').waitFor();
      await screenshot(page, 'cases-07-cleared');

      // 6. The ledgers and the overview: confirmed once, cleared as returned.
      await page.goto(`${app.url}/cases`);
      await page.getByTestId('cases-tab-dropouts').click();
      await page.getByText(student.name).first().waitFor();
      await screenshot(page, 'cases-08-dropout-ledger');
      await page.getByTestId('cases-tab-clearing').click();
      await page.getByText(student.name).first().waitFor();
      await screenshot(page, 'cases-09-clearing');
      const overview = page.waitForResponse((r) => r.url().includes('/api/cases/overview'));
      await page.goto(app.url);
      const figures = (await (await overview).json()) as { total: { returned: number; closed: number; checkInsInSchool: number } };
      expect(figures.total.returned).toBeGreaterThanOrEqual(1);
      expect(figures.total.closed).toBeGreaterThanOrEqual(1);
      expect(figures.total.checkInsInSchool).toBeGreaterThanOrEqual(4);
      await screenshot(page, 'cases-10-overview');
    } catch (error) {
      await screenshot(page, 'cases-failure');
      throw error;
    } finally {
      await browser.close();
    }
  });
});

describe("the county's side of bringing children back, in Chromium on a desktop", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ clock: new ManualClock('2026-11-30T09:00:00+08:00') });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('admin fills a missing chief, reads the calendar, reconciles into cases, prints a notice, meets a concurrent edit; the case page in English', { timeout: 300_000 }, async () => {
    const browser = await openBrowser(DESKTOP);
    const { page } = browser;
    try {
      expect(await loginAs(page, app.url, 'admin')).toBe(200);

      // The seven chiefs: a village without a head is listed as a gap; filling it closes the gap.
      await page.getByTestId('menu-chiefs').click();
      const gap = page.locator('[data-testid^="chief-gap-village_head-"]').first();
      await gap.waitFor();
      const gapId = (await gap.getAttribute('data-testid'))!;
      await screenshot(page, 'cases-admin-01-chiefs');
      await gap.click();
      await page.getByTestId('chief-form-name').fill('测试村长');
      await page.getByTestId('chief-form-phone').fill('10012345678');
      const saved = submit(
        page.getByTestId('modal-ok'),
        (r) => r.url().endsWith('/api/chiefs') && r.method() === 'PUT',
      );
      expect((await saved).status()).toBe(200);
      await page.getByTestId(gapId).waitFor({ state: 'detached' });

      // The school calendar of the demo year: National Day is a holiday.
      await page.getByTestId('menu-calendar').click();
      await page.getByTestId('day-delete-2026-10-01').waitFor();
      await screenshot(page, 'cases-admin-02-calendar');

      // Reconciliation opens a case for every suspected out-of-school child.
      await page.getByTestId('menu-reconciliation').click();
      await page.getByTestId('runs-table').waitFor();
      const started = submit(
        page.getByTestId('run-start'),
        (r) => r.url().endsWith('/api/reconciliation/runs') && r.method() === 'POST',
      );
      const runId = ((await (await started).json()) as { id: number }).id;
      await page.getByTestId(`run-children-${runId}`).waitFor({ timeout: 90_000 });
      const suspected = await app.handle.db
        .selectFrom('reconciliation_children')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('run_id', '=', runId)
        .where('status', '=', 'suspected_out_of_school')
        .executeTakeFirstOrThrow();
      await page.getByTestId('menu-cases').click();
      await page.getByTestId('cases-table').waitFor();
      const opened = await app.handle.db
        .selectFrom('cases')
        .select(['id', 'name'])
        .where('source', '=', 'reconciliation')
        .orderBy('id')
        .execute();
      expect(opened.length).toBe(Number(suspected.n));
      expect(opened.length).toBeGreaterThan(0);
      await screenshot(page, 'cases-admin-03-list');

      // The case page, and the written notice to the guardians as a PDF.
      await page.getByRole('link', { name: opened[0]!.name }).first().click();
      await page.getByTestId('case-steps').waitFor();
      await page.getByTestId('chain-card').waitFor();
      await screenshot(page, 'cases-admin-04-case');
      const pdf = await page.request.get(`${app.url}/api/cases/${opened[0]!.id}/documents/notice.pdf`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toContain('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      // The print button opens the fetched notice in a tab of its own.
      const [tab] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('case-print-notice').click()]);
      await tab.waitForURL(/^blob:/);
      await tab.close();

      // Two users on one case: the town official saves while the admin edits the plan; the
      // admin's save is refused with a clear message, the typed plan stays, saving again works.
      const shared = await app.handle.db
        .selectFrom('cases')
        .select(['id', 'version'])
        .where('town_code', '=', '610727101')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      await page.goto(`${app.url}/cases/${shared.id}`);
      await page.getByTestId('case-edit-plan').click();
      const plan = '镇村干部周三入户，班主任周五电话跟进';
      await page.getByTestId('case-plan').fill(plan);
      const town = await request.newContext({ baseURL: app.url });
      const session = await town.post('/api/auth/login', { data: { username: 'town', password: DEMO_PASSWORD } });
      const { csrfToken } = (await session.json()) as { csrfToken: string };
      const other = await town.patch(`/api/cases/${shared.id}`, {
        headers: { 'x-csrf-token': csrfToken },
        data: { version: shared.version, reasonNote: '村干部补充：家中白天无人' },
      });
      expect(other.status()).toBe(200);
      await town.dispose();
      await page.getByTestId('case-form-ok').click();
      await page.getByTestId('case-conflict').waitFor();
      expect(await page.getByTestId('case-plan').inputValue()).toBe(plan);
      // The field the admin left alone now shows the town official's note.
      await expect.poll(() => page.getByTestId('case-reason-note').inputValue()).toBe('村干部补充：家中白天无人');
      await screenshot(page, 'cases-admin-05-conflict');
      const resaved = submit(
        page.getByTestId('case-form-ok'),
        (r) => r.url().endsWith(`/api/cases/${shared.id}`) && r.method() === 'PATCH',
      );
      expect((await resaved).status()).toBe(200);
      const after = await app.handle.db
        .selectFrom('cases')
        .select(['plan', 'reason_note'])
        .where('id', '=', shared.id)
        .executeTakeFirstOrThrow();
      expect(after).toEqual({ plan, reason_note: '村干部补充：家中白天无人' });

      await page.getByTestId('lang-en').click();
      await page.getByText('Verification', { exact: true }).first().waitFor();
      await screenshot(page, 'cases-admin-06-case-en');

      // A session that has ended: printing leads to the login page, and no tab is left
      // showing an error.
      await browser.context.clearCookies();
      const tabs = browser.context.pages().length;
      await page.getByTestId('case-print-notice').click();
      await page.getByTestId('login-username').waitFor();
      await expect.poll(() => browser.context.pages().length).toBe(tabs);
      await screenshot(page, 'cases-admin-07-print-session-ended');
    } catch (error) {
      await screenshot(page, 'cases-admin-failure');
      throw error;
    } finally {
      await browser.close();
    }
  });
});

async function expectStep(db: RunningApp['handle']['db'], caseId: number, step: string): Promise<void> {
  const row = await db.selectFrom('cases').select('step').where('id', '=', caseId).executeTakeFirstOrThrow();
  expect(row.step).toBe(step);
}
