import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connect, type DatabaseHandle, type DatabaseKind } from '../src/db/connection';
import { migrateToLatest } from '../src/db/migrate';
import { forgetCachedSettings } from '../src/modules/settings/settings.service';

/** PGlite always; PostgreSQL too when DATABASE_URL is set. CI sets it and makes it mandatory. */
export function databaseKinds(): DatabaseKind[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgresql'] : ['pglite'];
}

export interface TestDatabase extends DatabaseHandle {
  /** Closes the connection and drops the database this helper created. */
  dispose(): Promise<void>;
}

function adminUrl(): URL {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  if (!url.username) url.username = 'postgres';
  return url;
}

async function adminQuery(text: string): Promise<void> {
  const url = adminUrl();
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database of the given kind: in-memory PGlite, or a new PostgreSQL database. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  forgetCachedSettings();
  if (kind === 'pglite') {
    const handle = await connect({ inMemory: true });
    await migrateToLatest(handle.db);
    return { ...handle, dispose: () => handle.close() };
  }
  const name = `bx_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = adminUrl();
  url.pathname = `/${name}`;
  const handle = await connect({ databaseUrl: url.toString() });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    dispose: async () => {
      await handle.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}
