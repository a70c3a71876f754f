import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import type { DatabaseKind } from '../src/db/connection';
import { generateDemoCounty, type DemoCounty } from '../src/demo/generate';
import { seedDemoCounty } from '../src/demo/seed';
import { createTestDatabase, type TestDatabase } from './db';

export interface DemoApp {
  app: FastifyInstance;
  database: TestDatabase;
  demo: DemoCounty;
  close(): Promise<void>;
}

/** The demo county (at `scale`), seeded into a fresh database, behind an app. */
export async function createDemoApp(kind: DatabaseKind, scale = 0.25, demo?: DemoCounty): Promise<DemoApp> {
  const county = demo ?? generateDemoCounty({ scale });
  const database = await createTestDatabase(kind);
  await seedDemoCounty(database.db, { county });
  const app = await buildApp({
    db: database.db,
    dbKind: database.kind,
    countyCode: county.countyCode,
    loginRateLimit: 10_000,
  });
  await app.ready();
  return {
    app,
    database,
    demo: county,
    close: async () => {
      await app.close();
      await database.dispose();
    },
  };
}
