import type { Db } from '../../context';

export function listSettings(db: Db, countyCode: string) {
  return db.selectFrom('settings').select(['key', 'value']).where('county_code', '=', countyCode).execute();
}

export async function putSetting(db: Db, countyCode: string, key: string, value: Record<string, unknown>) {
  await db
    .insertInto('settings')
    .values({ county_code: countyCode, key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.columns(['county_code', 'key']).doUpdateSet({ value: JSON.stringify(value) }))
    .execute();
}
