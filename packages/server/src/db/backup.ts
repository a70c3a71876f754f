import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import { TABLES_IN_DEPENDENCY_ORDER, migrateToLatest } from './migrate';
import type { Database } from './schema';

// A logical backup: one gzip'd JSON-lines file that PGlite and PostgreSQL both write and
// read, so a county can move from the embedded database to a server and back.

const FORMAT = 'baoxue-backup';
/** 2: a run's children are keyed by their place in the run (migration 0009). 1 is still read. */
const FORMAT_VERSION = 2;
const READABLE_VERSIONS: readonly number[] = [1, FORMAT_VERSION];
const CHUNK = 5000;

type TableName = (typeof TABLES_IN_DEPENDENCY_ORDER)[number];

/** Primary-key columns per table: a total order makes chunked reads stable. */
const ORDER_KEYS: Record<TableName, string[]> = {
  counties: ['county_code'],
  regions: ['county_code', 'code'],
  inspection_zones: ['county_code', 'id'],
  zone_towns: ['county_code', 'zone_id', 'town_code'],
  staff: ['county_code', 'id'],
  schools: ['county_code', 'code'],
  school_service_areas: ['county_code', 'school_code', 'village_code'],
  classes: ['county_code', 'id'],
  students: ['county_code', 'id'],
  users: ['county_code', 'id'],
  sessions: ['county_code', 'token_hash'],
  audit_log: ['county_code', 'id'],
  login_log: ['county_code', 'id'],
  dictionaries: ['county_code', 'category', 'code'],
  settings: ['county_code', 'key'],
  imports: ['county_code', 'id'],
  import_rejected_rows: ['county_code', 'import_id', 'row_no'],
  population: ['county_code', 'id'],
  population_removals: ['county_code', 'school_year', 'id_number'],
  out_of_county_records: ['county_code', 'id'],
  exemptions: ['county_code', 'id'],
  student_events: ['county_code', 'id'],
  reconciliation_runs: ['county_code', 'id'],
  reconciliation_children: ['county_code', 'run_id', 'seq'],
  reconciliation_findings: ['county_code', 'id'],
  review_decisions: ['county_code', 'child_key', 'record_key'],
  school_terms: ['county_code', 'school_year', 'term'],
  calendar_days: ['county_code', 'day'],
  roll_calls: ['county_code', 'class_id', 'day'],
  absences: ['county_code', 'student_id', 'day'],
  guardian_contacts: ['county_code', 'id'],
  cases: ['county_code', 'id'],
  case_members: ['county_code', 'case_id', 'role', 'name'],
  case_actions: ['county_code', 'id'],
  case_events: ['county_code', 'id'],
  case_check_ins: ['county_code', 'case_id', 'round', 'seq'],
  chiefs: ['county_code', 'school_year', 'unit_code', 'duty'],
  inbox_items: ['county_code', 'id'],
  outbound_messages: ['county_code', 'id'],
  job_runs: ['county_code', 'job', 'run_on'],
};

const TABLES_WITH_IDENTITY = new Set<TableName>([
  'inspection_zones',
  'staff',
  'classes',
  'students',
  'users',
  'audit_log',
  'login_log',
  'imports',
  'population',
  'out_of_county_records',
  'exemptions',
  'student_events',
  'reconciliation_runs',
  'reconciliation_findings',
  'guardian_contacts',
  'cases',
  'case_actions',
  'case_events',
  'inbox_items',
  'outbound_messages',
]);

interface Header {
  format: typeof FORMAT;
  version: number;
  createdAt: string;
  tables: Record<string, number>;
}

export class BackupError extends Error {
  override name = 'BackupError';
}

async function* backupLines(db: Kysely<Database>): AsyncGenerator<string> {
  const counts: Record<string, number> = {};
  for (const table of TABLES_IN_DEPENDENCY_ORDER) {
    const row = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
    counts[table] = row.rows[0]?.n ?? 0;
  }
  const header: Header = {
    format: FORMAT,
    version: FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    tables: counts,
  };
  yield `${JSON.stringify(header)}\n`;
  for (const table of TABLES_IN_DEPENDENCY_ORDER) {
    const order = sql.join(ORDER_KEYS[table].map((c) => sql.ref(c)));
    for (let offset = 0; offset < (counts[table] ?? 0); offset += CHUNK) {
      // to_jsonb keeps every value exactly as stored (timestamps to the microsecond, jsonb as JSON).
      const { rows } = await sql<{
        r: Record<string, unknown>;
      }>`select to_jsonb(t) as r from ${sql.table(table)} t
        order by ${order} limit ${CHUNK} offset ${offset}`.execute(db);
      yield rows.map(({ r }) => `${JSON.stringify({ t: table, r })}\n`).join('');
    }
  }
}

