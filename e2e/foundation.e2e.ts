import { sql } from 'kysely';
import type { Locator, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeLabel } from '@baoxue/shared';
import {
  DEMO_PASSWORD,
  PHONE,
  loginAs,
  openBrowser,
  dropdownsClosed,
  pickOption,
  screenshot,
  startApp,
  submit,
  type RunningApp,
} from './harness';

// Issue 2's journeys: every role logs in and sees its own menu and data; a forced password
// change; a lockout after repeated wrong passwords; the phone layout.

const MENU = ['overview', 'regions', 'schools', 'students', 'users', 'audit', 'settings', 'account'] as const;

const EXPECTED_MENU: Record<string, (typeof MENU)[number][]> = {
  admin: ['overview', 'regions', 'schools', 'students', 'users', 'audit', 'settings', 'account'],
  leader: ['overview', 'regions', 'schools', 'students', 'audit', 'account'],
  inspector: ['overview', 'regions', 'schools', 'students', 'account'],
  town: ['overview', 'regions', 'schools', 'students', 'account'],
  village: ['overview', 'regions', 'students', 'account'],
  school: ['overview', 'regions', 'schools', 'students', 'account'],
  teacher: ['overview', 'schools', 'students', 'account'],
};

async function visibleMenu(page: Page): Promise<string[]> {
  const shown: string[] = [];
  for (const key of MENU) if (await page.getByTestId(`menu-${key}`).isVisible()) shown.push(key);
  return shown;
}

async function studentTotal(page: Page): Promise<number> {
  const response = await page.waitForResponse(
    (r) => r.url().includes('/api/students?') && r.status() === 200,
  );
  return ((await response.json()) as { total: number }).total;
}

