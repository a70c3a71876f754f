import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from './app';
import { WEB_DIST, type RuntimeConfig } from './config';
import { connect, type DatabaseHandle } from './db/connection';
import { migrateToLatest } from './db/migrate';
import { seedDemoCounty } from './demo/seed';
import { startScheduler } from './modules/schedule/schedule.service';

export interface Opened {
  handle: DatabaseHandle;
  seeded: Awaited<ReturnType<typeof seedDemoCounty>> | null;
}

function isNewEmbeddedFolder(config: RuntimeConfig): boolean {
  return !config.databaseUrl && !existsSync(join(config.dataDir, 'PG_VERSION'));
}

/** Opens the database, migrates it, and gives an empty one the demo county when asked to. */
export async function openDatabase(config: RuntimeConfig, options: { demo: boolean }): Promise<Opened> {
  if (isNewEmbeddedFolder(config)) {
    // A new embedded folder is created and filled without waiting on the disk after every
    // statement (several times faster), then closed — which flushes it — and reopened durably.
    const first = await connect({ dataDir: config.dataDir, relaxedDurability: true });
    let seeded: Opened['seeded'] = null;
    try {
      seeded = await prepare(first, options);
    } finally {
      await first.close();
    }
    return { handle: await connect({ dataDir: config.dataDir }), seeded };
  }
  const handle = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return { handle, seeded: await prepare(handle, options) };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function prepare(handle: DatabaseHandle, options: { demo: boolean }): Promise<Opened['seeded']> {
  await migrateToLatest(handle.db);
  const county = await handle.db.selectFrom('counties').select('county_code').executeTakeFirst();
  if (county || !options.demo) return null;
  const seeded = await seedDemoCounty(handle.db);
  // Fresh bulk data has no planner statistics and no visibility map: without this the first
  // hours of queries get poor plans and counts cannot use index-only scans.
  await sql`vacuum analyze`.execute(handle.db);
  return seeded;
}

/**
 * V8 allocates straight into the old generation from a code site whose objects it has seen
 * survive ("pretenuring"). A server learns that from the wrong moments: the database rows a
 * reconciliation run or the demo seed holds for seconds are parsed at the same sites as a
 * request's page of rows, which lives for milliseconds. Once those sites were pretenured, under
 * 32 connections every young collection took ~5.5 ms and moved ~850 KB of request garbage into
 * the old generation; without pretenuring, 2.1 ms and 55 KB, and a town official's case list
 * went from 1,490–1,630 to 1,770–1,910 requests/s (p99 53–64 → 40–44 ms). Set before any request.
 */
function keepRequestGarbageYoung(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}

export async function startServer(
  config: RuntimeConfig,
  options: { demo: boolean; log: (line: string) => void },
): Promise<{ app: FastifyInstance; handle: DatabaseHandle; url: string }> {
  keepRequestGarbageYoung();
  const { handle, seeded } = await openDatabase(config, options);
  if (seeded) {
    options.log('已生成演示县（略阳县，全部为虚构人员）/ Demo county seeded (synthetic people only).');
    options.log('演示账号 / demo accounts (仅供演示 / demo only):');
    for (const a of seeded.accounts) options.log(`  ${a.username.padEnd(10)} ${a.password}   ${a.role}`);
  }
  const app = await buildApp({
    db: handle.db,
    dbKind: handle.kind,
    countyCode: config.countyCode,
    webDist: WEB_DIST,
    logger: process.env.BAOXUE_LOG === '1',
    secureCookies: config.https,
    trustProxy: config.trustProxy,
    sessionHours: config.sessionHours,
  });
  await app.listen({ port: config.port, host: config.host });
  // Absence escalation, overdue cases and the outbound queue run in this process.
  const stopScheduler = startScheduler(handle.db, config.countyCode, app.clock);
  const url = `http://localhost:${config.port}`;
  options.log(`保学已启动 / Baoxue is serving ${url} (${handle.kind}: ${handle.location})`);
  const stop = async () => {
    stopScheduler();
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  return { app, handle, url };
}
