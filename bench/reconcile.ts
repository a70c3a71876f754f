// Reconciliation in file mode at county scale (45,000 children) and at a million, against
// a bare DuckDB join of the same population and enrolment CSV files as the baseline.
// Goals: county scale end to end ≤ 2 s; a million within 5× DuckDB and ≤ 2 GB peak RSS.
// Beside them, the floor under file mode: the app's table reader alone over the same two
// files (decoded and cut into cells, nothing parsed or matched), and file mode's phases.
// With --in-app, also the app's own run on PostgreSQL (DATABASE_URL, else the local
// server) over the same rosters loaded into a database of their own, against a bare
// `CREATE TABLE … AS SELECT` join of population and students there. Goal: ≤ 3×.
//
//   npm run bench -- reconcile [--scale county|million|all] [--repeat N] [--out csv|json|xlsx] [--regen] [--in-app]
//   node --import tsx bench/reconcile.ts …   (the same)
//
// Each measurement runs in a fresh process, so its peak RSS is its own and no run
// profits from another's warm-up; times are taken inside that process around the work
// (reading, matching, writing), and the process's whole life is shown beside them.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { generateRosters, type RosterFiles } from './gen-rosters';
import { BENCH_COUNTY, loadCounty } from './load-rosters';

const SCHOOL_YEAR = 2026;
const SCALES = { county: 45_000, million: 1_000_000 } as const;
type Scale = keyof typeof SCALES;
const GOAL_COUNTY_SECONDS = 2;
const GOAL_MILLION_RATIO = 5;
const GOAL_MILLION_RSS_MB = 2048;
const GOAL_IN_APP_RATIO = 3;

interface Measurement {
  seconds: number;
  /** CPU time (user + system, all threads): steadier than wall time on a busy machine. */
  cpuSeconds: number;
  maxRssMb: number;
  /** The child process's whole life, start-up included. */
  processSeconds: number;
  detail: Record<string, unknown>;
}

function rosterDir(children: number): string {
  return join('bench', 'out', `rosters-${children}`);
}

function rosterFiles(dir: string): RosterFiles {
  return {
    population: join(dir, 'population.csv'),
    enrollment: join(dir, 'enrollment.csv'),
    outOfCounty: join(dir, 'out-of-county.csv'),
    exemptions: join(dir, 'exemptions.csv'),
  };
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

function peakRssMb(): number {
  // ru_maxrss is in kilobytes on Linux.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

// ------------------------------------------------------------ measured work

async function measureReconcile(dir: string, out: string): Promise<void> {
  const { reconcileFiles } = await import('../packages/server/src/modules/reconciliation/file-mode');
  const cpu = process.cpuUsage();
  const started = performance.now();
  const {
    result,
    imports,
    seconds: phases,
  } = await reconcileFiles({
    schoolYear: SCHOOL_YEAR,
    ...rosterFiles(dir),
    out,
  });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    JSON.stringify({
      seconds,
      cpuSeconds: cpuSecondsSince(cpu),
      maxRssMb: peakRssMb(),
      detail: {
        children: result.children.length,
        findings: result.findings.length,
        summary: result.summary,
        rows: Object.fromEntries(imports.map((r) => [r.kind, r.rows])),
        phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Number(v.toFixed(2))])),
        refused: imports.reduce((n, r) => n + r.rejected, 0),
      },
    }) + '\n',
  );
}

/**
 * The floor under file mode: the app's table reader alone over the population and
 * enrolment files (decoded and cut into cells, no cell parsed, nothing matched).
 */
async function measureReader(dir: string): Promise<void> {
  const { openTable } = await import('../packages/server/src/modules/imports/readers');
  const { population, enrollment } = rosterFiles(dir);
  const cpu = process.cpuUsage();
  const started = performance.now();
  let rows = 0;
  for (const path of [population, enrollment]) {
    const table = await openTable(path);
    for await (const batch of table.batches()) rows += batch.length;
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    JSON.stringify({ seconds, cpuSeconds: cpuSecondsSince(cpu), maxRssMb: peakRssMb(), detail: { rows } }) +
      '\n',
  );
}

