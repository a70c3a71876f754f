import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
  type Request,
  type Response,
} from 'playwright-core';
import { buildApp } from '../packages/server/src/app';
import { WEB_DIST } from '../packages/server/src/config';
import { connect, type DatabaseHandle } from '../packages/server/src/db/connection';
import type { Clock } from '../packages/server/src/lib/clock';
import { CHROMIUM_ARGS } from '../packages/server/src/lib/pdf';
import { forgetCachedSettings } from '../packages/server/src/modules/settings/settings.service';
import { CHROMIUM, SCREENSHOT_DIR, TEMPLATE_DIR } from './paths';

export const DEMO_PASSWORD = 'Baoxue#2026';
export const PHONE = { width: 375, height: 812 };
export const DESKTOP = { width: 1280, height: 800 };

export interface RunningApp {
  url: string;
  app: FastifyInstance;
  handle: DatabaseHandle;
  close(): Promise<void>;
}

/** The real server with the built web app, on a private copy of the seeded demo county. */
export async function startApp(options: { clock?: Clock } = {}): Promise<RunningApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bx-e2e-'));
  cpSync(TEMPLATE_DIR, dataDir, { recursive: true });
  forgetCachedSettings();
  const handle = await connect({ dataDir });
  const app = await buildApp({
    db: handle.db,
    dbKind: handle.kind,
    countyCode: '610727',
    webDist: WEB_DIST,
    loginRateLimit: 1000,
    clock: options.clock,
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    app,
    handle,
    close: async () => {
      await app.close();
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let shared: Promise<Browser> | null = null;

/**
 * Debian's Chromium, headless, none of its background network chatter, started once per test
 * file: a launch costs two to three seconds on this machine, a fresh context a fraction of it.
 * Playwright gives the browser a new temporary profile of its own.
 */
async function sharedBrowser(): Promise<Browser> {
  // A journey that crashed the browser must not fail the journeys after it: they get a new one.
  const running = shared ? await shared.catch(() => null) : null;
  if (running?.isConnected()) return running;
  shared = chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  return shared;
}

/** Closes the file's browser (e2e/setup.ts, after the file's last journey). */
export async function closeSharedBrowser(): Promise<void> {
  const browser = shared;
  shared = null;
  await (await browser?.catch(() => null))?.close();
}

/** A journey's own window: a new context, so no cookie, storage or cache of another journey is in it. */
export async function openBrowser(
  viewport = DESKTOP,
): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  const context = await (await sharedBrowser()).newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  return { context, page, close: () => context.close() };
}

/**
 * The whole page by default; `fullPage: false` for what shows in a modal or drawer, which stays
 * in the viewport while the page behind it may run to metres on a phone.
 */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await spinnersGone(page);
  await page.screenshot({ path, fullPage });
  return path;
}

/**
 * Waits a little for loading spinners to stop: a list refetching behind its Spin overlay
 * comes out faded in the picture. A page that keeps spinning is still taken as it is, since
 * the picture is for looking at, not the assertion.
 */
async function spinnersGone(page: Page): Promise<void> {
  await page
    .waitForFunction("document.querySelector('.ant-spin-spinning') === null", undefined, { timeout: 3_000 })
    .catch(() => undefined);
}

/** Waits until `locator` stops moving: a drawer slides in, and a picture taken on its way is half a page. */
export async function settled(locator: Locator): Promise<void> {
  let last = '';
  for (let i = 0; i < 50; i++) {
    const box = JSON.stringify(await locator.boundingBox());
    if (box !== 'null' && box === last) return;
    last = box;
    await locator.page().waitForTimeout(100);
  }
}

/**
 * Clicks `button` (a dialog's or drawer's save, a confirmation) and resolves with the response
 * to the request the click sent. Under load a click can land while its dialog or drawer is
 * still moving in and do nothing; a wait for a response that was never asked for then ends
 * only at its timeout (a fresh-clone CI run lost a class rename that way). So the button is
 * clicked once it stands still, and again while no such request has left — never after one
 * has, so nothing is saved twice.
 */
export async function submit(button: Locator, sent: (request: Request) => boolean): Promise<Response> {
  const page = button.page();
  const response = page.waitForResponse((r) => sent(r.request()));
  // Only awaited once a request has left; a click that sent nothing must not leave it unhandled.
  response.catch(() => undefined);
  await settled(button);
  for (let attempt = 1; ; attempt++) {
    const request = page.waitForRequest(sent, { timeout: 10_000 });
    await button.click();
    if (await request.catch(() => null)) return response;
    if (attempt === 3) throw new Error('the button was clicked three times and sent nothing');
  }
}

/** Fills and submits the login form; resolves with the status of the login request. */
export async function loginAs(
  page: Page,
  baseUrl: string,
  username: string,
  password = DEMO_PASSWORD,
): Promise<number> {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  const response = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
  await page.getByTestId('login-submit').click();
  return (await response).status();
}

/**
 * Waits until no select's dropdown shows. Two may be closing at once (the one just used and
 * one before it), so a single locator of them would be ambiguous.
 */
export async function dropdownsClosed(page: Page): Promise<void> {
  await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden' });
}

/**
 * Chooses `label` in an Ant Design select, and makes sure it took. Under load a click on an
 * option can be lost: the list re-renders between the press and the release (the dropdown then
 * stays open, nothing chosen), or the dropdown closes under the click when the page re-renders
 * (a list refetched after a save). So the option is clicked again until the select shows it,
 * and the select is clicked only while its own dropdown is closed — a click on an open select
 * closes it, and Escape, tried once, reached the modal and closed the whole form. `search` is
 * typed after each opening, where given.
 */
export async function pickOption(page: Page, testId: string, label: string, search?: string): Promise<void> {
  const select = page.getByTestId(testId);
  const combobox = select.getByRole('combobox');
  const option = page.locator('.ant-select-dropdown:visible').getByText(label, { exact: true });
  for (let attempt = 1; ; attempt++) {
    if ((await combobox.getAttribute('aria-expanded')) !== 'true') {
      await select.click();
      // A long list (a school's teachers) shows only its first options: search it, as a clerk would.
      if (search) await page.keyboard.type(search);
    }
    await option.click({ timeout: 5_000 }).catch(() => undefined);
    if ((await select.textContent({ timeout: 5_000 }))?.includes(label)) {
      // The label may have been there already (a form's initial value) while the list was
      // still loading its options, so that no option was clicked: close the list again.
      // Only while it is open: an open list takes Escape, a closed one lets it reach a modal.
      if ((await combobox.getAttribute('aria-expanded')) === 'true') await page.keyboard.press('Escape');
      return;
    }
    if (attempt === 4) throw new Error(`${testId}: "${label}" was chosen four times and not taken`);
  }
}
