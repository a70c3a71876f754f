// Puts a generated county (bench/gen-rosters.ts) into a PostgreSQL database of its own, so
// that the in-app reconciliation can be timed on it: the rosters go through the import
// parsers (the same records an import would store) and into the tables by COPY; the
// regions, schools and service areas the rosters name are made up around them.
// Loading is slow next to what it prepares (a minute at a million children), so a
// database whose rosters have not changed since it was loaded is kept.
import { stat } from 'node:fs/promises';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { withBulkSession, type CopyValue } from '../packages/server/src/db/bulk';
import { connect, type DatabaseHandle } from '../packages/server/src/db/connection';
import { migrateToLatest } from '../packages/server/src/db/migrate';
import type { Database } from '../packages/server/src/db/schema';
import type { ImportKind } from '../packages/server/src/modules/imports/formats';
import { readRecords } from '../packages/server/src/modules/imports/parse-rows';
import type { RosterFiles } from './gen-rosters';

export const BENCH_COUNTY = '610727';

export interface LoadedCounty {
  handle: DatabaseHandle;
  url: string;
  /** Rows per table, as loaded. */
  rows: Record<string, number>;
  loadedNow: boolean;
}

function databaseUrl(name: string): URL {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  if (!url.username) url.username = 'postgres';
  url.pathname = `/${name}`;
  return url;
}

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl('postgres').toString() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The rosters' sizes and times: a database loaded from other files is loaded again. */
async function fingerprintOf(files: RosterFiles): Promise<string> {
  const parts: string[] = [];
  for (const path of Object.values(files)) {
    const s = await stat(path);
    parts.push(`${s.size}@${Math.round(s.mtimeMs)}`);
  }
  return parts.join(' ');
}

async function loadedFingerprint(db: Kysely<Database>): Promise<string | null> {
  try {
    const r = await sql<{ fingerprint: string }>`select fingerprint from bench_loaded`.execute(db);
    return r.rows[0]?.fingerprint ?? null;
  } catch {
    return null;
  }
}

async function countRows(db: Kysely<Database>): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  for (const table of [
    'population',
    'students',
    'out_of_county_records',
    'exemptions',
    'regions',
    'schools',
  ]) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
    rows[table] = r.rows[0]?.n ?? 0;
  }
  return rows;
}

/** Opens the bench database `name`, loading `files` into it first unless it holds them already. */
export async function loadCounty(
  name: string,
  files: RosterFiles,
  schoolYear: number,
  options: { reload?: boolean } = {},
): Promise<LoadedCounty> {
  const url = databaseUrl(name).toString();
  const fingerprint = await fingerprintOf(files);
  let handle = await connect({ databaseUrl: url }).catch(() => null);
  if (handle && !options.reload && (await loadedFingerprint(handle.db)) === fingerprint) {
    // Kept rosters, the app's schema of today: a run must not be timed against an older one.
    await migrateToLatest(handle.db);
    return { handle, url, rows: await countRows(handle.db), loadedNow: false };
  }
  await handle?.close();
  await admin(`drop database if exists ${name}`);
  await admin(`create database ${name}`);
  handle = await connect({ databaseUrl: url });
  await migrateToLatest(handle.db);
  await fill(handle.db, files, schoolYear);
  await sql`create table bench_loaded (fingerprint text not null)`.execute(handle.db);
  await sql`insert into bench_loaded values (${fingerprint})`.execute(handle.db);
  await sql`analyze`.execute(handle.db);
  return { handle, url, rows: await countRows(handle.db), loadedNow: true };
}

async function records<K extends ImportKind>(kind: K, path: string) {
  const out: Parameters<Parameters<typeof readRecords<K>>[2]>[0][] = [];
  await readRecords(kind, path, (r) => out.push(r));
  return out;
}

/** A village code's town: the first nine digits, as the statistical codes nest. */
function townOf(villageCode: string): string {
  return `${villageCode.slice(0, 9)}000`;
}

