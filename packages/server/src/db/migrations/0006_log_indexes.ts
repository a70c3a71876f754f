import { sql, type Kysely } from 'kysely';

// The two logs grow by every change and every identity view: millions of entries within a few
// years. Read newest first off (county_code, at), a filter by user or by record walked back
// through all of them until it had a page: on a log of three million, a user with one entry took
// 0.66 s for the page and 0.21 s for its capped count, each time the page was opened. These
// indexes take the page and the count straight from that user's or that record's own entries.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index audit_log_user on audit_log (county_code, username, at desc, id desc)`.execute(db);
  await sql`create index audit_log_record on audit_log (county_code, entity, entity_id, at desc, id desc)`.execute(
    db,
  );
  await sql`create index login_log_user on login_log (county_code, username, at desc, id desc)`.execute(db);
}
