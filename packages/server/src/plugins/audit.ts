import { maskIdNumbersIn, type AuditAction, type AuditEntity } from '@baoxue/shared';
import type { Actor, Db, RequestContext } from '../context';

export interface AuditEntry {
  action: AuditAction;
  entity: AuditEntity;
  entityId?: string | number | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  detail?: string | null;
}

export interface AuditWho {
  countyCode: string;
  userId: number | null;
  username: string | null;
  ip: string | null;
}

export function auditWho(actor: Actor, ip: string): AuditWho {
  return { countyCode: actor.countyCode, userId: actor.userId, username: actor.username, ip };
}

/**
 * Writes one audit entry with the given executor: pass the transaction that makes the
 * change, so the change and its record commit or fail together.
 */
export function writeAudit(db: Db, who: AuditWho, entry: AuditEntry): Promise<void> {
  return writeAuditEntries(db, who, [entry]);
}

/** Entries of one change touching many records (cases a job opens), in one statement. */
export async function writeAuditEntries(
  db: Db,
  who: AuditWho,
  entries: readonly AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('audit_log')
    .values(
      entries.map((entry) => ({
        county_code: who.countyCode,
        user_id: who.userId,
        username: who.username,
        ip: who.ip,
        action: entry.action,
        entity: entry.entity,
        entity_id: entry.entityId == null ? null : String(entry.entityId),
        // What a user typed may hold a whole number (a search in an export's detail, a note of
        // a change in `after`), and users without the right to see full numbers read the log.
        before: entry.before ? maskIdNumbersIn(JSON.stringify(entry.before)) : null,
        after: entry.after ? maskIdNumbersIn(JSON.stringify(entry.after)) : null,
        detail: entry.detail == null ? null : maskIdNumbersIn(entry.detail),
      })),
    )
    .execute();
}

export function auditFor(ctx: RequestContext, db: Db, entry: AuditEntry): Promise<void> {
  return writeAudit(db, auditWho(ctx.actor, ctx.ip), entry);
}
