import type { Kysely } from 'kysely';
import { makeIdNumber } from '@baoxue/shared';
import type { Database } from '../src/db/schema';
import { importNow, memoryTable, type ImportJobRow } from '../src/modules/imports/imports.service';
import { templateColumns } from '../src/modules/imports/templates';
import { executeRun, type RunRow } from '../src/modules/reconciliation/reconciliation.service';
import * as runs from '../src/modules/reconciliation/reconciliation.queries';
import { COUNTY, SCHOOL_YEAR, VILLAGE_A1, VILLAGE_A2, VILLAGE_B1, type Fixture } from './fixtures';

// The fixture county's monitoring data: a population roster holding the fixture's four
// students, two children on no roster (suspected out of school) and two whose only record
// is an out-of-county entry one typing slip away (needs review) — one of each per town —
// then one reconciliation run over it.

export interface MonitoringFixture {
  run: RunRow;
  populationImport: ImportJobRow;
  /** Names of the children, by where they live. */
  names: { a1: string[]; a2: string[]; b1: string[] };
  /** Run child ids of the two children needing review. */
  review: { townA: number; townB: number };
  /** Population row ids: one in village A1, one in village B1. */
  population: { a1: number; b1: number };
}

/** `id` with one digit mistyped (so its check character no longer fits): a typing slip. */
function slipOf(id: string): string {
  const digit = id[15] === '9' ? '0' : String(Number(id[15]) + 1);
  return `${id.slice(0, 15)}${digit}${id.slice(16)}`;
}

export async function createMonitoringFixture(
  db: Kysely<Database>,
  fixture: Fixture,
): Promise<MonitoringFixture> {
  const students = await db
    .selectFrom('students')
    .select(['id', 'id_number', 'name', 'gender', 'village_code'])
    .orderBy('id')
    .execute();
  const byId = new Map(students.map((s) => [s.id, s]));
  const kid = (seq: number, birth: string, gender: 'M' | 'F') => makeIdNumber(COUNTY, birth, seq, gender);
  const missingA = kid(501, '2016-05-05', 'F');
  const missingB = kid(503, '2014-04-04', 'M');
  const reviewA = kid(505, '2015-06-06', 'F');
  const reviewB = kid(507, '2013-07-07', 'M');
  const pop: Record<string, unknown>[] = [
    ...(['a1', 'a2', 'b1', 'crossLine'] as const).map((k) => {
      const s = byId.get(fixture.students[k])!;
      return {
        name: s.name,
        gender: s.gender === 'M' ? '男' : '女',
        idNumber: s.id_number,
        villageCode: s.village_code,
      };
    }),
    { name: '失学甲', gender: '女', idNumber: missingA, villageCode: VILLAGE_A2 },
    { name: '失学乙', gender: '男', idNumber: missingB, villageCode: VILLAGE_B1 },
    { name: '待核甲', gender: '女', idNumber: reviewA, villageCode: VILLAGE_A2 },
    { name: '待核乙', gender: '男', idNumber: reviewB, villageCode: VILLAGE_B1 },
  ];
  const ooc: Record<string, unknown>[] = [
    {
      name: '待核甲',
      idNumber: slipOf(reviewA),
      school: '汉中市实验小学',
      region: '陕西省汉中市',
      verification: '电话核实',
      verifiedOn: '2026-09-20',
    },
    {
      name: '待核乙',
      idNumber: slipOf(reviewB),
      school: '宝鸡市第一中学',
      region: '陕西省宝鸡市',
      verification: '学校证明',
      verifiedOn: '2026-09-21',
    },
  ];
  const admin = await db
    .selectFrom('users')
    .select(['id', 'username'])
    .where('id', '=', fixture.users.county_admin.id)
    .executeTakeFirstOrThrow();
  const who = { countyCode: COUNTY, userId: admin.id, username: admin.username, ip: null };
  const database = {
    db,
    transact: <T>(work: (trx: Kysely<Database>) => Promise<T>) => db.transaction().execute(work),
  };
  const load = async (kind: 'population' | 'out-of-county', rows: Record<string, unknown>[]) => {
    const columns = templateColumns(kind);
    const job = await importNow(
      database,
      { kind, schoolYear: SCHOOL_YEAR, fileName: `${kind}.xlsx`, who },
      () =>
        Promise.resolve(
          memoryTable(
            `${kind}.xlsx`,
            columns.map((c) => c.header),
            rows.map((r) => columns.map((c) => r[c.key] ?? null)),
          ),
        ),
    );
    if (job.status !== 'succeeded' || job.rejected_rows > 0)
      throw new Error(`fixture ${kind}: ${JSON.stringify(job.errors)}`);
    return job;
  };
  const populationImport = await load('population', pop);
  await load('out-of-county', ooc);

  const runId = await runs.insertRun(db, {
    county_code: COUNTY,
    school_year: SCHOOL_YEAR,
    status: 'queued',
    user_id: admin.id,
    username: admin.username,
  });
  const run = await executeRun(db, COUNTY, runId, { phase: 'queued', rows: 0, bytes: 0 });
  if (run.status !== 'succeeded') throw new Error(`fixture run: ${run.error_en ?? ''}`);
  const children = await db
    .selectFrom('reconciliation_children')
    .select(['seq as id', 'name', 'status'])
    .where('run_id', '=', runId)
    .execute();
  const idOf = (name: string) => children.find((c) => c.name === name)!.id;
  const population = await db.selectFrom('population').select(['id', 'village_code']).orderBy('id').execute();
  const name = (k: 'a1' | 'a2' | 'b1' | 'crossLine') => byId.get(fixture.students[k])!.name;
  return {
    run,
    populationImport,
    names: {
      a1: [name('a1'), name('crossLine')],
      a2: [name('a2'), '失学甲', '待核甲'],
      b1: [name('b1'), '失学乙', '待核乙'],
    },
    review: { townA: idOf('待核甲'), townB: idOf('待核乙') },
    population: {
      a1: population.find((p) => p.village_code === VILLAGE_A1)!.id,
      b1: population.find((p) => p.village_code === VILLAGE_B1)!.id,
    },
  };
}
