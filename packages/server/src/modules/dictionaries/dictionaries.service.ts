import type { DictionaryEntry, DictionaryEntryInput, UpdateDictionaryEntry } from '@baoxue/shared';
import type { Db, RequestContext } from '../../context';
import { AppError, notFound } from '../../errors';
import { auditFor } from '../../plugins/audit';
import { BUILTIN_DICTIONARIES } from './dictionaries.builtin';
import * as q from './dictionaries.queries';

export function toEntry(row: q.DictionaryRow): DictionaryEntry {
  return {
    category: row.category,
    code: row.code,
    labelZh: row.label_zh,
    labelEn: row.label_en,
    sort: row.sort,
    builtin: row.builtin,
    active: row.active,
  };
}

/** Gives a county the built-in code lists; entries it already has are left as they are. */
export async function installBuiltinDictionaries(db: Db, countyCode: string): Promise<void> {
  const rows = Object.entries(BUILTIN_DICTIONARIES).flatMap(([category, entries]) =>
    entries.map(([code, zh, en], index) => ({
      county_code: countyCode,
      category,
      code,
      label_zh: zh,
      label_en: en,
      sort: (index + 1) * 10,
      builtin: true,
    })),
  );
  await q.insertEntries(db, rows);
}

export async function listDictionaries(ctx: RequestContext): Promise<DictionaryEntry[]> {
  return (await q.listEntries(ctx.db, ctx.actor.countyCode)).map(toEntry);
}

export async function addEntry(
  ctx: RequestContext,
  category: string,
  input: DictionaryEntryInput,
): Promise<DictionaryEntry> {
  const county = ctx.actor.countyCode;
  return ctx.db.transaction().execute(async (trx) => {
    if (await q.findEntry(trx, county, category, input.code)) throw new AppError('conflict');
    const row = {
      county_code: county,
      category,
      code: input.code,
      label_zh: input.labelZh,
      label_en: input.labelEn,
      sort: input.sort,
    };
    await q.insertEntries(trx, [row]);
    await auditFor(ctx, trx, {
      action: 'create',
      entity: 'dictionary',
      entityId: `${category}/${input.code}`,
      after: row,
    });
    const created = await q.findEntry(trx, county, category, input.code);
    if (!created) throw notFound();
    return toEntry(created);
  });
}

export async function updateEntry(
  ctx: RequestContext,
  category: string,
  code: string,
  patch: UpdateDictionaryEntry,
): Promise<DictionaryEntry> {
  const county = ctx.actor.countyCode;
  return ctx.db.transaction().execute(async (trx) => {
    const before = await q.findEntry(trx, county, category, code);
    if (!before) throw notFound();
    const after = await q.updateEntry(trx, county, category, code, {
      ...(patch.labelZh !== undefined ? { label_zh: patch.labelZh } : {}),
      ...(patch.labelEn !== undefined ? { label_en: patch.labelEn } : {}),
      ...(patch.sort !== undefined ? { sort: patch.sort } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
    });
    if (!after) throw notFound();
    await auditFor(ctx, trx, {
      action: 'update',
      entity: 'dictionary',
      entityId: `${category}/${code}`,
      before,
      after,
    });
    return toEntry(after);
  });
}