async function measureDuckDb(dir: string): Promise<void> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const { population, enrollment } = rosterFiles(dir);
  const csv = (path: string) => `read_csv('${path.replace(/'/g, "''")}', header = true, all_varchar = true)`;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  // The population against enrolment by identity number: the join at the heart of
  // reconciliation, without any of its rules.
  const reader = await connection.runAndReadAll(`
    SELECT e."学籍状态" AS status, count(*) AS children
    FROM ${csv(population)} p LEFT JOIN ${csv(enrollment)} e ON p."身份证号" = e."身份证号"
    GROUP BY ALL ORDER BY ALL`);
  const rows = reader.getRowObjectsJson();
  const seconds = (performance.now() - started) / 1000;
  connection.closeSync();
  process.stdout.write(
    JSON.stringify({
      seconds,
      cpuSeconds: cpuSecondsSince(cpu),
      maxRssMb: peakRssMb(),
      detail: { statuses: rows },
    }) + '\n',
  );
}

function benchDatabase(dir: string): string {
  return `bx_bench_${dir.replace(/.*rosters-/, 'rosters_')}`;
}

/** The app's run, as a county admin starts it, on the rosters loaded into their database. */
async function measureInApp(dir: string): Promise<void> {
  const { executeRun } = await import('../packages/server/src/modules/reconciliation/reconciliation.service');
  const { insertRun } = await import('../packages/server/src/modules/reconciliation/reconciliation.queries');
  const { handle, rows } = await loadCounty(benchDatabase(dir), rosterFiles(dir), SCHOOL_YEAR);
  const { sql } = await import('kysely');
  try {
    // Each measurement starts from the same database: no earlier run, case or decision.
    await sql`truncate reconciliation_runs, reconciliation_children, reconciliation_findings, cases, review_decisions cascade`.execute(
      handle.db,
    );
    const runId = await insertRun(handle.db, {
      county_code: BENCH_COUNTY,
      school_year: SCHOOL_YEAR,
      status: 'queued',
    });
    const phases: Record<string, number> = {};
    let phase = 'queued';
    let since = performance.now();
    const progress = {
      rows: 0,
      bytes: 0,
      get phase() {
        return phase;
      },
      set phase(next: string) {
        const now = performance.now();
        phases[phase] = (phases[phase] ?? 0) + (now - since) / 1000;
        phase = next;
        since = now;
      },
    };
    const cpu = process.cpuUsage();
    const started = performance.now();
    const run = await executeRun(handle.db, BENCH_COUNTY, runId, progress);
    const seconds = (performance.now() - started) / 1000;
    if (run.status !== 'succeeded') throw new Error(`the run ${run.status}: ${run.error_en}`);
    const cases = await sql<{ n: number }>`select count(*)::int as n from cases`.execute(handle.db);
    process.stdout.write(
      JSON.stringify({
        seconds,
        cpuSeconds: cpuSecondsSince(cpu),
        maxRssMb: peakRssMb(),
        detail: {
          rows,
          phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Number(v.toFixed(2))])),
          children: run.children_count,
          findings: run.findings_count,
          cases: cases.rows[0]?.n,
          summary: run.summary,
        },
      }) + '\n',
    );
  } finally {
    await handle.close();
  }
}

/** The baseline: the join at the heart of a run, as one statement the server runs alone. */
async function measureCtas(dir: string): Promise<void> {
  const { handle } = await loadCounty(benchDatabase(dir), rosterFiles(dir), SCHOOL_YEAR);
  const { sql } = await import('kysely');
  try {
    await sql`drop table if exists bench_join`.execute(handle.db);
    const cpu = process.cpuUsage();
    const started = performance.now();
    await sql`create table bench_join as
      select p.id, p.id_number, p.name, p.gender, p.birth_date, p.village_code,
        s.school_code, s.grade, s.status, s.study_mode
      from population p
      left join students s on s.county_code = p.county_code and s.id_number = p.id_number
      where p.county_code = ${BENCH_COUNTY} and p.school_year = ${SCHOOL_YEAR}`.execute(handle.db);
    const seconds = (performance.now() - started) / 1000;
    const counted = await sql<{ n: number }>`select count(*)::int as n from bench_join`.execute(handle.db);
    await sql`drop table bench_join`.execute(handle.db);
    process.stdout.write(
      JSON.stringify({
        seconds,
        cpuSeconds: cpuSecondsSince(cpu),
        maxRssMb: peakRssMb(),
        detail: { rows: counted.rows[0]?.n },
      }) + '\n',
    );
  } finally {
    await handle.close();
  }
}

