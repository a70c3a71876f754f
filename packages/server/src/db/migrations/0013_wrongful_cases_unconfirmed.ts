import { sql, type Kysely } from 'kysely';

// A case closed as a wrongful or duplicate record (not_out_of_school, duplicate) was never a
// dropout: closing one now clears its confirmation, and the cases closed so before are
// cleared here, so that they leave the dropout ledger and the return rate as new ones do.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update cases set confirmed_out_of_school = false, confirmed_on = null
    where step = 'closed' and ending in ('not_out_of_school', 'duplicate') and confirmed_out_of_school`.execute(
    db,
  );
}
