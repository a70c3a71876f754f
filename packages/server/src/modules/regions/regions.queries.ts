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

/**
 * A region page's figures, each within the user's scope and counted as the overview counts
 * them, so the two pages agree: the villages under the region; the schools located in it (a
 * town's, the county's — schools belong to towns, a village has none) and the pupils enrolled
 * at those schools (a town official's overview 在校学生 is their town's page's); for a village,
 * the enrolled pupils whose home village it is (a village official's overview figure).
 */
export async function countUnder(db: Db, scope: DataScope, code: string) {
  const prefix = `${code}%`;
  const isVillage = code.length > 9;
  const inScope = childScope(scope, {
    school: 'st.school_code',
    village: 'st.village_code',
    classId: 'st.class_id',
  });
  const schoolsHere = db
    .selectFrom('schools')
    .select('schools.code')
    .where('schools.county_code', '=', scope.countyCode)
    .where('schools.town_code', 'like', prefix)
    .where(schoolScope(scope, 'schools.code'));
  const enrolled = db
    .selectFrom('students as st')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('st.county_code', '=', scope.countyCode)
    .where('st.status', '=', 'enrolled')
    .where(inScope);
  const [villages, schools, students] = await Promise.all([
    db
      .selectFrom('regions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('county_code', '=', scope.countyCode)
      .where('level', '=', 'village')
      .where('code', 'like', prefix)
      .where(regionScope(scope, 'regions.code'))
      .executeTakeFirstOrThrow(),
    isVillage
      ? { n: 0 }
      : db
          .selectFrom(schoolsHere.as('s'))
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
    isVillage
      ? enrolled.where('st.village_code', '=', code).executeTakeFirstOrThrow()
      : enrolled.where('st.school_code', 'in', schoolsHere).executeTakeFirstOrThrow(),
  ]);
  return { villages: Number(villages.n), schools: Number(schools.n), students: Number(students.n) };
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
