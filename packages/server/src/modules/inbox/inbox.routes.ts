import { IdParam, InboxCount, InboxItem, InboxQuery, pageOf } from '@baoxue/shared';
import { z } from 'zod';
import type { ApiInstance } from '../../plugins/api';
import { contextOf } from '../../plugins/auth';
import * as service from './inbox.service';

/** The web app names the language it shows; without it the user's saved locale decides. */
const LangQuery = z.object({ lang: z.enum(['zh-CN', 'en']).optional() });

export async function inboxRoutes(app: ApiInstance): Promise<void> {
  app.get(
    '/inbox',
    {
      schema: {
        tags: ['inbox'],
        summary: '我的待办（仅本人）',
        querystring: InboxQuery.extend(LangQuery.shape),
        response: { 200: pageOf(InboxItem) },
      },
    },
    (request) => {
      const { lang, ...query } = request.query;
      return service.listInbox(contextOf(request), query, service.inboxLang(lang, request.sessionLocale));
    },
  );
  app.get(
    '/inbox/count',
    { schema: { tags: ['inbox'], summary: '待办数量（页头角标）', response: { 200: InboxCount } } },
    (request) => service.inboxCount(contextOf(request)),
  );
  app.post(
    '/inbox/:id/read',
    {
      config: { keepsCaches: true },
      schema: {
        tags: ['inbox'],
        summary: '标为已读',
        params: IdParam,
        querystring: LangQuery,
        response: { 200: InboxItem },
      },
    },
    (request) =>
      service.markRead(
        contextOf(request),
        request.params.id,
        service.inboxLang(request.query.lang, request.sessionLocale),
      ),
  );
  app.post(
    '/inbox/:id/done',
    {
      config: { keepsCaches: true },
      schema: {
        tags: ['inbox'],
        summary: '标为已办',
        params: IdParam,
        querystring: LangQuery,
        response: { 200: InboxItem },
      },
    },
    (request) =>
      service.markDone(
        contextOf(request),
        request.params.id,
        service.inboxLang(request.query.lang, request.sessionLocale),
      ),
  );
}
