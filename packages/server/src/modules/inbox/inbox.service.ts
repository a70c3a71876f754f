import type { InboxCount, InboxItem, InboxQuery, Page } from '@baoxue/shared';
import type { RequestContext } from '../../context';
import { AppError } from '../../errors';
import { auditFor } from '../../plugins/audit';
import { fetchCountedPage } from '../../lib/paging';
import * as q from './inbox.queries';

// Every user's own inbox. Items are filed by the jobs and the case workflow through
// deliver() (inbox.deliver.ts); here the user reads them and marks them read or done.
// Another user's item answers 404 exactly like a missing one.

export type InboxLang = 'zh' | 'en';

/**
 * The language of titles and bodies: the one the web app asks for (?lang=, it keeps the
 * user's choice on the device), else the user's saved locale (users.locale).
 */
export function inboxLang(asked: string | undefined, userLocale: string): InboxLang {
  return (asked ?? userLocale).toLowerCase().startsWith('en') ? 'en' : 'zh';
}

function toItem(row: q.InboxRow, lang: InboxLang): InboxItem {
  return {
    id: row.id,
    kind: row.kind,
    title: lang === 'en' ? row.title_en : row.title_zh,
    body: lang === 'en' ? (row.body_en ?? row.body_zh) : row.body_zh,
    link: row.link,
    caseId: row.case_id,
    studentId: row.student_id,
    dueOn: row.due_on,
    createdAt: row.created_at.toISOString(),
    read: row.read_at !== null,
    done: row.done_at !== null,
  };
}

export function listInbox(ctx: RequestContext, query: InboxQuery, lang: InboxLang): Promise<Page<InboxItem>> {
  const { countyCode, userId } = ctx.actor;
  return fetchCountedPage(
    query,
    (paging) => q.pageOfItems(ctx.db, countyCode, userId, query.state, paging),
    () => q.countItems(ctx.db, countyCode, userId, query.state),
    (row) => toItem(row, lang),
  );
}

export function inboxCount(ctx: RequestContext): Promise<InboxCount> {
  return q.openCounts(ctx.db, ctx.actor.countyCode, ctx.actor.userId);
}

export async function markRead(ctx: RequestContext, id: number, lang: InboxLang): Promise<InboxItem> {
  const row = await q.markItem(ctx.db, ctx.actor.countyCode, ctx.actor.userId, id, 'read', ctx.clock.now());
  if (!row) throw new AppError('not_found');
  return toItem(row, lang);
}

/** Done is the user's answer to a task: audited, in the same transaction. */
export async function markDone(ctx: RequestContext, id: number, lang: InboxLang): Promise<InboxItem> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await q.markItem(trx, ctx.actor.countyCode, ctx.actor.userId, id, 'done', ctx.clock.now());
    if (!row) throw new AppError('not_found');
    await auditFor(ctx, trx, {
      action: 'update',
      entity: 'inbox_item',
      entityId: id,
      after: { done: true, kind: row.kind, caseId: row.case_id },
    });
    return toItem(row, lang);
  });
}
