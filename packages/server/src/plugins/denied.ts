import type { AuditEntity } from '@baoxue/shared';
import type { RequestContext } from '../context';
import { AppError } from '../errors';
import { auditFor } from './audit';

/**
 * Out of scope and nonexistent look the same to the client (404), so nobody can probe
 * which records exist; an out-of-scope attempt is still written to the audit log.
 */
export async function notFoundOrDenied(
  ctx: RequestContext,
  entity: AuditEntity,
  entityId: string | number,
  existsAnywhere: () => Promise<boolean>,
): Promise<AppError> {
  if (await existsAnywhere()) {
    await auditFor(ctx, ctx.db, {
      action: 'access_denied',
      entity,
      entityId,
      detail: `scope ${ctx.actor.scope.kind}`,
    });
  }
  return new AppError('not_found');
}
