import { sql, type Kysely } from 'kysely';

// A run's children are keyed by the run and their place in it, as every lookup of a child
// already names its run: the surrogate id, and the primary-key index beside the run's own
// index, cost ≈ 2 s of every million-child run (COPY of 554,694 children: 5.6–5.9 s with
// it, 3.2–3.8 s without). A child's id in the API is now its place in the run, counted
// from 1.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update reconciliation_children set seq = seq + 1`.execute(db);
  await sql`alter table reconciliation_children drop constraint reconciliation_children_pkey`.execute(db);
  await sql`alter table reconciliation_children drop column id`.execute(db);
  await sql`drop index reconciliation_children_run`.execute(db);
  await sql`alter table reconciliation_children add primary key (county_code, run_id, seq)`.execute(db);
}