// ------------------------------------------------------------------ driver

const SELF = fileURLToPath(import.meta.url);

function measureInChild(args: string[]): Promise<Measurement> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // With the young generation the `baoxue` command and `npm start` give Node (bin/baoxue.mjs).
    const child = spawn(
      process.execPath,
      ['--max-semi-space-size=64', '--import', 'tsx', SELF, '--measure', ...args],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`measurement ${args.join(' ')} exited with ${code}`));
      const line = stdout.trim().split('\n').pop() ?? '';
      const parsed = JSON.parse(line) as Omit<Measurement, 'processSeconds'>;
      resolve({ ...parsed, processSeconds: (performance.now() - started) / 1000 });
    });
  });
}

function best(runs: Measurement[]): Measurement {
  return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

function fmt(n: number, digits = 2): string {
  return n.toFixed(digits);
}

async function benchScale(
  scale: Scale,
  options: { repeat: number; out: string; regen: boolean },
): Promise<boolean> {
  const children = SCALES[scale];
  const dir = rosterDir(children);
  if (options.regen || !existsSync(join(dir, 'exemptions.csv'))) {
    const started = performance.now();
    const generated = await generateRosters({ children, outDir: dir, schoolYear: SCHOOL_YEAR });
    console.log(
      `generated ${scale} rosters in ${fmt((performance.now() - started) / 1000)} s: ${JSON.stringify(generated.rows)}`,
    );
  }
  const out = join(dir, `result.${options.out}`);
  const ours: Measurement[] = [];
  const duck: Measurement[] = [];
  const reader: Measurement[] = [];
  for (let i = 0; i < options.repeat; i++) {
    ours.push(await measureInChild(['reconcile', dir, out]));
    duck.push(await measureInChild(['duckdb', dir]));
    reader.push(await measureInChild(['reader', dir]));
  }
  const o = best(ours);
  const d = best(duck);
  const r = best(reader);
  const ratio = o.seconds / d.seconds;
  console.log(
    `\n== ${scale}: ${children.toLocaleString('en')} children (${JSON.stringify(o.detail.rows)}) → ${out}`,
  );
  console.log(
    `  file mode : ${fmt(o.seconds)} s wall, ${fmt(o.cpuSeconds)} s CPU (runs: ${ours.map((m) => fmt(m.seconds)).join(', ')}; whole process ${fmt(o.processSeconds)} s), peak RSS ${o.maxRssMb} MB; phases ${JSON.stringify(o.detail.phases)}`,
  );
  console.log(
    `  reader    : ${fmt(r.seconds)} s wall (runs: ${reader.map((m) => fmt(m.seconds)).join(', ')}): population and enrolment decoded and cut into cells, nothing parsed = ${fmt(r.seconds / d.seconds)}× DuckDB, the floor under file mode`,
  );
  console.log(
    `  DuckDB    : ${fmt(d.seconds)} s wall, ${fmt(d.cpuSeconds)} s CPU (runs: ${duck.map((m) => fmt(m.seconds)).join(', ')}; whole process ${fmt(d.processSeconds)} s), peak RSS ${d.maxRssMb} MB`,
  );
  console.log(
    `  ratio     : ${fmt(ratio)}× DuckDB (wall time; the machine had ${os.cpus().length} cores, load ${fmt(os.loadavg()[0] ?? 0)})`,
  );
  console.log(
    `  result    : ${o.detail.children} children, ${o.detail.findings} findings, ${JSON.stringify(o.detail.summary)}`,
  );
  let met: boolean;
  if (scale === 'county') {
    met = o.seconds <= GOAL_COUNTY_SECONDS;
    console.log(`  goal      : end to end ≤ ${GOAL_COUNTY_SECONDS} s → ${met ? 'met' : 'NOT met'}`);
  } else {
    const fast = ratio <= GOAL_MILLION_RATIO;
    const small = o.maxRssMb <= GOAL_MILLION_RSS_MB;
    met = fast && small;
    console.log(
      `  goal      : ≤ ${GOAL_MILLION_RATIO}× DuckDB → ${fast ? 'met' : 'NOT met'}; peak RSS ≤ ${GOAL_MILLION_RSS_MB} MB → ${small ? 'met' : 'NOT met'}`,
    );
  }
  return met;
}

async function benchInApp(scale: Scale, repeat: number): Promise<boolean> {
  const dir = rosterDir(SCALES[scale]);
  const started = performance.now();
  const { handle, rows, loadedNow } = await loadCounty(benchDatabase(dir), rosterFiles(dir), SCHOOL_YEAR);
  await handle.close();
  const load = loadedNow
    ? `loaded in ${fmt((performance.now() - started) / 1000)} s`
    : 'kept from an earlier load';
  const app: Measurement[] = [];
  const ctas: Measurement[] = [];
  for (let i = 0; i < repeat; i++) {
    app.push(await measureInChild(['in-app', dir]));
    ctas.push(await measureInChild(['ctas', dir]));
  }
  const a = best(app);
  const c = best(ctas);
  const ratio = a.seconds / c.seconds;
  console.log(
    `\n== ${scale} in the app on PostgreSQL: database ${benchDatabase(dir)} (${load}): ${JSON.stringify(rows)}`,
  );
  console.log(
    `  in-app run : ${fmt(a.seconds)} s wall, ${fmt(a.cpuSeconds)} s CPU in Node (runs: ${app.map((m) => fmt(m.seconds)).join(', ')}), peak RSS ${a.maxRssMb} MB; phases ${JSON.stringify(a.detail.phases)}`,
  );
  console.log(
    `  CTAS join  : ${fmt(c.seconds)} s wall (runs: ${ctas.map((m) => fmt(m.seconds)).join(', ')}), ${String(c.detail.rows)} rows`,
  );
  console.log(`  ratio      : ${fmt(ratio)}× CREATE TABLE … AS SELECT`);
  console.log(
    `  result     : ${String(a.detail.children)} children, ${String(a.detail.findings)} findings, ${String(a.detail.cases)} cases opened, ${JSON.stringify(a.detail.summary)}`,
  );
  const met = ratio <= GOAL_IN_APP_RATIO;
  console.log(`  goal       : ≤ ${GOAL_IN_APP_RATIO}× the CTAS join → ${met ? 'met' : 'NOT met'}`);
  return met;
}

export async function main(args: string[]): Promise<void> {
  if (args[0] === '--measure') {
    const [what, dir, out] = args.slice(1);
    if (what === 'reconcile' && dir && out) return measureReconcile(dir, out);
    if (what === 'duckdb' && dir) return measureDuckDb(dir);
    if (what === 'reader' && dir) return measureReader(dir);
    if (what === 'in-app' && dir) return measureInApp(dir);
    if (what === 'ctas' && dir) return measureCtas(dir);
    throw new Error(`unknown measurement: ${args.join(' ')}`);
  }
  const { values } = parseArgs({
    args,
    options: {
      scale: { type: 'string', default: 'all' },
      repeat: { type: 'string', default: '2' },
      out: { type: 'string', default: 'csv' },
      regen: { type: 'boolean', default: false },
      'in-app': { type: 'boolean', default: false },
    },
  });
  const scales: Scale[] = values.scale === 'all' ? ['county', 'million'] : [values.scale as Scale];
  if (!scales.every((s) => s in SCALES)) throw new Error(`--scale must be county, million or all`);
  if (!['csv', 'json', 'xlsx'].includes(values.out)) throw new Error('--out must be csv, json or xlsx');
  const repeat = Math.max(1, Number(values.repeat) || 1);
  let allMet = true;
  for (const scale of scales) {
    allMet = (await benchScale(scale, { repeat, out: values.out, regen: values.regen })) && allMet;
    if (values['in-app']) allMet = (await benchInApp(scale, repeat)) && allMet;
  }
  console.log(`\nreconcile benchmark: ${allMet ? 'all goals met' : 'some goals NOT met'}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  await main(process.argv.slice(2));
