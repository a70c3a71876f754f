import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Download, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber, type Page as ApiPage, type ReviewItem } from '@baoxue/shared';
import { sql } from 'kysely';
import {
  PHONE,
  loginAs,
  openBrowser,
  dropdownsClosed,
  pickOption,
  screenshot,
  settled,
  startApp,
  submit,
  type RunningApp,
} from './harness';

// Issue 3's journey: import a roster, see the error workbook of a bad file, run
// reconciliation, resolve a review candidate, export the 一表六册 workbook; and the
// children list of a town official on a phone.

const TOWN = '610727101'; // 接官亭镇, the demo town official's town
const VILLAGE = '610727101201';
const HEADER = [
  '姓名*',
  '性别*',
  '身份证号',
  '出生日期',
  '区划代码',
  '镇(街道)',
  '村(社区)',
  '户号',
  '监护人姓名',
  '监护人电话',
];

async function workbook(path: string, header: string[], rows: (string | number)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人口花名册');
  ws.addRow(header);
  for (const row of rows) ws.addRow(row);
  await wb.xlsx.writeFile(path);
  return path;
}

async function readDownload(download: Download): Promise<ExcelJS.Workbook> {
  const path = await download.path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

async function upload(page: Page, file: string): Promise<void> {
  await page.locator('input[type=file]').setInputFiles(file);
  const started = page.waitForResponse(
    (r) => r.url().includes('/api/imports?') && r.request().method() === 'POST',
  );
  await page.getByTestId('import-submit').click();
  expect((await started).status()).toBe(202);
  await page.getByTestId('import-result').waitFor({ timeout: 60_000 });
}

describe('monitoring journey in Chromium', () => {
  let app: RunningApp;
  let dir: string;
  beforeAll(async () => {
    app = await startApp();
    dir = mkdtempSync(join(tmpdir(), 'bx-e2e-files-'));
  });
  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The village of the demo village official. */
  async function officialsVillage(): Promise<string> {
    const official = await app.handle.db
      .selectFrom('users')
      .select('scope_code')
      .where('username', '=', 'village')
      .executeTakeFirstOrThrow();
    return official.scope_code;
  }

  /** The village official's page of one child, found by name in the year's roster. */
  async function openChildAsVillageOfficial(page: Page, child: { name: string }): Promise<Locator> {
    expect(await loginAs(page, app.url, 'village')).toBe(200);
    await page.goto(`${app.url}/rosters?tab=population&q=${encodeURIComponent(child.name)}`);
    await page.getByTestId('roster-population').getByText(child.name).first().click();
    return page.getByTestId('child-drawer');
  }

  it('admin imports, sees the error workbook, reconciles, reviews and exports 一表六册', async () => {
    const good = await workbook(join(dir, '人口花名册-补录.xlsx'), HEADER, [
      ['测试甲', '男', '', '2017-03-04', VILLAGE, '', '', 'H9001', '测试父', '13800000001'],
      ['测试乙', '女', '', '2016/5/6', VILLAGE, '', '', 'H9001', '测试父', '13800000001'],
    ]);
    const bad = await workbook(join(dir, '人口花名册-有错.xlsx'), HEADER, [
      ['测试丙', '男', '', '2017-03-04', VILLAGE],
      ['', '女', '', '2016-05-06', VILLAGE],
      ['测试丁', '未知', '', '2015-01-02', VILLAGE],
    ]);
    const noColumn = await workbook(
      join(dir, '缺列.xlsx'),
      ['姓名*', '身份证号'],
      [['测试戊', '610727201701010011']],
    );

    const browser = await openBrowser();
    try {
      const { page } = browser;
      expect(await loginAs(page, app.url, 'admin')).toBe(200);

      // 1. A valid roster goes in through the page: progress, then the summary.
      await page.getByTestId('menu-imports').click();
      await page.getByTestId('import-form').waitFor();
      // The form says that a population roster replaces whole villages…
      await page.getByTestId('import-population-replaces').waitFor();
      await upload(page, good);
      expect(await page.getByTestId('import-accepted').innerText()).toContain('2');
      // …and the result, that two children now stand where the village had many.
      expect(await page.getByTestId('import-fewer').innerText()).toMatch(
        /这些村原有 [\d,]+ 人，本次文件为 2 人/,
      );
      await screenshot(page, 'monitoring-import-ok');

      // 2. A file with bad rows: the row errors and the error workbook.
      await upload(page, bad);
      await page.getByTestId('import-errors').waitFor();
      expect(await page.getByTestId('import-rejected').innerText()).toContain('2');
      await screenshot(page, 'monitoring-import-errors');
      const downloading = page.waitForEvent('download');
      await page.getByTestId('import-error-workbook').click();
      const errors = await readDownload(await downloading);
      const sheet = errors.worksheets[0];
      expect(sheet).toBeDefined();
      const headers = (sheet!.getRow(1).values as unknown[]).map(String);
      expect(headers.some((h) => h.includes('错误原因'))).toBe(true);
      expect(sheet!.actualRowCount).toBeGreaterThanOrEqual(3);

      // A file without a required column is refused as a whole.
      await upload(page, noColumn);
      await page.getByTestId('import-error').waitFor();
      await screenshot(page, 'monitoring-import-missing-column');

      // 3. Reconciliation: start a run and wait for it to finish.
      await page.getByTestId('menu-reconciliation').click();
      await page.getByTestId('runs-table').waitFor();
      const startResponse = submit(
        page.getByTestId('run-start'),
        (r) => r.url().endsWith('/api/reconciliation/runs') && r.method() === 'POST',
      );
      const started = await startResponse;
      expect(started.status()).toBeLessThan(300);
      const runId = ((await started.json()) as { id: number }).id;
      await page.getByTestId(`run-children-${runId}`).waitFor({ timeout: 90_000 });
      await screenshot(page, 'monitoring-runs');
      // At 1,280 px every column of a run is in view: nothing hides under the fixed actions.
      const hidden = await page
        .getByTestId('runs-table')
        .locator('.ant-table-content')
        .evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(hidden).toBeLessThanOrEqual(0);
      await page.getByTestId(`run-children-${runId}`).click();
      await page.getByTestId('children-table').waitFor();
      await page.getByTestId('scoped-summary').waitFor();
      await screenshot(page, 'monitoring-children');

      // 4. The review queue: confirm the first candidate.
      await page.getByTestId('menu-review').click();
      await page.getByTestId('review-item').first().waitFor({ timeout: 30_000 });
      await screenshot(page, 'monitoring-review');
      const decided = page.waitForResponse(
        (r) => r.url().includes('/api/reconciliation/review') && r.request().method() === 'POST',
      );
      await page.getByTestId('review-confirm').first().click();
      expect((await decided).status()).toBeLessThan(300);
      const decisions = await app.handle.db
        .selectFrom('review_decisions')
        .select(['decision', 'username'])
        .execute();
      expect(decisions).toContainEqual({ decision: 'confirmed', username: 'admin' });

      // A candidate one typo away says where its number differs, and what stands there in
      // each number, though the mask hides the digits.
      const everyone = (await (
        await page.request.get(new URL('/api/reconciliation/reviews?pageSize=100&pending=true', app.url).href)
      ).json()) as ApiPage<ReviewItem>;
      const typo = everyone.items.find((i) => i.candidates.some((c) => c.idDiffersAt.length > 0))?.child;
      expect(typo?.villageCode).toBeTruthy();
      const villageQueue = page.waitForResponse(
        (r) =>
          r.url().includes('/api/reconciliation/reviews?') &&
          r.url().includes(`villageCode=${typo?.villageCode}`),
      );
      await page.goto(`${app.url}/review?villageCode=${typo?.villageCode}`);
      const queue = (await (await villageQueue).json()) as ApiPage<ReviewItem>;
      const differing = queue.items.flatMap((i) => i.candidates).filter((c) => c.idDiffersAt.length > 0);
      expect(differing.length).toBeGreaterThan(0);
      const said = page.getByTestId('review-id-differs');
      await said.first().waitFor();
      expect(await said.count()).toBe(differing.length);
      const first = differing[0]!.idDiffersBy;
      expect(await said.first().textContent()).toBe(
        `与儿童证件号的不同处：第 ${differing[0]!.idDiffersAt.join('、')} 位` +
          `儿童为 ${first.child.join('、')}，此记录为 ${first.record.join('、')}`,
      );
      await said.first().scrollIntoViewIfNeeded();
      await screenshot(page, 'monitoring-review-typo', { fullPage: false });

      // 5. 一表六册 of a town: the statistics table on screen, the seven-sheet workbook.
      await page.goto(`${app.url}/rosters?townCode=${TOWN}`);
      await page.getByTestId('statistics-table').waitFor();
      await screenshot(page, 'monitoring-rosters');
      const exporting = page.waitForEvent('download');
      await page.getByTestId('rosters-workbook').click();
      const rosters = await readDownload(await exporting);
      expect(rosters.worksheets).toHaveLength(7);
      // Masked unless asked for; the admin may ask, beside the button.
      const numbersOf = (book: typeof rosters) =>
        book.worksheets[1]!.getColumn(7)
          .values.slice(4)
          .map(String)
          .filter((v) => v !== '');
      expect(numbersOf(rosters).every((v) => /^\d{6}\*{12}$/.test(v))).toBe(true);
      await page.getByTestId('rosters-workbook-more').click();
      const exportingFull = page.waitForEvent('download');
      await page.getByTestId('rosters-workbook-full').click();
      const full = await readDownload(await exportingFull);
      expect(numbersOf(full).length).toBeGreaterThan(0);
      expect(numbersOf(full).every((v) => /^\d{17}[\dX]$/.test(v))).toBe(true);

      // The ledgers of the run.
      await page.getByTestId('menu-ledgers').click();
      await page.getByTestId('ledger-table').waitFor();
      await screenshot(page, 'monitoring-ledger-suspected');
      // A suspected child opens on the child page, from the ledger.
      const suspected = page
        .getByTestId('ledger-table')
        .locator('tbody tr.ant-table-row')
        .first()
        .locator('a')
        .first();
      const suspectedName = (await suspected.textContent()) ?? '';
      expect(suspectedName).not.toBe('');
      await suspected.click();
      await page.getByTestId('child-drawer').locator('.ant-drawer-title').getByText(suspectedName).waitFor();
      await settled(page.getByTestId('child-drawer'));
      await screenshot(page, 'monitoring-ledger-child', { fullPage: false });
      // …and on to the case the run opened for them.
      await page.getByTestId('child-open-case').click();
      await page.waitForURL(/\/cases\/\d+$/);
      await page.getByText(suspectedName).first().waitFor();
    } finally {
      await browser.close();
    }
  });

  it('a town official reads the children list on a 375 px phone', async () => {
    const browser = await openBrowser(PHONE);
    try {
      const { page } = browser;
      expect(await loginAs(page, app.url, 'town')).toBe(200);
      await page.getByTestId('header-user-name').or(page.getByTestId('menu-toggle')).first().waitFor();
      await page.goto(`${app.url}/reconciliation?tab=children`);
      await page.getByTestId('children-table').waitFor();
      await page.getByTestId('children-table').locator('.ant-card').first().waitFor({ timeout: 30_000 });
      await screenshot(page, 'phone-children-town');
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect(width).toBeLessThanOrEqual(PHONE.width);
      // A guardian's number is a tap to call, not text to copy into the dialler.
      await page.getByTestId('children-table').locator('a[href^="tel:"]').first().waitFor();
      // A card opens the child page.
      const card = page.getByTestId('children-table').locator('.ant-card').first();
      const name = (await card.locator('.ant-card-head-title').textContent()) ?? '';
      await card.click();
      const drawer = page.getByTestId('child-drawer');
      await drawer.waitFor();
      expect(name).toContain((await drawer.locator('.ant-drawer-title').textContent()) ?? '—');
    } finally {
      await browser.close();
    }
  });

  it("a village official keeps a child's household facts on a phone: a parent gone to work, a new phone number", async () => {
    const db = app.handle.db;
    const village = await officialsVillage();
    const child = await db
      .selectFrom('population')
      .select(['id', 'name'])
      .where('village_code', '=', village)
      .where('left_behind', '=', false)
      .orderBy('school_year', 'desc')
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const browser = await openBrowser(PHONE);
    try {
      const { page } = browser;
      const drawer = await openChildAsVillageOfficial(page, child);
      await drawer.getByTestId('household-edit').click();
      const form = page.getByTestId('household-form');
      await form.getByTestId('household-phone').fill('13900000002');
      await form.getByTestId('household-left-behind').click();
      await form.locator('[data-testid="household-left-behind"][aria-checked="true"]').waitFor();
      await screenshot(page, 'phone-household-form', { fullPage: false });
      const saved = submit(page.getByTestId('modal-ok'), (r) =>
        r.url().endsWith(`/population/${child.id}/household`),
      );
      const response = await saved;
      expect(response.status(), await response.text()).toBe(200);
      await page.getByText(`已保存${child.name}的家庭信息`).waitFor();
      // The child page follows: the 留守 tag, the guardian's new number.
      await drawer.getByText('留守', { exact: true }).waitFor();
      await drawer.locator('a[href="tel:13900000002"]').waitFor();
      await drawer.getByText('留守', { exact: true }).scrollIntoViewIfNeeded();
      await screenshot(page, 'phone-household-saved', { fullPage: false });
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect(width).toBeLessThanOrEqual(PHONE.width);
      const stored = await db
        .selectFrom('population')
        .select(['left_behind', 'guardian_phone'])
        .where('id', '=', child.id)
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({ left_behind: true, guardian_phone: '13900000002' });
    } finally {
      await browser.close();
    }
  });

  it('a village official adds a child the roster misses on a phone (摸排), and finds them in the roster', async () => {
    const db = app.handle.db;
    const idNumber = makeIdNumber('510104', '2017-05-06', 88, 'F');
    const browser = await openBrowser(PHONE);
    try {
      const { page } = browser;
      expect(await loginAs(page, app.url, 'village')).toBe(200);
      await page.goto(`${app.url}/rosters`);
      await page.getByTestId('child-add').click();
      const form = page.getByTestId('child-add-form');
      await form.getByTestId('child-add-name').fill('摸排新童');
      await pickOption(page, 'child-add-gender', '女');
      await form.getByTestId('child-add-id').fill(idNumber);
      await form.getByTestId('household-guardian').fill('示例母亲');
      await form.getByTestId('household-left-behind').click();
      await dropdownsClosed(page);
      await form.getByTestId('child-add-name').scrollIntoViewIfNeeded();
      await screenshot(page, 'phone-child-add', { fullPage: false });
      const added = submit(
        page.getByTestId('modal-ok'),
        (r) => r.url().endsWith('/api/population') && r.method() === 'POST',
      );
      const response = await added;
      expect(response.status(), await response.text()).toBe(200);
      await page.getByText('已登记：摸排新童').waitFor();
      // The roster of the year opens on the child, born on the day the number says.
      const list = page.getByTestId('roster-population');
      await list.getByText('摸排新童').first().waitFor();
      await list.getByText('2017-05-06').first().waitFor();
      await list.getByText('摸排登记').first().waitFor();
      await screenshot(page, 'phone-child-added', { fullPage: false });
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect(width).toBeLessThanOrEqual(PHONE.width);
      // On a phone the seven rosters are picked from one list, none hidden behind "···".
      await pickOption(page, 'roster-pick', '留守儿童花名册');
      await page.getByTestId('roster-left_behind').getByText('摸排新童').first().waitFor();
      await dropdownsClosed(page);
      await screenshot(page, 'phone-roster-left-behind', { fullPage: false });
      const stored = await db
        .selectFrom('population')
        .select(['name', 'gender', 'left_behind', 'guardian_name', 'import_id'])
        .select(sql<string>`birth_date::text`.as('birth_date'))
        .where('id_number', '=', idNumber)
        .execute();
      expect(stored).toEqual([
        {
          name: '摸排新童',
          gender: 'F',
          birth_date: '2017-05-06',
          left_behind: true,
          guardian_name: '示例母亲',
          import_id: null,
        },
      ]);
    } finally {
      await browser.close();
    }
  });

  it('a village official takes a child whose household moved away off the roster on a phone (注销)', async () => {
    const db = app.handle.db;
    const village = await officialsVillage();
    // A child whose household moved while the pupil stays enrolled at a school of the county.
    const child = await db
      .selectFrom('population as p')
      .innerJoin('students as s', 's.id_number', 'p.id_number')
      .select(['p.id', 'p.name'])
      .where('p.village_code', '=', village)
      .where('s.status', '=', 'enrolled')
      .orderBy('p.school_year', 'desc')
      .orderBy('p.id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const browser = await openBrowser(PHONE);
    try {
      const { page } = browser;
      const drawer = await openChildAsVillageOfficial(page, child);
      await drawer.getByTestId('child-remove').click();
      const form = page.getByTestId('child-remove-form');
      // The form says the registry is the school's to change.
      await form.getByText('该儿童在本县仍有在读学籍').waitFor();
      await pickOption(page, 'child-remove-reason', '户籍迁出');
      await form.getByTestId('child-remove-note').fill('全家户籍迁往外省，有迁移证明');
      await dropdownsClosed(page);
      await screenshot(page, 'phone-child-remove', { fullPage: false });
      const removed = submit(page.getByTestId('modal-ok'), (r) =>
        r.url().endsWith(`/population/${child.id}/removal`),
      );
      const response = await removed;
      expect(response.status(), await response.text()).toBe(204);
      await page.getByText(`已将${child.name}移出本学年人口花名册`).waitFor();
      await drawer.waitFor({ state: 'hidden' });
      const left = await db.selectFrom('population').select('id').where('id', '=', child.id).execute();
      expect(left).toEqual([]);

      // The year's removals list the child, with the reason and the grounds.
      await page.getByTestId('removals-open').click();
      const removals = page.getByTestId('removals-drawer');
      await removals.getByText(child.name).first().waitFor();
      await removals.getByText('全家户籍迁往外省，有迁移证明').first().waitFor();
      await settled(removals);
      await screenshot(page, 'phone-removals', { fullPage: false });
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
        PHONE.width,
      );

      // The town official finds the removal in their inbox, with its grounds.
      await page.context().clearCookies();
      expect(await loginAs(page, app.url, 'town')).toBe(200);
      await page.goto(`${app.url}/inbox`);
      await page.getByText(`注销：${child.name}`).first().waitFor();
      await page.getByText('依据：全家户籍迁往外省，有迁移证明').first().waitFor();
      await screenshot(page, 'phone-inbox-roster-change', { fullPage: false });
      // Its link opens the year's removals of the town.
      const item = page.locator('[data-testid^="inbox-item-"]', { hasText: `注销：${child.name}` });
      await item.locator('[data-testid^="inbox-open-"]').click();
      await page.getByTestId('removals-drawer').getByText(child.name).first().waitFor();
    } finally {
      await browser.close();
    }
  });

  it('an import of a village keeps the child registered there by hand (摸排), leaves out one taken off the roster (注销), and its result says so', async () => {
    const db = app.handle.db;
    const village = await officialsVillage();
    const year = await db
      .selectFrom('population')
      .select(['county_code', 'school_year'])
      .where('village_code', '=', village)
      .orderBy('school_year', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    // As 登记儿童 stores a child: no import, no row of a file.
    const byHand = makeIdNumber('510104', '2016-09-09', 66, 'M');
    await db
      .insertInto('population')
      .values({
        ...year,
        import_id: null,
        row_no: 0,
        id_number: byHand,
        id_valid: true,
        name: '摸排留存',
        gender: 'M',
        birth_date: '2016-09-09',
        village_code: village,
      })
      .execute();
    // As 注销 records a death: the household list, not yet updated, still has the child.
    const removed = makeIdNumber('610727', '2014-04-04', 68, 'F');
    await db
      .insertInto('population_removals')
      .values({
        ...year,
        id_number: removed,
        village_code: village,
        reason: 'death',
        note: '死亡证明',
        name: '注销示例',
        user_id: null,
        username: 'village',
      })
      .execute();
    const file = await workbook(join(dir, '本村花名册.xlsx'), HEADER, [
      ['本村新册', '女', makeIdNumber('610727', '2015-03-03', 67, 'F'), '', village],
      ['注销示例', '女', removed, '', village],
    ]);
    const browser = await openBrowser();
    try {
      const { page } = browser;
      expect(await loginAs(page, app.url, 'admin')).toBe(200);
      await page.goto(`${app.url}/imports`);
      await page.getByTestId('import-form').waitFor();
      await upload(page, file);
      const kept = page.getByTestId('import-kept');
      await kept.waitFor();
      // This child, and any other registered by hand in the village (the 摸排 journey's).
      const handRows = await db
        .selectFrom('population')
        .select('id')
        .where('village_code', '=', village)
        .where('import_id', 'is', null)
        .execute();
      expect(handRows.length).toBeGreaterThanOrEqual(1);
      expect(await kept.innerText()).toContain(`${handRows.length} 名摸排登记的儿童不在本文件中，已保留`);
      await page
        .getByTestId('import-warnings')
        .getByText(/注销示例已于 .* 注销（死亡：死亡证明），本行未导入/)
        .waitFor();
      await screenshot(page, 'monitoring-import-kept', { fullPage: true });
      const stored = await db
        .selectFrom('population')
        .select(['id_number', 'import_id'])
        .where('id_number', 'in', [byHand, removed])
        .execute();
      expect(stored).toEqual([{ id_number: byHand, import_id: null }]);
    } finally {
      await browser.close();
    }
  });

  it('a template downloads as a workbook; once the session has ended, the button leads to the login page instead of saving an error', async () => {
    const browser = await openBrowser();
    try {
      const { page } = browser;
      await loginAs(page, app.url, 'admin');
      await page.goto(`${app.url}/imports`);
      const downloading = page.waitForEvent('download');
      await page.getByTestId('template-population').click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      expect((await readDownload(download)).worksheets.length).toBeGreaterThan(0);

      // The session ends (logged out elsewhere, expired): no file is saved, the login page says why.
      await page.context().clearCookies();
      let saved = false;
      page.on('download', () => (saved = true));
      await page.getByTestId('template-population').click();
      await page.waitForURL(/\/login/);
      await page.getByTestId('login-form').waitFor();
      await screenshot(page, 'monitoring-download-after-session');
      expect(saved).toBe(false);
    } finally {
      await browser.close();
    }
  });
});
