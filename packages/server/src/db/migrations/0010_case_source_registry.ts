import { sql, type Kysely } from 'kysely';

// A school that records a pupil as 辍学 by hand opens a case at once (source `registry`),
// rather than leaving the child to the next reconciliation run.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table cases drop constraint cases_source_check`.execute(db);
  await sql`alter table cases add constraint cases_source_check
    check (source in ('reconciliation', 'absence', 'registry', 'village_report', 'inspector', 'other'))`.execute(
    db,
  );
}
