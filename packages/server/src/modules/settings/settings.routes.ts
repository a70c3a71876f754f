import { Settings, UpdateSettingsRequest } from '@baoxue/shared';
import type { ApiInstance } from '../../plugins/api';
import { contextOf } from '../../plugins/auth';
import * as service from './settings.service';

export async function settingsRoutes(app: ApiInstance): Promise<void> {
  app.get(
    '/settings',
    { schema: { tags: ['settings'], summary: '县级设置', response: { 200: Settings } } },
    (request) => {
      const ctx = contextOf(request);
      return service.getSettings(ctx.db, ctx.actor.countyCode);
    },
  );
  app.put(
    '/settings',
    {
      config: { permission: 'settings.edit' },
      schema: {
        tags: ['settings'],
        summary: '修改县级设置',
        body: UpdateSettingsRequest,
        response: { 200: Settings },
      },
    },
    (request) => service.updateSettings(contextOf(request), request.body),
  );
}
