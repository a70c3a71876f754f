// An import of a 100,000-row population workbook through the app's import service on the
// embedded database: the file is generated once with ExcelJS's streaming writer, then
// imported in a fresh process so that its peak RSS is the import's own. A smaller file is
// imported the same way beside it: equal peaks show that memory stays flat as files grow.
//
//   npm run bench -- import [--rows 100000] [--small 10000] [--regen]
//   node --import tsx bench/import.ts …   (the same)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { makeIdNumber } from '../packages/shared/src/domain/identity';

const SCHOOL_YEAR = 2026;
const COUNTY = '610727';
const OUT = join('bench', 'out');
const TEMPLATE = join(OUT, 'pglite-migrated.tar');

interface Measurement {
  rows: number;
  accepted: number;
  rejected: number;
  seconds: number;
  readSeconds: number;
  cpuSeconds: number;
  /** Peak RSS of the process after the database was opened, before the import. */
  baseRssMb: number;
  /** Highest RSS sampled while the file was read and checked (the database untouched). */
  readRssMb: number;
  maxRssMb: number;
  fileMb: number;
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = '子涵欣怡梓轩浩宇雨桐一诺思远佳琪俊杰嘉怡宇航诗涵';

/** A population workbook of `rows` children, written row by row with the streaming writer. */
async function generateWorkbook(path: string, rows: number): Promise<void> {
  const { generateDemoCounty } = await import('../packages/server/src/demo/generate');
  const villages = generateDemoCounty({ scale: 0.01 })
    .tables.regions.filter((r) => r.level === 'village')
    .map((r) => r.code);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('人口花名册');
  sheet
    .addRow([
      '姓名*',
      '性别*',
      '身份证号',
      '出生日期',
      '区划代码',
      '户号',
      '监护人姓名',
      '监护人电话',
      '与儿童关系',
      '建档立卡',
      '留守儿童',
      '残疾类别',
      '残疾等级',
    ])
    .commit();
  for (let i = 0; i < rows; i++) {
    const gender = i % 2 === 0 ? 'M' : 'F';
    const year = SCHOOL_YEAR - 17 + (i % 18);
    const birth = `${year}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${GIVEN[(i * 13 + 1) % GIVEN.length]}`;
    const village = villages[i % villages.length] ?? '';
    sheet
      .addRow([
        name,
        gender === 'M' ? '男' : '女',
        makeIdNumber(COUNTY, birth, i % 1000, gender),
        birth,
        village,
        `${village.slice(6)}${String(Math.floor(i / 3)).padStart(6, '0')}`,
        `${SURNAMES[(i + 3) % SURNAMES.length]}建国`,
        `139${String(i).padStart(8, '0')}`,
        i % 5 === 0 ? '祖父母' : '父亲',
        i % 9 === 0 ? '是' : '否',
        i % 7 === 0 ? '是' : '否',
        i % 97 === 0 ? '肢体' : '',
        i % 97 === 0 ? '二级' : '',
      ])
      .commit();
  }
  sheet.commit();
  await workbook.commit();
}

/** A migrated, empty embedded database as a tarball: opening it costs neither initdb's time nor its memory. */
async function template(): Promise<void> {
  if (existsSync(TEMPLATE)) return;
  const { connect } = await import('../packages/server/src/db/connection');
  const { migrateToLatest } = await import('../packages/server/src/db/migrate');
  const handle = await connect({ inMemory: true });
  await migrateToLatest(handle.db);
  writeFileSync(TEMPLATE, Buffer.from(await (await handle.dump!()).arrayBuffer()));
  await handle.close();
}

async function measureImport(file: string): Promise<void> {
  const { connect } = await import('../packages/server/src/db/connection');
  const { migrateToLatest } = await import('../packages/server/src/db/migrate');
  const { generateDemoCounty } = await import('../packages/server/src/demo/generate');
  const { importNow } = await import('../packages/server/src/modules/imports/imports.service');
  const { openTable } = await import('../packages/server/src/modules/imports/readers');
  const dir = await mkdtemp(join(os.tmpdir(), 'bx-bench-import-'));
  const handle = await connect({
    dataDir: join(dir, 'data'),
    loadDataDir: new Blob([readFileSync(TEMPLATE)]),
  });
  try {
    await migrateToLatest(handle.db);
    const demo = generateDemoCounty({ scale: 0.01 });
    await handle.db.insertInto('counties').values(demo.tables.counties).execute();
    await handle.db.insertInto('regions').values(demo.tables.regions).execute();
    const baseRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    const progress = { phase: 'queued', rows: 0, bytes: 0 };
    let readDone = 0;
    let readRss = 0;
    const watch = setInterval(() => {
      if (progress.phase === 'reading') readRss = Math.max(readRss, process.memoryUsage().rss);
      if (progress.phase === 'writing' && readDone === 0) readDone = performance.now();
    }, 20);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const job = await importNow(
      { db: handle.db, transact: (work) => handle.db.transaction().execute(work) },
      {
        kind: 'population',
        schoolYear: SCHOOL_YEAR,
        fileName: 'population.xlsx',
        who: { countyCode: COUNTY, userId: null, username: 'bench', ip: null },
      },
      () => openTable(file),
      progress,
      statSync(file).size,
    );
    const seconds = (performance.now() - started) / 1000;
    clearInterval(watch);
    const used = process.cpuUsage(cpu);
    const m: Measurement = {
      rows: job.total_rows ?? 0,
      accepted: job.accepted_rows,
      rejected: job.rejected_rows,
      seconds,
      readSeconds: readDone ? (readDone - started) / 1000 : seconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      baseRssMb,
      readRssMb: Math.round(readRss / 1048576),
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      fileMb: Math.round(statSync(file).size / 1e5) / 10,
    };
    if (job.status !== 'succeeded') throw new Error(`import failed: ${job.error_en ?? ''}`);
    process.stdout.write(`${JSON.stringify(m)}\n`);
  } finally {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const SELF = fileURLToPath(import.meta.url);

/** Memory the JavaScript heap may use in the capped run: enough for one batch, not for a file. */
const CAPPED_HEAP_MB = 128;

function inChild(file: string, heapMb?: number): Promise<Measurement> {
  const flags = heapMb ? [`--max-old-space-size=${heapMb}`] : [];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, '--import', 'tsx', SELF, '--measure', file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`import measurement exited with ${code}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Measurement);
    });
  });
}

export async function main(args: string[]): Promise<void> {
  if (args[0] === '--measure' && args[1]) return measureImport(args[1]);
  const { values } = parseArgs({
    args,
    options: { rows: { type: 'string' }, small: { type: 'string' }, regen: { type: 'boolean' } },
  });
  const sizes = [Number(values.small ?? 10_000), Number(values.rows ?? 100_000)];
  mkdirSync(OUT, { recursive: true });
  await template();
  // The large file once more with the JavaScript heap capped: it still goes through, so the
  // import keeps nothing per row (the uncapped runs' RSS is mostly garbage not yet collected).
  const runs: [number, number | undefined][] = [
    ...sizes.map((rows): [number, undefined] => [rows, undefined]),
    [sizes[1] ?? 100_000, CAPPED_HEAP_MB],
  ];
  for (const [rows, heapMb] of runs) {
    const file = join(OUT, `population-${rows}.xlsx`);
    if (values.regen || !existsSync(file)) {
      const started = performance.now();
      await generateWorkbook(file, rows);
      console.log(
        `generated ${file} (${rows.toLocaleString('en')} rows) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    const m = await inChild(file, heapMb);
    const capped = heapMb ? `, JS heap capped at ${heapMb} MB` : '';
    console.log(
      `== population import, ${m.rows.toLocaleString('en')} rows (${m.fileMb} MB .xlsx${capped}): ${m.seconds.toFixed(2)} s ` +
        `(${Math.round(m.rows / m.seconds).toLocaleString('en')} rows/s; reading and checking ${m.readSeconds.toFixed(2)} s, ` +
        `writing ${(m.seconds - m.readSeconds).toFixed(2)} s; ${m.cpuSeconds.toFixed(2)} s CPU)`,
    );
    console.log(
      `   peak RSS ${m.maxRssMb} MB (${m.baseRssMb} MB with the embedded database open before the import, ` +
        `${m.readRssMb} MB at most while the file was read and checked); ` +
        `${m.accepted.toLocaleString('en')} rows written, ${m.rejected} refused`,
    );
  }
  console.log(`   machine: ${os.cpus().length} cores, load ${(os.loadavg()[0] ?? 0).toFixed(2)}`);
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  await main(process.argv.slice(2));
}
