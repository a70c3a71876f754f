import { sql, type Kysely } from 'kysely';
import { TABLES_IN_DEPENDENCY_ORDER } from '../src/db/migrate';
import type { Database } from '../src/db/schema';

/** One fingerprint per table: row count and an md5 over every row in key order. */
export async function tableFingerprints(db: Kysely<Database>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES_IN_DEPENDENCY_ORDER) {
    const { rows } = await sql<{ n: number; h: string | null }>`
      select count(*)::int as n, md5(string_agg(t::text, '|' order by t::text)) as h
      from ${sql.table(table)} t`.execute(db);
    out[table] = `${rows[0]?.n}:${rows[0]?.h ?? '-'}`;
  }
  return out;
}
