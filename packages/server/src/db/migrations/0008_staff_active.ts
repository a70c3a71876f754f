import { sql, type Kysely } from 'kysely';

// Teachers leave a school every summer (transferred, retired). Their record stays: the
// classes they headed, the chains and the audit log name them. A departed teacher is marked
// instead, leaves the head-teacher choices, and can be marked back on return.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table staff add column active boolean not null default true`.execute(db);
}
