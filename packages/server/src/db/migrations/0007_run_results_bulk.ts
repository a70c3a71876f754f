import { sql, type Kysely } from 'kysely';

// A run writes every compulsory-age child of the county at once: 554,694 children took 9 s
// to write at a million population rows, against 1.4 s for the same rows in a bare table.
// Two costs stood out, and both go:
// - The foreign key from a result row to its run, checked row by row (4.4 s). The run itself
//   is the only writer of its results and writes them under its own id; no run is ever
//   deleted by the app, and whoever deletes one deletes its results with it (as a failed
//   run does, `deleteRunResults`).
// - The B-tree on the child key (identity numbers arriving in village order, in no order
//   the tree likes: page splits all over it). The key is only looked up by equality (one
//   run's child against another's, a decision's child), which a hash index answers too.
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['reconciliation_children', 'reconciliation_findings']) {
    await sql`alter table ${sql.table(table)} drop constraint ${sql.ref(`${table}_county_code_run_id_fkey`)}`.execute(
      db,
    );
  }
  await sql`drop index reconciliation_children_key`.execute(db);
  await sql`create index reconciliation_children_key on reconciliation_children using hash (child_key)`.execute(
    db,
  );
}
