import type { Db } from '../../context';
import type { DictionaryTable } from './dictionaries.table';
import type { Insertable, Selectable, Updateable } from 'kysely';

export type DictionaryRow = Selectable<DictionaryTable>;

export function listEntries(db: Db, countyCode: string): Promise<DictionaryRow[]> {
  return db
    .selectFrom('dictionaries')
    .selectAll()
    .where('county_code', '=', countyCode)
    .orderBy('category')
    .orderBy('sort')
    .orderBy('code')
    .execute();
}

export function findEntry(db: Db, countyCode: string, category: string, code: string) {
  return db
    .selectFrom('dictionaries')
    .selectAll()
    .where('county_code', '=', countyCode)
    .where('category', '=', category)
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function insertEntries(db: Db, rows: Insertable<DictionaryTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('dictionaries')
    .values(rows)
    .onConflict((oc) => oc.columns(['county_code', 'category', 'code']).doNothing())
    .execute();
}

export function updateEntry(
  db: Db,
  countyCode: string,
  category: string,
  code: string,
  patch: Updateable<DictionaryTable>,
): Promise<DictionaryRow | undefined> {
  return db
    .updateTable('dictionaries')
    .set(patch)
    .where('county_code', '=', countyCode)
    .where('category', '=', category)
    .where('code', '=', code)
    .returningAll()
    .executeTakeFirst();
}
