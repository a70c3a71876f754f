// Writes the demo county into a database: everything in one transaction, multi-row
// inserts in chunks, tables in foreign-key order.
import { hash } from '@node-rs/argon2';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { SCHOOL_TYPE_GRADES, gradeLabel, type ImportKind } from '@baoxue/shared';
import { installBuiltinDictionaries } from '../modules/dictionaries/dictionaries.service';
import { statusEventKindSql } from '../modules/registry/status-events';
import {
  importNow,
  memoryTable,
  type ImportDatabase,
  type ImportJobRow,
} from '../modules/imports/imports.service';
import { templateColumns } from '../modules/imports/templates';
import { insertDemoCalendar } from './calendar';
import { insertDemoChiefs } from './chiefs';
import {
  DEMO_COUNTY_NAME,
  DEMO_PASSWORD,
  generateDemoCounty,
  type DemoAccount,
  type DemoCounty,
  type DemoOptions,
  type DemoTables,
} from './generate';

/** Rows per INSERT statement. */
const CHUNK = 1_000;

export interface DemoSeedOptions extends DemoOptions {
  /** A county generated beforehand (tests reuse one); otherwise generated from the options. */
  county?: DemoCounty;
}

export type DemoTableName = keyof DemoTables;

export interface DemoSeedSummary {
  countyCode: string;
  countyName: string;
  schoolYear: number;
  /** Rows inserted per table. */
  counts: Record<DemoTableName, number>;
  /** The rosters, written through the import path: rows generated. */
  population: number;
  outOfCounty: number;
  exemptions: number;
  /** The import jobs that wrote them, by kind: rows accepted. */
  imported: Partial<Record<ImportKind, number>>;
  accounts: DemoAccount[];
  generateMs: number;
  seedMs: number;
}

/** Tables written by the seeder, in an order that satisfies every foreign key. */
const ORDER: readonly DemoTableName[] = [
  'counties',
  'regions',
  'inspection_zones',
  'zone_towns',
  'schools',
  'school_service_areas',
  'staff',
  'classes',
  'students',
  'users',
];

/** Tables whose `id` is an identity column: explicit ids are inserted, then the sequence is moved past them. */
const IDENTITY_TABLES = ['inspection_zones', 'staff', 'classes', 'students', 'users'] as const;
type IdentityTable = (typeof IDENTITY_TABLES)[number];

export class DemoCountyExistsError extends Error {
  constructor(countyCode: string) {
    super(
      `演示县已存在，未重复生成 / the demo county ${countyCode} (${DEMO_COUNTY_NAME}) already exists in this database; ` +
        'seed it only into a database without it',
    );
    this.name = 'DemoCountyExistsError';
  }
}

/**
 * Seeds the demo county (略阳县, 610727). Refuses, changing nothing, when the county is
 * already there. All demo accounts share the password `Baoxue#2026`, hashed once.
 */
