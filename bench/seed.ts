// Seeding the demo county into a fresh embedded database, as `npm start` does on a new
// machine: the generated county written table by table and its rosters imported through the
// import service. Goal: ≤ 20 s, far inside the start-up budget. The baseline is the floor
// under it: the same seeded database loaded back from a dump of its data folder.
//
//   npm run bench -- seed [--repeat N]
//   node --import tsx bench/seed.ts …   (the same)
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { connect } from '../packages/server/src/db/connection';
import { migrateToLatest } from '../packages/server/src/db/migrate';
import { seedDemoCounty } from '../packages/server/src/demo/seed';

const GOAL_SECONDS = 20;

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

/** One seeding into a new in-memory database; returns its time and a dump of the result. */
async function seedOnce(): Promise<{ seed: number; generate: number; dump: Blob }> {
  const handle = await connect({ inMemory: true });
  try {
    await migrateToLatest(handle.db);
    const summary = await seedDemoCounty(handle.db);
    return { seed: summary.seedMs / 1000, generate: summary.generateMs / 1000, dump: await handle.dump!() };
  } finally {
    await handle.close();
  }
}

async function loadOnce(dump: Blob): Promise<number> {
  const started = performance.now();
  const handle = await connect({ inMemory: true, loadDataDir: dump });
  await handle.db
    .selectFrom('population')
    .select((eb) => eb.fn.countAll().as('n'))
    .execute();
  const took = seconds(started);
  await handle.close();
  return took;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { repeat: { type: 'string' } } });
  const repeat = Math.max(1, Number(values.repeat ?? 3));
  const seeds: number[] = [];
  const loads: number[] = [];
  let generate = 0;
  for (let i = 0; i < repeat; i++) {
    const run = await seedOnce();
    seeds.push(run.seed);
    generate = run.generate;
    loads.push(await loadOnce(run.dump));
  }
  const seed = median(seeds);
  const load = median(loads);
  const f = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');
  console.log(
    `== demo county seeded into the embedded database: ${seed.toFixed(2)} s (runs: ${f(seeds)}); generating it ${generate.toFixed(2)} s`,
  );
  console.log(
    `   baseline: the seeded database loaded from a dump of its data folder ${load.toFixed(2)} s (runs: ${f(loads)}) = ${(seed / load).toFixed(1)}×`,
  );
  console.log(`   goal: ≤ ${GOAL_SECONDS} s → ${seed <= GOAL_SECONDS ? 'met' : 'NOT met'}`);
  if (seed > GOAL_SECONDS) process.exitCode = 1;
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  await main(process.argv.slice(2));
}