async function fill(db: Kysely<Database>, files: RosterFiles, schoolYear: number): Promise<void> {
  const population = await records('population', files.population);
  const enrollment = await records('enrollment', files.enrollment);
  const outOfCounty = await records('out-of-county', files.outOfCounty);
  const exemptions = await records('exemptions', files.exemptions);
  const villages = new Set(population.map((p) => p.villageCode).filter((v) => v !== null));
  const towns = new Set([...villages].map(townOf));
  const schools = new Set(enrollment.map((e) => e.schoolCode));
  const firstTown = [...towns][0] ?? `${BENCH_COUNTY}100000`;
  const c = BENCH_COUNTY;
  const once = <T>(rows: T[], key: (r: T) => string): T[] => {
    const seen = new Set<string>();
    return rows.filter((r) => !seen.has(key(r)) && seen.add(key(r)));
  };
  await withBulkSession(db, {}, async (bulk) => {
    await bulk.copyIn('counties', ['county_code', 'name'], [[c, '基准县']]);
    const regions: CopyValue[][] = [[c, c, '基准县', 'county', null]];
    for (const t of towns) regions.push([c, t, `镇${t.slice(6, 9)}`, 'town', c]);
    for (const v of villages) regions.push([c, v, `村${v.slice(9)}`, 'village', townOf(v)]);
    await bulk.copyIn('regions', ['county_code', 'code', 'name', 'level', 'parent_code'], regions);
    await bulk.copyIn(
      'schools',
      ['county_code', 'code', 'name', 'type', 'town_code'],
      [...schools].map((s) => [c, s, `学校${s.slice(4)}`, 'twelve_year', firstTown]),
    );
    await bulk.copyIn(
      'population',
      [
        'county_code',
        'school_year',
        'row_no',
        'id_number',
        'id_valid',
        'name',
        'gender',
        'birth_date',
        'village_code',
      ],
      population
        .filter((p) => p.villageCode !== null)
        .map((p) => [
          c,
          schoolYear,
          p.row,
          p.idNumber,
          p.idValid,
          p.name,
          p.gender,
          p.birthDate,
          p.villageCode,
        ]),
    );
    await bulk.copyIn(
      'students',
      [
        'county_code',
        'id_number',
        'name',
        'gender',
        'birth_date',
        'school_code',
        'grade',
        'status',
        'study_mode',
      ],
      enrollment.map((e) => [
        c,
        e.idNumber,
        e.name,
        e.gender,
        e.birthDate,
        e.schoolCode,
        e.grade,
        e.status,
        e.mode,
      ]),
    );
    await bulk.copyIn(
      'out_of_county_records',
      [
        'county_code',
        'school_year',
        'id_number',
        'id_valid',
        'name',
        'birth_date',
        'gender',
        'school',
        'region',
        'grade',
        'verification',
        'verified_on',
      ],
      once(outOfCounty, (o) => o.idNumber).map((o) => [
        c,
        schoolYear,
        o.idNumber,
        o.idValid,
        o.name,
        o.birthDate,
        o.gender,
        o.school,
        o.region,
        o.grade,
        o.verification,
        o.verifiedOn,
      ]),
    );
    await bulk.copyIn(
      'exemptions',
      [
        'county_code',
        'school_year',
        'id_number',
        'id_valid',
        'name',
        'birth_date',
        'gender',
        'type',
        'reason',
        'approval_no',
      ],
      once(exemptions, (x) => `${x.schoolYear} ${x.idNumber}`).map((x) => [
        c,
        x.schoolYear,
        x.idNumber,
        x.idValid,
        x.name,
        x.birthDate,
        x.gender,
        x.type,
        x.reason,
        x.approvalNo,
      ]),
    );
  });
  // A village is served by the schools its children attend.
  await sql`insert into school_service_areas (county_code, school_code, village_code)
    select distinct p.county_code, s.school_code, p.village_code
    from population p join students s on s.county_code = p.county_code and s.id_number = p.id_number
    where p.county_code = ${c} and p.school_year = ${schoolYear}`.execute(db);
}