export async function backup(db: Kysely<Database>, outFile: string): Promise<Record<string, number>> {
  let counts: Record<string, number> = {};
  const lines = backupLines(db);
  const source = Readable.from(
    (async function* () {
      for await (const line of lines) {
        if (line.startsWith(`{"format"`)) counts = (JSON.parse(line) as Header).tables;
        yield line;
      }
    })(),
  );
  await pipeline(source, createGzip(), createWriteStream(outFile));
  return counts;
}

// jsonb columns come back as objects; everything else is a scalar that inserts as it is.
function toInsertable(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row))
    out[k] = v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
  return out;
}

async function flush(db: Kysely<Database>, table: TableName, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  // Rows come from our own backup format: table names are checked against the known list.
  await db
    .insertInto(table)
    .values(rows.map(toInsertable) as never)
    .execute();
}

/** Restores into an empty database: every row in one transaction, identity counters moved past the restored ids. */
export async function restore(db: Kysely<Database>, inFile: string): Promise<Record<string, number>> {
  await migrateToLatest(db);
  const existing = await db.selectFrom('counties').select('county_code').executeTakeFirst();
  if (existing)
    throw new BackupError('目标数据库不是空的，恢复只能写入空库 / the target database is not empty');
  const restored: Record<string, number> = {};
  let header: Header | undefined;
  await db.transaction().execute(async (trx) => {
    // The file is opened only once the transaction has begun: readline's async iterator
    // drops lines emitted before it is first read, which lost whole backups on PostgreSQL.
    const input = createReadStream(inFile).pipe(createGunzip());
    try {
      await restoreRows(trx, createInterface({ input, crlfDelay: Infinity }));
    } catch (error) {
      throw isZlibError(error) ? new BackupError('不是保学备份文件 / not a Baoxue backup file') : error;
    } finally {
      input.destroy();
    }
  });
  return restored;

  async function restoreRows(trx: Kysely<Database>, lines: AsyncIterable<string>): Promise<void> {
    let table: TableName | undefined;
    let batch: Record<string, unknown>[] = [];
    for await (const line of lines) {
      if (!line) continue;
      if (!header) {
        header = parseHeader(line);
        continue;
      }
      const { t, r } = JSON.parse(line) as { t: TableName; r: Record<string, unknown> };
      if (!(t in ORDER_KEYS)) throw new BackupError(`未知的数据表 / unknown table in backup: ${t}`);
      if (t !== table || batch.length >= 1000) {
        if (table) await flush(trx, table, batch);
        batch = [];
        table = t;
      }
      batch.push(header.version === 1 ? fromVersion1(t, r) : r);
      restored[t] = (restored[t] ?? 0) + 1;
    }
    if (table) await flush(trx, table, batch);
    if (!header) throw new BackupError('备份文件为空 / the backup file is empty');
    for (const t of TABLES_WITH_IDENTITY) {
      await sql`select setval(pg_get_serial_sequence(${t}, 'id'), coalesce((select max(id) from ${sql.table(t)}), 0) + 1, false)`.execute(
        trx,
      );
    }
  }
}

/** A row of a version 1 backup as the schema of today takes it. */
function fromVersion1(table: TableName, row: Record<string, unknown>): Record<string, unknown> {
  if (table !== 'reconciliation_children') return row;
  // Children had an id of their own and places counted from 0 (migration 0009).
  const { id: _id, seq, ...rest } = row;
  return { ...rest, seq: Number(seq) + 1 };
}

function isZlibError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && String(error.code).startsWith('Z_');
}

function parseHeader(line: string): Header {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new BackupError('不是保学备份文件 / not a Baoxue backup file');
  }
  const header = parsed as Partial<Header>;
  if (header.format !== FORMAT) throw new BackupError('不是保学备份文件 / not a Baoxue backup file');
  if (typeof header.version !== 'number' || !READABLE_VERSIONS.includes(header.version)) {
    throw new BackupError(`不支持的备份版本 ${String(header.version)} / unsupported backup version`);
  }
  return header as Header;
}
