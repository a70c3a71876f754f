import { sql, type Kysely } from 'kysely';

// A case's step change or closing settles its inbox items (and a check-in its reminder):
// found by case, not by user, so they need an index of their own.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index inbox_items_case on inbox_items (county_code, case_id) where case_id is not null`.execute(
    db,
  );
}
