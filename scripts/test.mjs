// `npm test`: the whole suite — unit, database (PGlite always, PostgreSQL when DATABASE_URL is
// set) and browser journeys (when Debian's Chromium is installed). Outside CI a missing part is
// skipped and said so; with CI=true every part is mandatory. The browser journeys run after the
// rest rather than beside it: on two cores, Chromium and the database tests slow each other down.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const ci = process.env.CI === 'true' || process.env.CI === '1';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const runs = [['unit', 'db']];
const skipped = [];
const missing = [];

if (!process.env.DATABASE_URL) {
  (ci ? missing : skipped).push(
    'PostgreSQL database tests (set DATABASE_URL to a PostgreSQL server to run them)',
  );
}
if (existsSync(chromium)) {
  runs.push(['e2e']);
} else {
  (ci ? missing : skipped).push(
    `browser journeys (no Chromium at ${chromium}; apt-get install chromium fonts-noto-cjk)`,
  );
}
if (missing.length > 0) {
  console.error(`CI=true but these mandatory parts cannot run:\n- ${missing.join('\n- ')}`);
  process.exit(1);
}

if (runs.some((projects) => projects.includes('e2e'))) {
  const build = spawnSync(process.execPath, ['scripts/build-web-if-stale.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

mkdirSync('.tmp', { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
let ok = true;
for (const [index, projects] of runs.entries()) {
  const report = `.tmp/vitest-report-${index}.json`;
  rmSync(report, { force: true });
  const args = [
    'vitest',
    'run',
    ...projects.flatMap((p) => ['--project', p]),
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ];
  const run = spawnSync('npx', args, { stdio: 'inherit' });
  ok &&= run.status === 0;
  if (!existsSync(report)) {
    ok = false;
    continue;
  }
  const json = JSON.parse(readFileSync(report, 'utf8'));
  totals.passed += json.numPassedTests;
  totals.failed += json.numFailedTests;
  totals.skipped += json.numPendingTests + json.numTodoTests;
}
for (const s of skipped) console.log(`skipped: ${s}`);
console.log(`projects run: ${runs.flat().join(', ')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok && totals.failed === 0 ? 0 : 1);
