import { DEFAULT_SETTINGS, Settings, type UpdateSettingsRequest } from '@baoxue/shared';
import type { Db, RequestContext } from '../../context';
import { auditFor } from '../../plugins/audit';
import * as q from './settings.queries';

// Settings are read on every request (session expiry, lockout), so they are cached per
// county in this process and dropped whenever they change.
const cache = new Map<string, Settings>();

export async function getSettings(db: Db, countyCode: string): Promise<Settings> {
  const cached = cache.get(countyCode);
  if (cached) return cached;
  const stored = Object.fromEntries((await q.listSettings(db, countyCode)).map((r) => [r.key, r.value]));
  const merged = Settings.parse({
    security: { ...DEFAULT_SETTINGS.security, ...(stored.security ?? {}) },
    monitoring: { ...DEFAULT_SETTINGS.monitoring, ...(stored.monitoring ?? {}) },
    cases: { ...DEFAULT_SETTINGS.cases, ...(stored.cases ?? {}) },
    notifications: { ...DEFAULT_SETTINGS.notifications, ...(stored.notifications ?? {}) },
  });
  cache.set(countyCode, merged);
  return merged;
}

export function forgetCachedSettings(): void {
  cache.clear();
}

export async function updateSettings(ctx: RequestContext, patch: UpdateSettingsRequest): Promise<Settings> {
  const county = ctx.actor.countyCode;
  const before = await getSettings(ctx.db, county);
  const after = Settings.parse({
    security: { ...before.security, ...patch.security },
    monitoring: { ...before.monitoring, ...patch.monitoring },
    cases: { ...before.cases, ...patch.cases },
    notifications: { ...before.notifications, ...patch.notifications },
  });
  await ctx.db.transaction().execute(async (trx) => {
    await q.putSetting(trx, county, 'security', after.security);
    await q.putSetting(trx, county, 'monitoring', after.monitoring);
    await q.putSetting(trx, county, 'cases', after.cases);
    await q.putSetting(trx, county, 'notifications', after.notifications);
    await auditFor(ctx, trx, { action: 'update', entity: 'settings', entityId: county, before, after });
  });
  cache.delete(county);
  return after;
}
