import type { StudentListQuery } from '@baoxue/shared';
import type { DataScope, Db } from '../../context';
import { childScope } from '../../plugins/scope';
import type { Paging } from '../../lib/paging';

type ListFilter = Omit<StudentListQuery, 'page' | 'pageSize'> & { id?: number };

const SCOPE_COLUMNS = { school: 'st.school_code', village: 'st.village_code', classId: 'st.class_id' };

function filteredStudents(db: Db, scope: DataScope, filter: ListFilter) {
  let query = db
    .selectFrom('students as st')
    .where('st.county_code', '=', scope.countyCode)
    .where(childScope(scope, SCOPE_COLUMNS));
  if (filter.id !== undefined) query = query.where('st.id', '=', filter.id);
  if (filter.q) {
    const q = filter.q;
    // Searching by identity number needs the whole number: a partial match would let a user enumerate numbers.
    query = query.where((eb) =>
      eb.or([eb('st.name', 'like', `%${q}%`), eb('st.id_number', '=', q.toUpperCase())]),
    );
  }
  if (filter.schoolCode) query = query.where('st.school_code', '=', filter.schoolCode);
  if (filter.classId) query = query.where('st.class_id', '=', filter.classId);
  if (filter.villageCode) query = query.where('st.village_code', '=', filter.villageCode);
  if (filter.status) query = query.where('st.status', '=', filter.status);
  return query;
}

export async function countStudents(db: Db, scope: DataScope, filter: ListFilter): Promise<number> {
  const row = await filteredStudents(db, scope, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

export function listStudents(db: Db, scope: DataScope, filter: ListFilter, page: Paging) {
  let query = filteredStudents(db, scope, filter)
    .innerJoin('schools as s', (j) =>
      j.onRef('s.county_code', '=', 'st.county_code').onRef('s.code', '=', 'st.school_code'),
    )
    .leftJoin('classes as c', (j) =>
      j.onRef('c.county_code', '=', 'st.county_code').onRef('c.id', '=', 'st.class_id'),
    )
    .leftJoin('regions as v', (j) =>
      j.onRef('v.county_code', '=', 'st.county_code').onRef('v.code', '=', 'st.village_code'),
    )
    .select([
      'st.id',
      'st.name',
      'st.gender',
      'st.id_number',
      'st.birth_date',
      'st.school_code',
      's.name as school_name',
      'st.class_id',
      'c.name as class_name',
      'st.grade',
      'st.status',
      'st.study_mode',
      'st.village_code',
      'v.name as village_name',
      'st.poverty_registered',
      'st.left_behind',
    ])
    .orderBy('st.school_code')
    .orderBy('st.grade')
    .orderBy('st.class_id')
    .orderBy('st.id');
  if (page) query = query.limit(page.limit).offset(page.offset);
  return query.execute();
}

export async function studentExists(db: Db, countyCode: string, id: number): Promise<boolean> {
  const row = await db
    .selectFrom('students')
    .select('id')
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}
