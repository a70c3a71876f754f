import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import pg from 'pg';
import { connect, type DatabaseHandle, type DatabaseKind } from '../src/db/connection';
import { migrateToLatest } from '../src/db/migrate';
import { forgetCaches } from '../src/lib/caches';
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

const MIGRATIONS_DIR = new URL('../src/db/migrations/', import.meta.url);

/**
 * A migrated, empty PGlite data folder as a tarball, made once and shared by every test file
 * (on disk, keyed by the migrations' content): loading it takes ~1 s where initdb takes 4–15 s.
 */
async function pgliteTemplate(): Promise<Blob> {
  const hash = createHash('sha256');
  for (const name of readdirSync(MIGRATIONS_DIR).sort())
    hash.update(readFileSync(new URL(name, MIGRATIONS_DIR)));
  const file = resolve(`.tmp/pglite-template-${hash.digest('hex').slice(0, 12)}.tar`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const handle = await connect({ inMemory: true });
  try {
    await migrateToLatest(handle.db);
    const blob = await handle.dump!();
    mkdirSync(dirname(file), { recursive: true });
    // Written under a private name and renamed, so a parallel worker never reads half a file.
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
    renameSync(partial, file);
    return blob;
  } finally {
    await handle.close();
  }
}

/**
 * A fresh, migrated database of the given kind: in-memory PGlite, or a new PostgreSQL
 * database. `unmigrated` leaves it bare, for a migration's own test (on PGlite that costs a
 * whole initdb, several seconds).
 */
export async function createTestDatabase(
  kind: DatabaseKind,
  { unmigrated = false }: { unmigrated?: boolean } = {},
): Promise<TestDatabase> {
  // The server keeps settings, place names and figures per county in the process, and a
  // worker runs many test files (and databases) one after another: none may see another's.
  forgetCachedSettings();
  forgetCaches();
  if (kind === 'pglite') {
    const handle = await connect(
      unmigrated ? { inMemory: true } : { inMemory: true, loadDataDir: await pgliteTemplate() },
    );
    if (!unmigrated) await migrateToLatest(handle.db);
    return { ...handle, dispose: () => handle.close() };
  }
  const name = `bx_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = adminUrl();
  url.pathname = `/${name}`;
  const handle = await connect({ databaseUrl: url.toString() });
  if (!unmigrated) await migrateToLatest(handle.db);
  return {
    ...handle,
    dispose: async () => {
      await handle.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}
