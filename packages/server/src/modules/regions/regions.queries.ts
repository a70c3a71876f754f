import type { DataScope, Db } from '../../context';
import { childScope, regionScope, schoolScope } from '../../plugins/scope';
import { keptRows } from '../../lib/kept-rows';

/** Kept (lib/kept-rows.ts): every page's tree asks for it, and regions change only through the API. */
export function listRegions(db: Db, scope: DataScope) {
  return keptRows(
    db,
    db
      .selectFrom('regions')
      .select(['code', 'name', 'level', 'parent_code'])
      .where('county_code', '=', scope.countyCode)
      .where(regionScope(scope, 'regions.code'))
      .orderBy('code'),
  );
}

export function findRegion(db: Db, scope: DataScope, code: string) {
  return db
    .selectFrom('regions as r')
    .leftJoin('regions as p', (j) =>
      j.onRef('p.county_code', '=', 'r.county_code').onRef('p.code', '=', 'r.parent_code'),
    )
    .select(['r.code', 'r.name', 'r.level', 'r.parent_code', 'p.name as parent_name'])
    .where('r.county_code', '=', scope.countyCode)
    .where('r.code', '=', code)
    .where(regionScope(scope, 'r.code'))
    .executeTakeFirst();
}

export async function regionExists(db: Db, countyCode: string, code: string): Promise<boolean> {
  const row = await db
    .selectFrom('regions')
    .select('code')
    .where('county_code', '=', countyCode)
    .where('code', '=', code)
    .executeTakeFirst();
  return row !== undefined;
}

/** Villages, schools and students under a region (a code prefix), each counted within the user's scope. */
export async function countUnder(db: Db, scope: DataScope, code: string) {
  const prefix = `${code}%`;
  const [villages, schools, students] = await Promise.all([
    db
      .selectFrom('regions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('county_code', '=', scope.countyCode)
      .where('level', '=', 'village')
      .where('code', 'like', prefix)
      .where(regionScope(scope, 'regions.code'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('schools')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('county_code', '=', scope.countyCode)
      .where('town_code', 'like', code.length > 9 ? code.slice(0, 9) : prefix)
      .where(schoolScope(scope, 'schools.code'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('students')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('county_code', '=', scope.countyCode)
      .where('village_code', 'like', prefix)
      .where(childScope(scope, { school: 'school_code', village: 'village_code', classId: 'class_id' }))
      .executeTakeFirstOrThrow(),
  ]);
  return { villages: villages.n, schools: code.length > 9 ? 0 : schools.n, students: students.n };
}

export async function renameRegion(db: Db, countyCode: string, code: string, name: string) {
  return db
    .updateTable('regions')
    .set({ name })
    .where('county_code', '=', countyCode)
    .where('code', '=', code)
    .returning(['code', 'name', 'level', 'parent_code'])
    .executeTakeFirst();
}