export async function seedDemoCounty(
  db: Kysely<Database>,
  options: DemoSeedOptions = {},
): Promise<DemoSeedSummary> {
  const started = performance.now();
  const demo = options.county ?? generateDemoCounty(options);
  const generated = performance.now();
  if (await countyExists(db, demo.countyCode)) throw new DemoCountyExistsError(demo.countyCode);
  // One hash for every demo account (hashing is deliberately slow; this is demo data only).
  const passwordHash = await hash(DEMO_PASSWORD);

  const imported: DemoSeedSummary['imported'] = {};
  const accounts = await db.transaction().execute(async (trx) => {
    // Checked again inside the transaction, in case another process seeded meanwhile.
    if (await countyExists(trx, demo.countyCode)) throw new DemoCountyExistsError(demo.countyCode);
    const tables = await withFreeIds(trx, demo.tables);
    for (const table of ORDER) {
      const rows =
        table === 'users' ? tables.users.map((u) => ({ ...u, password_hash: passwordHash })) : tables[table];
      await insertChunks(trx, table, rows);
    }
    for (const table of IDENTITY_TABLES) {
      await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(
        trx,
      );
    }
    await insertRegistryHistory(trx, demo.countyCode, demo.schoolYear);
    await installBuiltinDictionaries(trx, demo.countyCode);
    await insertDemoCalendar(trx, demo.countyCode, demo.schoolYear);
    await insertDemoChiefs(trx, demo.countyCode, demo.schoolYear);
    const jobs = await importRosters(trx, demo);
    for (const job of jobs) imported[job.kind] = job.accepted_rows;
    const scopeOf = new Map(tables.users.map((u) => [u.username, u.scope_code]));
    return demo.accounts.map((a) => ({ ...a, scopeCode: scopeOf.get(a.username) ?? a.scopeCode }));
  });

  const counts = Object.fromEntries(ORDER.map((t) => [t, demo.tables[t].length])) as Record<
    DemoTableName,
    number
  >;
  return {
    countyCode: demo.countyCode,
    countyName: demo.countyName,
    schoolYear: demo.schoolYear,
    counts,
    population: demo.population.length,
    outOfCounty: demo.outOfCounty.length,
    exemptions: demo.exemptions.length,
    imported,
    accounts,
    generateMs: Math.round(generated - started),
    seedMs: Math.round(performance.now() - generated),
  };
}

async function countyExists(
  db: Kysely<Database> | Transaction<Database>,
  countyCode: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('counties')
    .select('county_code')
    .where('county_code', '=', countyCode)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Multi-row inserts of CHUNK rows, each chunk passed as one JSON parameter and expanded
 * by jsonb_populate_recordset: about twice as fast on PGlite as thousands of bound
 * parameters, and the same on PostgreSQL. Columns missing from the rows keep their defaults.
 */
async function insertChunks(
  trx: Transaction<Database>,
  table: DemoTableName,
  rows: readonly object[],
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = sql.join(Object.keys(first).map((c) => sql.ref(c)));
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = JSON.stringify(rows.slice(i, i + CHUNK));
    await sql`insert into ${sql.table(table)} (${columns})
      select ${columns} from jsonb_populate_recordset(null::${sql.table(table)}, ${chunk}::jsonb)`.execute(
      trx,
    );
  }
}

/**
 * The generated ids start at 1. Keys are (county_code, id), so they cannot collide with
 * another county's rows, but ids are kept unique across the whole table anyway (other
 * counties, earlier rows) by shifting ours past the largest id already there.
 */
async function withFreeIds(trx: Transaction<Database>, tables: DemoTables): Promise<DemoTables> {
  const offset = {} as Record<IdentityTable, number>;
  for (const table of IDENTITY_TABLES) {
    const { rows } = await sql<{
      max: number | null;
    }>`select max(id)::int as max from ${sql.table(table)}`.execute(trx);
    offset[table] = rows[0]?.max ?? 0;
  }
  if (IDENTITY_TABLES.every((t) => offset[t] === 0)) return tables;

  const zone = (id: number | null) => (id === null ? null : id + offset.inspection_zones);
  const staff = (id: number | null) => (id === null ? null : id + offset.staff);
  const klass = (id: number | null) => (id === null ? null : id + offset.classes);
  return {
    ...tables,
    inspection_zones: tables.inspection_zones.map((r) => ({ ...r, id: r.id + offset.inspection_zones })),
    zone_towns: tables.zone_towns.map((r) => ({ ...r, zone_id: r.zone_id + offset.inspection_zones })),
    staff: tables.staff.map((r) => ({ ...r, id: r.id + offset.staff, zone_id: zone(r.zone_id) })),
    classes: tables.classes.map((r) => ({
      ...r,
      id: r.id + offset.classes,
      head_teacher_staff_id: staff(r.head_teacher_staff_id),
    })),
    students: tables.students.map((r) => ({ ...r, id: r.id + offset.students, class_id: klass(r.class_id) })),
    users: tables.users.map((u) => {
      let scope = u.scope_code;
      if (u.role === 'inspector') scope = String(Number(scope) + offset.inspection_zones);
      if (u.role === 'teacher') scope = String(Number(scope) + offset.staff);
      return { ...u, id: u.id + offset.users, staff_id: staff(u.staff_id), scope_code: scope };
    }),
  };
}

