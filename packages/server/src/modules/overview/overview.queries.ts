import type { DataScope, Db } from '../../context';
import { attendedSchoolScope, regionScope } from '../../plugins/scope';
import { schoolFigures } from '../schools/schools.queries';
import { keptRows } from '../../lib/kept-rows';

/**
 * Students, classes and teachers per school within scope (for a village official, the schools
 * the village's children attend). Kept (lib/kept-rows.ts): they count every student.
 */
export function schoolCounts(db: Db, scope: DataScope, schoolYear: number) {
  const figures = schoolFigures(scope, schoolYear);
  const query = db
    .selectFrom('schools')
    .innerJoin('regions as town', (j) =>
      j.onRef('town.county_code', '=', 'schools.county_code').onRef('town.code', '=', 'schools.town_code'),
    )
    .select([
      'schools.code',
      'schools.name',
      'schools.type',
      'schools.town_code',
      'town.name as town_name',
      figures.students.as('students'),
      figures.classes.as('classes'),
      figures.teachers.as('teachers'),
    ])
    .where('schools.county_code', '=', scope.countyCode)
    .where(attendedSchoolScope(scope, 'schools.code'))
    .orderBy('schools.town_code')
    .orderBy('schools.code');
  return keptRows(db, query);
}

/** Kept (lib/kept-rows.ts) like every read of the region tree: regions change only through the API. */
export function regionsInScope(db: Db, scope: DataScope) {
  return keptRows(
    db,
    db
      .selectFrom('regions')
      .select(['code', 'name', 'level', 'parent_code'])
      .where('county_code', '=', scope.countyCode)
      .where('level', '<>', 'county')
      .where(regionScope(scope, 'regions.code'))
      .orderBy('code'),
  );
}
