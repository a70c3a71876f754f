import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { pgliteBulk, postgresBulk, registerBulk } from './bulk';
import { preparingPool } from './prepared';
import type { Database } from './schema';

export type DatabaseKind = 'pglite' | 'postgresql';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Where the data lives: a folder for PGlite, the URL without password for PostgreSQL. */
  location: string;
  close(): Promise<void>;
  /** Embedded only: the whole data folder as a tarball. */
  dump?: () => Promise<Blob>;
}

export interface ConnectOptions {
  /** PostgreSQL connection string; when absent, the embedded database in `dataDir` is used. */
  databaseUrl?: string;
  dataDir?: string;
  /** Embedded only: keep everything in memory (tests). */
  inMemory?: boolean;
  /**
   * Embedded only: do not wait for the file system after each statement. Used while a new
   * data folder is created and filled, which is then closed (flushing everything) and reopened.
   */
  relaxedDurability?: boolean;
  /** Embedded only: start from this data-folder tarball (PGlite.dumpDataDir) instead of running initdb. */
  loadDataDir?: Blob;
}

const OID_INT8 = 20;
const OID_NUMERIC = 1700;
const OID_DATE = 1082;

// One place decides how numbers and dates come back, so PGlite and pg agree:
// counts and sums as JS numbers, calendar dates as 'YYYY-MM-DD' strings (never shifted by time zone).
const parseInteger = (v: string): number => Number.parseInt(v, 10);
const parseNumeric = (v: string): number => Number.parseFloat(v);
const keepText = (v: string): string => v;

export async function connect(options: ConnectOptions = {}): Promise<DatabaseHandle> {
  if (options.databaseUrl) return connectPostgres(options.databaseUrl);
  return connectPglite(options);
}

async function connectPglite(options: ConnectOptions): Promise<DatabaseHandle> {
  const dataDir = options.inMemory ? undefined : resolve(options.dataDir ?? 'data');
  // PGlite does not create missing parent folders of its data directory.
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = new PGlite({
    dataDir,
    relaxedDurability: options.relaxedDurability ?? false,
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    parsers: { [OID_INT8]: parseInteger, [OID_NUMERIC]: parseNumeric, [OID_DATE]: keepText },
  });
  await pglite.waitReady;
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  registerBulk(db, pgliteBulk(pglite));
  return {
    db,
    kind: 'pglite',
    dump: () => pglite.dumpDataDir('none'),
    location: dataDir ?? ':memory:',
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

function connectPostgres(databaseUrl: string): DatabaseHandle {
  const types = {
    getTypeParser: (oid: number, format?: string) => {
      if (oid === OID_INT8) return parseInteger;
      if (oid === OID_NUMERIC) return parseNumeric;
      if (oid === OID_DATE) return keepText;
      return pg.types.getTypeParser(oid, format as 'text');
    },
  };
  // pg needs an explicit user where $USER is unset (CI); default to postgres.
  const url = new URL(databaseUrl);
  if (!url.username) url.username = 'postgres';
  const pool = new pg.Pool({
    connectionString: url.toString(),
    max: 10,
    types: types as pg.CustomTypesConfig,
  });
  // An idle connection the server ends (a restart, an administrator, a database dropped
  // while the pool closes) is reported on the pool; with no listener Node would end the
  // whole process. The pool drops that client and connects anew for the next query.
  pool.on('error', (error) => console.error(`PostgreSQL connection lost: ${error.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  registerBulk(db, postgresBulk(pool));
  url.password = '';
  return { db, kind: 'postgresql', location: url.toString(), close: () => db.destroy() };
}
