import { sql, type Kysely } from 'kysely';

// 转出 to a school of the county: the sending school names the receiving one, which is told
// and takes the pupil over (待接收转入). The record stays at the sending school, 转出, till then.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table students add column pending_school_code text`.execute(db);
  await sql`create index students_pending_school on students (county_code, pending_school_code)
     where pending_school_code is not null`.execute(db);
}
