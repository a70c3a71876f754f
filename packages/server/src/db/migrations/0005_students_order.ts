import { sql, type Kysely } from 'kysely';

// The student list is ordered by school, grade, class and id: with the index in that order a
// page is read straight off it instead of sorting a county's students for every page. It
// also answers every lookup by school the old (county_code, school_code) index served.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index students_school_order on students (county_code, school_code, grade, class_id, id)`.execute(
    db,
  );
  await sql`drop index students_school`.execute(db);
}