describe('foundation journeys in Chromium', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => app?.close());

  /** The school of the demo principal (the `school` account). */
  async function principalSchool(): Promise<string> {
    const principal = await app.handle.db
      .selectFrom('users')
      .select('scope_code')
      .where('username', '=', 'school')
      .executeTakeFirstOrThrow();
    return principal.scope_code;
  }

  /** The principal's school, with the town it is in. */
  function principalSchoolRow() {
    return principalSchool().then((code) =>
      app.handle.db
        .selectFrom('schools')
        .innerJoin('regions', 'regions.code', 'schools.town_code')
        .select(['schools.code', 'schools.name', 'regions.name as town'])
        .where('schools.code', '=', code)
        .executeTakeFirstOrThrow(),
    );
  }

  /** The first pupil 在读 in `grade` of a primary school of the county other than `school`. */
  function pupilOfAnotherPrimary(school: string, grade: number) {
    return app.handle.db
      .selectFrom('students')
      .innerJoin('schools', 'schools.code', 'students.school_code')
      .select(['students.id', 'students.name', 'students.id_number', 'schools.name as from'])
      .where('students.school_code', '<>', school)
      .where('schools.type', '=', 'primary')
      .where('students.grade', '=', grade)
      .where('students.status', '=', 'enrolled')
      .orderBy('students.id')
      .limit(1)
      .executeTakeFirstOrThrow();
  }

  /** The principal's page of one pupil, with its 学籍变动 form. */
  async function openPupilAsPrincipal(page: Page, pupil: { name: string }): Promise<Locator> {
    await loginAs(page, app.url, 'school');
    await page.goto(`${app.url}/students?q=${encodeURIComponent(pupil.name)}`);
    await page.getByTestId('students-table').getByText(pupil.name).first().click();
    const drawer = page.getByTestId('student-drawer');
    await drawer.getByTestId('status-change').waitFor();
    return drawer;
  }

  it.each(Object.keys(EXPECTED_MENU))('%s logs in and sees the right menu and data', async (username) => {
    const browser = await openBrowser();
    try {
      const { page } = browser;
      expect(await loginAs(page, app.url, username)).toBe(200);
      await page.getByTestId('header-user-name').waitFor();
      await page.getByTestId('menu-overview').waitFor();
      expect(await visibleMenu(page)).toEqual(EXPECTED_MENU[username]);
      await page.getByTestId('stat-students').waitFor();
      if (username === 'teacher') {
        // A class teacher answers for classes: no towns, villages, the school's teachers or towns' chart.
        await page.getByTestId('overview-schools').waitFor();
        expect(await page.getByTestId('stat-towns').count()).toBe(0);
        expect(await page.getByTestId('stat-teachers').count()).toBe(0);
        await page.getByTestId('stat-classes').waitFor();
        expect(await page.getByTestId('town-chart').count()).toBe(0);
      } else if (username === 'village') {
        // A village official answers for the village's children, not for the classes and
        // teachers of the schools they attend.
        await page.getByTestId('overview-schools').waitFor();
        for (const other of ['stat-towns', 'stat-classes', 'stat-teachers'])
          expect([other, await page.getByTestId(other).count()]).toEqual([other, 0]);
        await page.getByTestId('stat-villages').waitFor();
        expect(await page.getByTestId('town-chart').count()).toBe(0);
      } else if (!['admin', 'leader', 'inspector'].includes(username)) {
        // One town, one village or one school: a chart of the towns would be a single bar.
        await page.getByTestId('overview-schools').waitFor();
        expect(await page.getByTestId('town-chart').count()).toBe(0);
      } else {
        // The chart is loaded apart (ECharts); the screenshot shows it drawn, not its placeholder.
        await page.getByTestId('town-chart').locator('canvas').waitFor();
      }
      await screenshot(page, `overview-${username}`);
      // A village official sees the schools the village's children attend, without their pages.
      const schoolLinks = await page.getByTestId('overview-schools').locator('a[href^="/schools/"]').count();
      if (username === 'village') expect(schoolLinks).toBe(0);
      else expect(schoolLinks).toBeGreaterThan(0);
      if (username === 'school') {
        // The school's town is no region of the principal's: named, not a link to 找不到该记录.
        await page.goto(`${app.url}/schools/${await principalSchool()}`);
        await page.getByTestId('school-town-text').waitFor();
        expect(
          await page.getByTestId('service-area').locator('a[href^="/regions/"]').count(),
        ).toBeGreaterThan(0);
      }

      const totalPromise = studentTotal(page);
      await page.getByTestId('menu-students').click();
      const total = await totalPromise;
      await page.getByTestId('page-title').waitFor();
      const count = await app.handle.db
        .selectFrom('students')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      if (username === 'admin' || username === 'leader') expect(total).toBe(Number(count.n));
      else expect(total).toBeLessThan(Number(count.n));
      expect(total).toBeGreaterThan(0);
      await screenshot(page, `students-${username}`);
    } finally {
      await browser.close();
    }
  });

  it('a new user must change the initial password before anything else', async () => {
    const admin = await app.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: DEMO_PASSWORD },
    });
    const cookie = `bx_session=${admin.cookies.find((c) => c.name === 'bx_session')?.value}`;
    const csrf = (admin.json() as { csrfToken: string }).csrfToken;
    const created = await app.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: {
        username: 'new.official',
        displayName: '新专干',
        role: 'town_official',
        scopeCode: '610727101',
        initialPassword: 'Start#2026',
      },
    });
    expect(created.statusCode).toBe(201);

    const browser = await openBrowser();
    try {
      const { page } = browser;
      await loginAs(page, app.url, 'new.official', 'Start#2026');
      await page.getByTestId('must-change-password').waitFor();
      await page.getByTestId('current-password').fill('Start#2026');
      await page.getByTestId('new-password').fill('Changed#2027');
      await page.getByTestId('confirm-password').fill('Changed#2027');
      await screenshot(page, 'password-change');
      await page.getByTestId('change-password-submit').click();
      await page.getByTestId('menu-overview').click();
      await page.getByTestId('stat-students').waitFor();
      const audit = await app.handle.db
        .selectFrom('audit_log')
        .select('action')
        .where('username', '=', 'new.official')
        .where('action', '=', 'password_change')
        .execute();
      expect(audit).toHaveLength(1);
    } finally {
      await browser.close();
    }
  });

  // Before the lockout journey, which locks the village official's account.
  it("a village official's overview on a 375 px phone: the village's children by school", async () => {
    const browser = await openBrowser(PHONE);
    try {
      const { page } = browser;
      // On a mobile network every byte counts: the app's scripts arrive compressed, and are
      // kept by the phone for good (their names change with their content).
      const scripts: Response[] = [];
      page.on('response', (r) => {
        if (/\/assets\/.*\.js$/.test(r.url())) scripts.push(r);
      });
      await loginAs(page, app.url, 'village');
      const schools = page.getByTestId('overview-schools');
      await schools.locator('tbody tr, .ant-card').first().waitFor();
      await schools.scrollIntoViewIfNeeded();
      await screenshot(page, 'phone-overview-village');
      expect(await schools.locator('a[href^="/schools/"]').count()).toBe(0);
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) {
        const headers = await script.allHeaders();
        // A file under 1 kB (the bundler's runtime) is not worth a compressed copy.
        const compressed = (await script.body()).length >= 1024 ? 'br' : undefined;
        expect([script.url(), headers['content-encoding'], headers['cache-control']]).toEqual([
          script.url(),
          compressed,
          'public, max-age=31536000, immutable',
        ]);
      }
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect(width).toBeLessThanOrEqual(PHONE.width);
      const figure = async (testId: string) =>
        Number(
          (await page.getByTestId(testId).locator('.ant-statistic-content').innerText()).replace(/\D/g, ''),
        );
      const enrolled = await figure('stat-students');

      // The village's page: its town is named, not a link to a page the official may not open,
      // and its enrolled children are the overview's.
      const village = await app.handle.db
        .selectFrom('users')
        .innerJoin('regions', 'regions.code', 'users.scope_code')
        .innerJoin('regions as town', 'town.code', 'regions.parent_code')
        .select(['regions.code', 'town.code as town', 'town.name as townName'])
        .where('users.username', '=', 'village')
        .executeTakeFirstOrThrow();
      await page.goto(`${app.url}/regions/${village.code}`);
      await page.getByTestId('region-parent-text').getByText(village.townName).waitFor();
      expect(await page.locator(`a[href="/regions/${village.town}"]`).count()).toBe(0);
      expect(await figure('region-students')).toBe(enrolled);
    } finally {
      await browser.close();
    }
  });

  it('every page of a village official, a town official and a teacher fits a phone, in English too', async () => {
    // English names run longer than Chinese ones: a page wider than the phone scrolls sideways.
    // Before the lockout journey, which locks the village official's account.
    const pages = ['/', '/inbox', '/absences', '/cases', '/students', '/rosters', '/ledgers', '/reconciliation', '/review', '/account'];
    const tooWide: string[] = [];
    for (const role of ['village', 'town', 'teacher']) {
      const browser = await openBrowser(PHONE);
      try {
        const { page } = browser;
        expect(await loginAs(page, app.url, role)).toBe(200);
        await page.getByTestId('lang-en').click();
        for (const path of pages) {
          await page.goto(`${app.url}${path}`);
          await page.waitForLoadState('networkidle');
          const width = await page.evaluate<number>('document.documentElement.scrollWidth');
          if (width > PHONE.width) tooWide.push(`${role} ${path}: ${width}px`);
          if (path === '/students') {
            // A class reads "Grade 3, Class 1" in English, not the Chinese 1班.
            const table = page.getByTestId('students-table');
            await table.getByText(/^Grade \d, Class \d+$/).first().waitFor();
            expect(await table.getByText(/^\d+班$/).count()).toBe(0);
          }
        }
        if (role === 'village') await screenshot(page, 'phone-en-village-account');
      } finally {
        await browser.close();
      }
    }
    expect(tooWide).toEqual([]);
  });

  it('five wrong passwords lock the account and the login page says so', async () => {
    const browser = await openBrowser();
    try {
      const { page } = browser;
      for (let i = 0; i < 5; i++) expect(await loginAs(page, app.url, 'village', `Wrong#${i}pass`)).toBe(401);
      expect(await loginAs(page, app.url, 'village', DEMO_PASSWORD)).toBe(423);
      await page.getByTestId('login-error').getByText('账号已被锁定').waitFor();
      await screenshot(page, 'login-locked');
      const outcomes = await app.handle.db
        .selectFrom('login_log')
        .select('outcome')
        .where('username', '=', 'village')
        .orderBy('id')
        .execute();
      expect(outcomes.map((o) => o.outcome).slice(-6)).toEqual([...Array(5).fill('bad_password'), 'locked']);
    } finally {
      await browser.close();
    }
  });

  it('a class teacher works on a 375 px phone: menu in a drawer, own class only', async () => {
    const browser = await openBrowser(PHONE);
    try {
      const { page } = browser;
      await loginAs(page, app.url, 'teacher');
      await page.getByTestId('stat-students').waitFor();
      await screenshot(page, 'phone-overview-teacher');
      expect(await page.getByTestId('menu-students').isVisible()).toBe(false);
      await page.getByTestId('menu-toggle').click();
      await page.getByTestId('menu-drawer').waitFor();
      await screenshot(page, 'phone-menu-teacher');
      // Tapping the page already open closes the drawer too.
      await page.getByTestId('menu-overview').click();
      await page.getByTestId('menu-drawer').waitFor({ state: 'hidden' });
      await page.getByTestId('menu-toggle').click();
      await page.getByTestId('menu-drawer').waitFor();
      const totalPromise = studentTotal(page);
      await page.getByTestId('menu-students').click();
      expect(await totalPromise).toBeLessThan(100);
      await page.getByTestId('page-title').waitFor();
      // The counts per status wrap onto the phone's width.
      await page.getByTestId('student-status-count-enrolled').waitFor();
      // Their own classes are the whole list: no school (or school's class) to choose.
      await page.getByTestId('filters-toggle').click();
      await page.getByTestId('student-status-filter').waitFor();
      expect(await page.getByTestId('student-school-filter').count()).toBe(0);
      expect(await page.getByTestId('student-class-filter').count()).toBe(0);
      await screenshot(page, 'phone-students-teacher-top', { fullPage: false });
      await screenshot(page, 'phone-students-teacher');
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect(width).toBeLessThanOrEqual(PHONE.width);
    } finally {
      await browser.close();
    }
  });

  it('an inspector picks one of the zone’s towns for 一表六册 right where the page asks, on a phone', async () => {
    const browser = await openBrowser(PHONE);
    try {
      const { page } = browser;
      await loginAs(page, app.url, 'inspector');
      await page.goto(`${app.url}/rosters`);
      const ask = page.getByTestId('rosters-pick-area');
      await ask.waitFor();
      expect(await page.getByTestId('statistics-table').count()).toBe(0);
      await screenshot(page, 'phone-rosters-inspector-pick', { fullPage: false });
      await ask.getByTestId('rosters-pick-town').click();
      await page.locator('.ant-select-dropdown:visible').getByText('接官亭镇', { exact: true }).click();
      await page.waitForURL(/townCode=610727101/);
      await page.getByTestId('statistics-table').waitFor();
      await ask.waitFor({ state: 'detached' });
      expect(await page.getByTestId('rosters-workbook').isDisabled()).toBe(false);
      // A village's card shows the figures to act on; the other figures fold under 详情.
      const card = page.getByTestId('statistics-table').locator('.ant-card').first();
      await card.getByText('适龄', { exact: true }).waitFor();
      expect(await card.getByText('0–5岁', { exact: true }).isVisible()).toBe(false);
      await screenshot(page, 'phone-rosters-statistics', { fullPage: false });
      await card.getByText('详情', { exact: true }).click();
      await card.getByText('0–5岁', { exact: true }).waitFor();
    } finally {
      await browser.close();
    }
  });

  it("a town official's overview says how many enrolled children their own list holds, and leads there", async () => {
    const browser = await openBrowser();
    try {
      const { page } = browser;
      await loginAs(page, app.url, 'town');
      const link = page.getByTestId('overview-roster-enrolled');
      await link.waitFor();
      const schools = Number(
        (await page.getByTestId('stat-students').locator('.ant-statistic-content').innerText()).replace(
          /\D/g,
          '',
        ),
      );
      const [elsewhere = NaN, onList = NaN] = ((await link.innerText()).match(/[\d,]+/g) ?? []).map((n) =>
        Number(n.replace(/,/g, '')),
      );
      // The town's children at other towns' schools are on the list, not in the schools' figure.
      expect(onList).toBeGreaterThan(schools);
      expect(elsewhere).toBe(onList - schools);
      await screenshot(page, 'overview-town-roster');
      const totalPromise = studentTotal(page);
      await link.click();
      expect(await totalPromise).toBe(onList);
      expect(page.url()).toContain('status=enrolled');
    } finally {
      await browser.close();
    }
  });

  it('the county admin sets up a class for the school year: a new teacher, the class they head, renamed, the teacher’s phone changed', async () => {
    const school = await app.handle.db
      .selectFrom('schools')
      .select(['code', 'name'])
      .where('type', '=', 'primary')
      .orderBy('code')
      .limit(1)
      .executeTakeFirstOrThrow();
    const browser = await openBrowser();
    try {
      const { page } = browser;
      await loginAs(page, app.url, 'admin');
      await page.goto(`${app.url}/schools/${school.code}`);
      await page.getByTestId('school-staff').waitFor();

      await page.getByTestId('staff-add').click();
      await page.getByTestId('staff-name').fill('测试老师甲');
      await page.getByTestId('staff-phone').fill('13800000077');
      const added = submit(
        page.getByTestId('modal-ok'),
        (r) => r.url().endsWith('/staff') && r.method() === 'POST',
      );
      const addedResponse = await added;
      expect(addedResponse.status()).toBe(201);
      const teacher = (await addedResponse.json()) as { id: number };

      await page.getByTestId('class-create').click();
      await pickOption(page, 'class-grade', '一年级');
      await page.getByTestId('class-name').fill('9班');
      await pickOption(page, 'class-head-teacher', '测试老师甲（13800000077）', '测试老师甲');
      const created = submit(
        page.getByTestId('modal-ok'),
        (r) => r.url().endsWith('/classes') && r.method() === 'POST',
      );
      const response = await created;
      expect(response.status(), await response.text()).toBe(201);
      const { id, headTeacherName } = (await response.json()) as { id: number; headTeacherName: string };
      expect(headTeacherName).toBe('测试老师甲');
      const row = page.getByTestId('school-classes').locator('tr', { hasText: '测试老师甲' });
      await row.getByText('9班').waitFor();

      await page.getByTestId(`class-edit-${id}`).click();
      await page.getByTestId('class-name').fill('10班');
      const renamed = submit(page.getByTestId('modal-ok'), (r) => r.url().endsWith(`/classes/${id}`));
      expect((await renamed).status()).toBe(200);
      await row.getByText('10班').waitFor();

      // The teacher's new phone shows beside the class they head.
      await page.getByTestId(`staff-edit-${teacher.id}`).click();
      await page.getByTestId('staff-phone').fill('13800000078');
      const changed = submit(page.getByTestId('modal-ok'), (r) => r.url().endsWith(`/staff/${teacher.id}`));
      expect((await changed).status()).toBe(200);
      await row.getByText('13800000078').waitFor();
      await screenshot(page, 'school-class-setup');

      // A teacher who heads a class cannot leave yet: the form says why and stays open.
      await page.getByTestId(`staff-edit-${teacher.id}`).click();
      await page.getByTestId('staff-active').getByText('已离岗').click();
      const refused = submit(page.getByTestId('modal-ok'), (r) => r.url().endsWith(`/staff/${teacher.id}`));
      expect((await refused).status()).toBe(409);
      await page.getByTestId('staff-form').getByText('仍是本学年 一年级10班 的班主任').waitFor();
      await page.getByTestId('modal-cancel').click();
      await page.getByTestId('staff-form').waitFor({ state: 'detached' });
      // One who heads none leaves, and is shown as such at the end of the list.
      await page.getByTestId('staff-add').click();
      await page.getByTestId('staff-name').fill('测试老师乙');
      const second = submit(
        page.getByTestId('modal-ok'),
        (r) => r.url().endsWith('/staff') && r.method() === 'POST',
      );
      const leaver = (await (await second).json()) as { id: number };
      await page.getByTestId(`staff-edit-${leaver.id}`).click();
      await page.getByTestId('staff-active').getByText('已离岗').click();
      const left = submit(page.getByTestId('modal-ok'), (r) => r.url().endsWith(`/staff/${leaver.id}`));
      expect((await left).status()).toBe(200);
      await page.getByTestId(`staff-left-${leaver.id}`).waitFor();
      await page.getByTestId('school-staff').scrollIntoViewIfNeeded();
      await screenshot(page, 'school-staff-left');

      // A class set up by mistake, and nothing in it yet, is deleted again.
      await page.getByTestId('class-create').click();
      await pickOption(page, 'class-grade', '二年级');
      await page.getByTestId('class-name').fill('错建班');
      const mistaken = submit(
        page.getByTestId('modal-ok'),
        (r) => r.url().endsWith('/classes') && r.method() === 'POST',
      );
      const mistake = (await (await mistaken).json()) as { id: number };
      await page.getByTestId(`class-delete-${mistake.id}`).click();
      const deleted = submit(
        page.locator('.ant-popconfirm').getByRole('button', { name: '确定' }),
        (r) => r.url().endsWith(`/classes/${mistake.id}`),
      );
      expect((await deleted).status()).toBe(204);
      await page.getByTestId(`class-delete-${mistake.id}`).waitFor({ state: 'detached' });

      // The new teacher's account: chosen by school and name, never a typed staff number.
      await page.goto(`${app.url}/users`);
      await page.getByTestId('user-create').click();
      await page.getByTestId('user-username').fill('teacher.new');
      await page.getByTestId('user-display-name').fill('测试老师甲');
      await pickOption(page, 'user-role', '班主任/帮扶教师');
      await pickOption(page, 'user-scope-teacher-school', school.name, school.name);
      await pickOption(page, 'user-scope-teacher', '测试老师甲（教师）', '测试老师甲');
      await page.getByTestId('user-initial-password').fill('Start#2026');
      await screenshot(page, 'user-teacher-picked');
      const account = submit(
        page.getByTestId('modal-ok'),
        (r) => r.url().endsWith('/api/users') && r.method() === 'POST',
      );
      expect((await account).status()).toBe(201);
      const user = await app.handle.db
        .selectFrom('users')
        .select(['role', 'scope_code', 'staff_id'])
        .where('username', '=', 'teacher.new')
        .executeTakeFirstOrThrow();
      expect(user).toEqual({ role: 'teacher', scope_code: String(teacher.id), staff_id: teacher.id });

      const audit = await app.handle.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity', '=', 'class')
        .where('entity_id', '=', String(id))
        .orderBy('id')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    } finally {
      await browser.close();
    }
  });

  it('a principal moves a pupil to another class of the grade on a phone (调班)', async () => {
    const db = app.handle.db;
    const school = await principalSchool();
    // A pupil of the principal's school whose grade has another class this school year.
    const { rows } = await sql<{
      student: number;
      name: string;
      target: number;
      target_name: string;
      grade: number;
      head_teacher: string | null;
    }>`
      select s.id as student, s.name, c2.id as target, c2.name as target_name, c2.grade, t.name as head_teacher
      from students s
      join classes c1 on c1.county_code = s.county_code and c1.id = s.class_id
      join classes c2 on c2.county_code = c1.county_code and c2.school_code = c1.school_code
        and c2.school_year = c1.school_year and c2.grade = c1.grade and c2.id <> c1.id
      left join staff t on t.county_code = c2.county_code and t.id = c2.head_teacher_staff_id
      where s.school_code = ${school} and s.status = 'enrolled'
      order by s.id limit 1`.execute(db);
    const pupil = rows[0];
    if (!pupil) throw new Error('the demo school has no grade with two classes');
    const browser = await openBrowser(PHONE);
    try {
      const { page } = browser;
      await loginAs(page, app.url, 'school');
      await page.goto(`${app.url}/students?q=${encodeURIComponent(pupil.name)}`);
      await page.getByTestId('students-table').getByText(pupil.name).first().click();
      const drawer = page.getByTestId('student-drawer');
      await drawer.getByTestId('class-move').waitFor();
      // The choices name each class, with its grade, and its head teacher, as the principal knows them.
      const target = `${gradeLabel(pupil.grade)}${pupil.target_name}`;
      const label = pupil.head_teacher ? `${target}（${pupil.head_teacher}）` : target;
      await pickOption(page, 'class-move-select', label);
      const moved = submit(
        drawer.getByTestId('class-move-submit'),
        (r) => r.url().endsWith(`/students/${pupil.student}/class`),
      );
      const response = await moved;
      expect(response.status(), await response.text()).toBe(200);
      await page.getByText(`已调至${target}`).waitFor();
      // The drawer shows the new class, and its head teacher as the child's 师长.
      const classRow = drawer.locator('.ant-descriptions-row', { hasText: '班级' });
      await classRow.getByText(target, { exact: true }).waitFor();
      if (pupil.head_teacher)
        await drawer.getByTestId('student-chain').getByText(pupil.head_teacher).waitFor();
      await classRow.scrollIntoViewIfNeeded();
      await screenshot(page, 'phone-class-move');
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect(width).toBeLessThanOrEqual(PHONE.width);
      const stored = await db
        .selectFrom('students')
        .select('class_id')
        .where('id', '=', pupil.student)
        .executeTakeFirst();
      expect(stored?.class_id).toBe(pupil.target);
    } finally {
      await browser.close();
    }
  });

  it('a principal records a pupil’s suspension on a phone (学籍变动), then a dropout that opens a case at once', async () => {
    const db = app.handle.db;
    const school = await principalSchool();
    const pupil = await db
      .selectFrom('students')
      .select(['id', 'name'])
      .where('school_code', '=', school)
      .where('status', '=', 'enrolled')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const browser = await openBrowser(PHONE);
    try {
      const { page } = browser;
      const drawer = await openPupilAsPrincipal(page, pupil);
      await pickOption(page, 'status-change-status', '休学');
      await drawer.getByTestId('status-change-note').fill('因病休学一学期');
      const changed = submit(
        drawer.getByTestId('status-change-submit'),
        (r) => r.url().endsWith(`/students/${pupil.id}/status`),
      );
      const response = await changed;
      expect(response.status(), await response.text()).toBe(200);
      await page.getByText('已登记：学籍状态改为“休学”').waitFor();
      // The drawer shows the new status, and the history the event with its reason.
      const statusRow = drawer.locator('.ant-descriptions-row', { hasText: '学籍状态' });
      await statusRow.getByText('休学', { exact: true }).waitFor();
      const event = drawer.getByTestId('student-event-suspend');
      await event.getByText('因病休学一学期', { exact: false }).waitFor();
      await event.scrollIntoViewIfNeeded();
      await screenshot(page, 'phone-status-change', { fullPage: false });
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect(width).toBeLessThanOrEqual(PHONE.width);
      const stored = await db
        .selectFrom('student_events')
        .select(['kind', 'status_before', 'status_after', 'note', 'username'])
        .where('student_id', '=', pupil.id)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({
        kind: 'suspend',
        status_before: 'enrolled',
        status_after: 'suspended',
        note: '因病休学一学期',
        username: 'school',
      });

      // Recorded as 辍学: the form says a case opens, and leads to it afterwards.
      await pickOption(page, 'status-change-status', '辍学');
      await drawer.getByText('登记辍学将立即为该生立案').waitFor();
      await drawer.getByTestId('status-change-note').fill('外出务工，未办理休学');
      const dropped = submit(
        drawer.getByTestId('status-change-submit'),
        (r) => r.url().endsWith(`/students/${pupil.id}/status`),
      );
      const answer = await dropped;
      expect(answer.status(), await answer.text()).toBe(200);
      const { caseId } = (await answer.json()) as { caseId: number | null };
      expect(caseId).toEqual(expect.any(Number));
      await drawer.getByTestId('status-change-case').scrollIntoViewIfNeeded();
      await screenshot(page, 'phone-status-dropout', { fullPage: false });
      await drawer.getByTestId('status-change-case').click();
      // The case names where it came from: the registry, with the school's reason.
      await page.getByTestId('case-header').getByText('外出务工，未办理休学', { exact: false }).waitFor();
      expect(page.url()).toContain(`/cases/${caseId}`);
      await screenshot(page, 'phone-status-dropout-case');
    } finally {
      await browser.close();
    }
  });

  it('a principal records a transfer out of the county with its destination on a phone (转出): the pupil goes on the out-of-county roster', async () => {
    const db = app.handle.db;
    const school = await principalSchool();
    const pupil = await db
      .selectFrom('students')
      .select(['id', 'name', 'id_number'])
      .where('school_code', '=', school)
      .where('status', '=', 'enrolled')
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const browser = await openBrowser(PHONE);
    try {
      const { page } = browser;
      const drawer = await openPupilAsPrincipal(page, pupil);
      await pickOption(page, 'status-change-status', '转出');
      // Without a destination the form warns what the next run will make of the pupil.
      await drawer.getByText('去向不明', { exact: true }).click();
      await drawer.getByText('下次比对时该生将列为疑似失学辍学').waitFor();
      await drawer.getByText('县外学校', { exact: true }).click();
      await drawer.getByTestId('status-change-note').fill('随父母外出务工转学');
      await drawer.getByTestId('status-change-destination-school').fill('示例市实验小学');
      await drawer.getByTestId('status-change-destination-region').fill('四川省示例市示例区');
      await pickOption(page, 'status-change-destination-verification', '学校证明');
      await dropdownsClosed(page);
      await drawer.getByTestId('status-change-destination-region').scrollIntoViewIfNeeded();
      await screenshot(page, 'phone-status-transfer-out', { fullPage: false });
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect(width).toBeLessThanOrEqual(PHONE.width);
      const changed = submit(
        drawer.getByTestId('status-change-submit'),
        (r) => r.url().endsWith(`/students/${pupil.id}/status`),
      );
      const response = await changed;
      expect(response.status(), await response.text()).toBe(200);
      await page.getByText('已记入县外就读名册：四川省示例市示例区 示例市实验小学').waitFor();
      const record = await db
        .selectFrom('out_of_county_records')
        .select(['name', 'school', 'region', 'verification'])
        .where('id_number', '=', pupil.id_number)
        .orderBy('school_year', 'desc')
        .executeTakeFirstOrThrow();
      expect(record).toEqual({
        name: pupil.name,
        school: '示例市实验小学',
        region: '四川省示例市示例区',
        verification: 'school_certificate',
      });
    } finally {
      await browser.close();
    }
  });

  it('a principal receives a pupil from another school of the county on a phone (接收转入): the record moves, both schools see it', async () => {
    const db = app.handle.db;
    const own = await principalSchoolRow();
    const pupil = await pupilOfAnotherPrimary(own.code, 3);
    const browser = await openBrowser(PHONE);
    try {
      const { page } = browser;
      await loginAs(page, app.url, 'school');
      await page.goto(`${app.url}/students`);
      await page.getByTestId('transfer-receive').click();
      const form = page.getByTestId('transfer-form');
      await form.getByTestId('transfer-id').fill(pupil.id_number);
      await form.getByTestId('transfer-name').fill(pupil.name);
      await pickOption(page, 'transfer-grade', '三年级');
      await form.getByTestId('transfer-note').fill('随父母迁居');
      await screenshot(page, 'phone-transfer-form', { fullPage: false });
      const received = submit(page.getByTestId('modal-ok'), (r) => r.url().endsWith('/students/transfers'));
      const response = await received;
      expect(response.status(), await response.text()).toBe(200);
      // The pupil's page opens on the new school, its history naming both schools.
      const drawer = page.getByTestId('student-drawer');
      await drawer.locator('.ant-descriptions-row', { hasText: '学校' }).getByText(own.name).waitFor();
      const event = drawer.getByTestId('student-event-transfer_within');
      await event.getByText(`从 ${pupil.from}`, { exact: false }).waitFor();
      await event.scrollIntoViewIfNeeded();
      await screenshot(page, 'phone-transfer-received', { fullPage: false });
      const stored = await db
        .selectFrom('students')
        .select(['school_code', 'grade'])
        .where('id', '=', pupil.id)
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({ school_code: own.code, grade: 3 });
    } finally {
      await browser.close();
    }
  });

  it('the county admin records a pupil as 转出 to the principal’s school; the principal takes the pupil over on a phone (待接收转入)', async () => {
    const db = app.handle.db;
    const own = await principalSchoolRow();
    const pupil = await pupilOfAnotherPrimary(own.code, 4);
    const sending = await openBrowser(PHONE);
    try {
      const { page } = sending;
      await loginAs(page, app.url, 'admin');
      await page.goto(`${app.url}/students?q=${encodeURIComponent(pupil.name)}`);
      await page.getByTestId('students-table').getByText(pupil.name).first().click();
      const drawer = page.getByTestId('student-drawer');
      await drawer.getByTestId('status-change').waitFor();
      await pickOption(page, 'status-change-status', '转出');
      await drawer.getByTestId('status-change-note').fill('随父母到镇上居住');
      await pickOption(page, 'status-change-to-school', `${own.name}（${own.town}）`, own.name);
      await dropdownsClosed(page);
      await drawer.getByTestId('status-change-to-school').scrollIntoViewIfNeeded();
      await screenshot(page, 'phone-status-transfer-county', { fullPage: false });
      const changed = submit(
        drawer.getByTestId('status-change-submit'),
        (r) => r.url().endsWith(`/students/${pupil.id}/status`),
      );
      const response = await changed;
      expect(response.status(), await response.text()).toBe(200);
      await page.getByText(`已通知${own.name}接收该生`).waitFor();
    } finally {
      await sending.close();
    }

    const receiving = await openBrowser(PHONE);
    try {
      const { page } = receiving;
      await loginAs(page, app.url, 'school');
      // The inbox item leads to the pupils waiting, on the Students page.
      const item = await db
        .selectFrom('inbox_items')
        .innerJoin('users', 'users.id', 'inbox_items.user_id')
        .select('inbox_items.id')
        .where('users.username', '=', 'school')
        .where('inbox_items.kind', '=', 'transfer_pending')
        .executeTakeFirstOrThrow();
      await page.goto(`${app.url}/inbox`);
      await page.getByTestId(`inbox-open-${item.id}`).click();
      await page.waitForURL(/\/students\?pending=1/);
      const waiting = page.getByTestId(`pending-transfer-${pupil.id}`);
      await waiting.getByText(pupil.from, { exact: false }).waitFor();
      await screenshot(page, 'phone-pending-transfers', { fullPage: false });
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
        PHONE.width,
      );
      await page.getByTestId(`pending-receive-${pupil.id}`).click();
      await page.locator('.ant-modal-title').getByText(`接收转入：${pupil.name}（${pupil.from}）`).waitFor();
      await pickOption(page, 'transfer-grade', '四年级');
      await dropdownsClosed(page);
      await screenshot(page, 'phone-pending-receive', { fullPage: false });
      const received = submit(page.getByTestId('modal-ok'), (r) =>
        r.url().endsWith(`/students/pending-transfers/${pupil.id}/receive`),
      );
      const response = await received;
      expect(response.status(), await response.text()).toBe(200);
      const drawer = page.getByTestId('student-drawer');
      await drawer.locator('.ant-descriptions-row', { hasText: '学校' }).getByText(own.name).waitFor();
      await page.getByTestId(`pending-transfer-${pupil.id}`).waitFor({ state: 'detached' });
      const stored = await db
        .selectFrom('students')
        .select(['school_code', 'grade', 'status', 'pending_school_code'])
        .where('id', '=', pupil.id)
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({
        school_code: own.code,
        grade: 4,
        status: 'enrolled',
        pending_school_code: null,
      });

      // 学籍变动记录: the handover, newest first, with both schools; the pupil opens from it.
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });
      await page.getByTestId('student-events-link').click();
      await page.waitForURL(/\/students\/events$/);
      const handover = page
        .getByTestId('student-events-table')
        .locator('.ant-card', { hasText: '县内转学' })
        .filter({ hasText: pupil.name })
        .first();
      await handover.getByText(`从 ${pupil.from} 到 ${own.name}`).waitFor();
      await screenshot(page, 'phone-student-events', { fullPage: false });
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
        PHONE.width,
      );
      await handover.getByText(pupil.name).click();
      await drawer.locator('.ant-descriptions-row', { hasText: '学校' }).getByText(own.name).waitFor();
    } finally {
      await receiving.close();
    }
  });

  it('switches the interface to English and back', async () => {
    const browser = await openBrowser();
    try {
      const { page } = browser;
      await loginAs(page, app.url, 'town');
      await page.getByTestId('stat-students').waitFor();
      await page.getByTestId('lang-switch').click();
      await page.getByTestId('lang-en').click();
      await page.getByText('Overview').first().waitFor();
      await screenshot(page, 'overview-town-en');
      await page.getByTestId('lang-switch').click();
      await page.getByTestId('lang-zh').click();
      await page.getByText('概览').first().waitFor();
    } finally {
      await browser.close();
    }
  });

  it("shows a student's full number once, and the audit log answers who saw it", async () => {
    const browser = await openBrowser();
    try {
      const { page } = browser;
      await loginAs(page, app.url, 'admin');
      await page.goto(`${app.url}/students`);
      // 全部 beside 在读: the list holds those who left too, and one tap shows the 在读 alone.
      const enrolled = await app.handle.db
        .selectFrom('students')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('status', '=', 'enrolled')
        .executeTakeFirstOrThrow();
      const chip = page.getByTestId('student-status-count-enrolled');
      await chip.getByText(`在读 ${Number(enrolled.n).toLocaleString('en-US')}`).waitFor();
      const filtered = page.waitForResponse(
        (r) => r.url().includes('/api/students?') && r.url().includes('status=enrolled') && r.status() === 200,
      );
      await chip.click();
      expect(((await (await filtered).json()) as { total: number }).total).toBe(Number(enrolled.n));
      await page.waitForURL(/status=enrolled/);
      await screenshot(page, 'students-status-counts');
      await page.getByTestId('students-table').locator('tbody tr.ant-table-row').first().click();
      await page.getByTestId('reveal-id').click();
      await page.getByTestId('student-id-full').waitFor();
      const listed = page.waitForResponse((r) => r.url().includes('/api/audit?') && r.status() === 200);
      await page.getByTestId('student-audit-link').click();
      const history = (await (await listed).json()) as {
        items: { action: string; entity: string; entityId: string }[];
      };
      expect(history.items.length).toBeGreaterThan(0);
      expect(new Set(history.items.map((e) => `${e.entity}:${e.entityId}`)).size).toBe(1);
      expect(history.items[0]).toMatchObject({ action: 'view_identity', entity: 'student' });
      const row = page.getByTestId('audit-table').locator('tbody tr.ant-table-row').first();
      await row.getByText('查看完整身份证号').waitFor();
      await row.getByText('学生', { exact: true }).waitFor();
      await screenshot(page, 'audit-student-history');

      // A school's page leads to that school's history the same way.
      const school = await app.handle.db
        .selectFrom('schools')
        .select('code')
        .limit(1)
        .executeTakeFirstOrThrow();
      await page.goto(`${app.url}/schools/${school.code}`);
      const schoolHistory = page.waitForResponse(
        (r) => r.url().includes('/api/audit?') && r.status() === 200,
      );
      await page.getByTestId('school-audit').click();
      const asked = new URL((await schoolHistory).url()).searchParams;
      expect([asked.get('entity'), asked.get('entityId')]).toEqual(['school', school.code]);

      // And a user's row to what that user did, the number just seen among it.
      await page.goto(`${app.url}/users`);
      await page.getByTestId('user-audit-admin').waitFor();
      await screenshot(page, 'users-activity-links');
      const activity = page.waitForResponse((r) => r.url().includes('/api/audit?') && r.status() === 200);
      await page.getByTestId('user-audit-admin').click();
      const done = (await (await activity).json()) as { items: { username: string; action: string }[] };
      expect(done.items.length).toBeGreaterThan(0);
      expect(done.items.every((e) => e.username === 'admin')).toBe(true);
      expect(done.items.some((e) => e.action === 'view_identity')).toBe(true);
    } finally {
      await browser.close();
    }
  });

  it('a search by identity number finds the pupil but stays out of the page address; the back button brings it back', async () => {
    const browser = await openBrowser();
    try {
      const { page } = browser;
      const pupil = await app.handle.db
        .selectFrom('students')
        .select(['id_number', 'name'])
        .where('status', '=', 'enrolled')
        .orderBy('id')
        .limit(1)
        .executeTakeFirstOrThrow();
      await loginAs(page, app.url, 'admin');
      await page.goto(`${app.url}/students`);
      const search = page.getByTestId('student-search').locator('input');
      const found = page.waitForResponse((r) => r.url().includes('/api/students?') && r.url().includes('q='));
      await search.fill(pupil.id_number);
      await search.press('Enter');
      expect(((await (await found).json()) as { total: number }).total).toBe(1);
      await page.getByTestId('students-table').getByText(pupil.name).first().waitFor();
      // Not the number, nor its region part: the browser's history of addresses keeps no part of it.
      expect(page.url()).not.toContain(pupil.id_number.slice(0, 6));

      await page.getByTestId('student-events-link').click();
      await page.waitForURL(/\/students\/events/);
      await page.goBack();
      await page.getByTestId('students-table').getByText(pupil.name).first().waitFor();
      expect(await page.getByTestId('students-table').locator('tbody tr.ant-table-row').count()).toBe(1);
      expect(await search.inputValue()).toBe(pupil.id_number);
      await screenshot(page, 'students-search-by-number');

      // A search by name stays in the address, to be bookmarked and shared as before.
      await search.fill(pupil.name);
      await search.press('Enter');
      await page.waitForURL((url) => url.searchParams.get('q') === pupil.name);
    } finally {
      await browser.close();
    }
  });

  it('exports the audit log as a workbook, and refuses an export past the cap with a message', async () => {
    const browser = await openBrowser();
    try {
      const { page } = browser;
      await loginAs(page, app.url, 'admin');
      await page.goto(`${app.url}/audit`);
      const downloading = page.waitForEvent('download');
      await page.getByTestId('export-xlsx').first().click();
      expect((await downloading).suggestedFilename()).toMatch(/^审计日志.*\.xlsx$/);

      // A log past the export cap, as after years of use: the export says why it will not.
      await sql`insert into audit_log (county_code, username, action, entity)
        select '610727', 'bulk.e2e', 'update', 'school' from generate_series(1, 100001) g`.execute(
        app.handle.db,
      );
      try {
        await page.getByTestId('export-xlsx').first().click();
        await page.locator('.ant-message').getByText('请选择日期范围').waitFor();
        await page.waitForTimeout(500); // the toast's entrance animation, for the screenshot
        await screenshot(page, 'audit-export-refused');
      } finally {
        await app.handle.db.deleteFrom('audit_log').where('username', '=', 'bulk.e2e').execute();
      }
    } finally {
      await browser.close();
    }
  });
});
