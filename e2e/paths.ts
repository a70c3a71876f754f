import { resolve } from 'node:path';

export const TEMPLATE_DIR = resolve('.tmp/e2e-template');
export const SCREENSHOT_DIR = resolve('test-results/screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
