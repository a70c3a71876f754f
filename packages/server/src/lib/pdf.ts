import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { AppError } from '../errors';

// Printable documents (the notice to guardians, the case summary) are HTML rendered to PDF
// by Debian's headless Chromium: it shapes Chinese text with the system's Noto CJK fonts,
// which no pure-JavaScript PDF library does well. One browser per app, launched on the
// first document and reused (a launch costs about a second); closed with the app.

/** Where Chromium is: BAOXUE_CHROMIUM, else CHROMIUM_PATH (as the browser journeys use), else Debian's. */
export function chromiumPath(): string {
  return process.env.BAOXUE_CHROMIUM || process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

export function pdfAvailable(): boolean {
  return existsSync(chromiumPath());
}

/** The fonts every document asks for: Debian's fonts-noto-cjk. */
export const DOCUMENT_FONTS = '"Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif';

/** Headless Chromium without its background network chatter (the browser journeys launch it so too). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface Running {
  context: BrowserContext;
  profile: string;
}

export class PdfRenderer {
  private running: Promise<Running> | null = null;

  /** Renders a whole HTML document to an A4 PDF (margins and page size may be set by its @page CSS). */
  async render(html: string): Promise<Buffer> {
    const { context } = await this.browser();
    const page = await context.newPage();
    try {
      await page.setContent(html, { waitUntil: 'load' });
      // Fonts load asynchronously even from the system: wait so no glyph prints as a box.
      await page.evaluate('document.fonts.ready.then(() => true)');
      return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    } finally {
      await page.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const running = this.running;
    this.running = null;
    if (!running) return;
    const launched = await running.catch(() => null);
    if (!launched) return;
    await launched.context.close().catch(() => undefined);
    rmSync(launched.profile, { recursive: true, force: true });
  }

  private browser(): Promise<Running> {
    if (!this.running) {
      this.running = launch().catch((error: unknown) => {
        this.running = null;
        throw error;
      });
    }
    return this.running;
  }
}

async function launch(): Promise<Running> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) throw new AppError('document_unavailable');
  // A fresh profile each launch (Playwright takes it as the persistent context's folder:
  // it refuses --user-data-dir among the args), removed when the browser closes.
  const profile = mkdtempSync(join(tmpdir(), 'bx-pdf-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      offline: true,
    });
    // Documents are self-contained: nothing they contain may reach the network.
    await context.route(/^(https?|wss?|ftp):/, (route) => route.abort());
    return { context, profile };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    console.error('Chromium did not start for documents', error);
    throw new AppError('document_unavailable');
  }
}
