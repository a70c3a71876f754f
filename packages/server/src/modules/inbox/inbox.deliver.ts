import type { InboxKind, Role } from '@baoxue/shared';
import type { Db } from '../../context';
import { getSettings } from '../settings/settings.service';

// The one way anything puts a task or an alert in a user's inbox. Items carry a dedupe key
// (e.g. `contact:2026-11-30:student:12`), so jobs that run again file nothing twice. Each
// new item also queues one outbound message on the county's channel; the dispatcher
// (inbox.outbound.ts) sends the queue outside the transaction that filed it.

export interface NewInboxItem {
  userId: number;
  kind: InboxKind;
  dedupeKey: string;
  caseId?: number | null;
  studentId?: number | null;
  titleZh: string;
  titleEn: string;
  bodyZh?: string | null;
  bodyEn?: string | null;
  /** Where the item opens in the web app, e.g. /cases/12. */
  link?: string | null;
  dueOn?: string | null;
}

/** Files the items not filed before; returns how many were new. */
export async function deliver(db: Db, countyCode: string, items: readonly NewInboxItem[]): Promise<number> {
  if (items.length === 0) return 0;
  const inserted = await db
    .insertInto('inbox_items')
    .values(
      items.map((i) => ({
        county_code: countyCode,
        user_id: i.userId,
        kind: i.kind,
        dedupe_key: i.dedupeKey,
        case_id: i.caseId ?? null,
        student_id: i.studentId ?? null,
        title_zh: i.titleZh,
        title_en: i.titleEn,
        body_zh: i.bodyZh ?? null,
        body_en: i.bodyEn ?? null,
        link: i.link ?? null,
        due_on: i.dueOn ?? null,
      })),
    )
    .onConflict((oc) => oc.columns(['county_code', 'user_id', 'dedupe_key']).doNothing())
    .returning(['id', 'user_id', 'kind', 'title_zh', 'title_en', 'body_zh', 'link', 'case_id'])
    .execute();
  if (inserted.length === 0) return 0;
  const { notifications } = await getSettings(db, countyCode);
  await db
    .insertInto('outbound_messages')
    .values(
      inserted.map((row) => ({
        county_code: countyCode,
        inbox_item_id: row.id,
        channel: notifications.channel,
        recipient: `user:${row.user_id}`,
        payload: JSON.stringify({
          kind: row.kind,
          title: row.title_zh,
          titleEn: row.title_en,
          body: row.body_zh,
          link: row.link,
          caseId: row.case_id,
        }),
        status: 'pending' as const,
      })),
    )
    .execute();
  return inserted.length;
}

/** The active users whose role is one of `roles` and whose scope node is one of `scopeCodes`. */
export async function usersAt(
  db: Db,
  countyCode: string,
  roles: readonly Role[],
  scopeCodes: readonly string[] | null,
): Promise<{ id: number; role: Role; scopeCode: string }[]> {
  if (roles.length === 0 || (scopeCodes !== null && scopeCodes.length === 0)) return [];
  let query = db
    .selectFrom('users')
    .select(['id', 'role', 'scope_code as scopeCode'])
    .where('county_code', '=', countyCode)
    .where('active', '=', true)
    .where('role', 'in', roles);
  if (scopeCodes !== null) query = query.where('scope_code', 'in', scopeCodes);
  return query.orderBy('id').execute();
}