/**
 * Each demo pupil's registry history begins as a real one does: 注册学籍 at their school in
 * the September they entered its first grade (the event an enrolment import writes for a new
 * record). A pupil who is not 在读 also has the change that made them so, named as the import
 * names it: at the end of the last school year for a 毕业, at the start of this one otherwise.
 */
async function insertRegistryHistory(trx: Transaction<Database>, countyCode: string, schoolYear: number) {
  const firstGrades = sql.join(
    Object.entries(SCHOOL_TYPE_GRADES).map(([type, grades]) => sql`(${type}, ${grades.from}::integer)`),
  );
  const y = sql`${schoolYear}::integer`;
  await sql`insert into student_events (county_code, student_id, id_number, kind, event_date, from_school_code,
      to_school_code, grade, status_before, status_after, note, username)
    select s.county_code, s.id, s.id_number, 'enrol', make_date(${y} - greatest(s.grade - f.first_grade, 0), 9, 1),
      null, s.school_code, least(f.first_grade, s.grade), null, 'enrolled', null, 'demo'
    from students s
    join schools sc on sc.county_code = s.county_code and sc.code = s.school_code
    join (values ${firstGrades}) as f (type, first_grade) on f.type = sc.type
    where s.county_code = ${countyCode}
    union all
    select s.county_code, s.id, s.id_number, ${statusEventKindSql(sql.lit('enrolled'), sql.ref('s.status'))},
      case when s.status = 'graduated' then make_date(${y}, 7, 1) else make_date(${y}, 9, 1) end,
      s.school_code, s.school_code, s.grade, 'enrolled', s.status, '学年初学籍核查', 'demo'
    from students s
    where s.county_code = ${countyCode} and s.status <> 'enrolled'`.execute(trx);
}

/**
 * The demo county's rosters go through the import path every county file takes: the
 * format's row parser, the county checks and the bulk writer, as jobs listed among the
 * imports — inside the seeding transaction.
 */
async function importRosters(trx: Transaction<Database>, demo: DemoCounty): Promise<ImportJobRow[]> {
  const who = { countyCode: demo.countyCode, userId: null, username: 'demo', ip: null };
  const database: ImportDatabase = { db: trx, transact: (work) => work(trx) };
  const rosters: [ImportKind, string, Record<string, unknown>[]][] = [
    [
      'population',
      '演示县人口花名册.xlsx',
      demo.population.map((p) => ({
        ...p,
        povertyRegistered: p.povertyRegistered ? '是' : '否',
        leftBehind: p.leftBehind ? '是' : '否',
      })),
    ],
    [
      'out-of-county',
      '演示县县外就读名册.xlsx',
      demo.outOfCounty.map((o) => ({
        ...o,
        grade: o.grade === null ? null : gradeLabel(o.grade),
        verification: o.verificationMethod,
        verifiedOn: o.verificationDate,
      })),
    ],
    ['exemptions', '演示县缓学免学名册.xlsx', demo.exemptions.map((e) => ({ ...e }))],
  ];
  const jobs: ImportJobRow[] = [];
  for (const [kind, fileName, rows] of rosters) {
    const columns = templateColumns(kind);
    const cells = rows.map((row) => columns.map((c) => row[c.key] ?? null));
    const job = await importNow(database, { kind, schoolYear: demo.schoolYear, fileName, who }, () =>
      Promise.resolve(
        memoryTable(
          fileName,
          columns.map((c) => c.header),
          cells,
        ),
      ),
    );
    if (job.status !== 'succeeded' || job.rejected_rows > 0) {
      throw new Error(
        `demo ${kind} import: ${job.status} ${job.error_en ?? ''} ${JSON.stringify(job.errors.slice(0, 3))}`,
      );
    }
    jobs.push(job);
  }
  return jobs;
}
