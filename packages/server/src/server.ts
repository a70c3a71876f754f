import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { WEB_DIST, type RuntimeConfig } from './config';
import { connect, type DatabaseHandle } from './db/connection';
import { migrateToLatest } from './db/migrate';
import { seedDemoCounty } from './demo/seed';

export interface Opened {
  handle: DatabaseHandle;
  seeded: Awaited<ReturnType<typeof seedDemoCounty>> | null;
}

/** Opens the database, migrates it, and gives an empty one the demo county when asked to. */
export async function openDatabase(config: RuntimeConfig, options: { demo: boolean }): Promise<Opened> {
  const handle = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(handle.db);
    const county = await handle.db.selectFrom('counties').select('county_code').executeTakeFirst();
    const seeded = !county && options.demo ? await seedDemoCounty(handle.db) : null;
    return { handle, seeded };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

export async function startServer(
  config: RuntimeConfig,
  options: { demo: boolean; log: (line: string) => void },
): Promise<{ app: FastifyInstance; handle: DatabaseHandle; url: string }> {
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
  });
  await app.listen({ port: config.port, host: config.host });
  const url = `http://localhost:${config.port}`;
  options.log(`保学已启动 / Baoxue is serving ${url} (${handle.kind}: ${handle.location})`);
  const stop = async () => {
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  return { app, handle, url };
}
