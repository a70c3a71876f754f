import { Overview } from '@baoxue/shared';
import type { ApiInstance } from '../../plugins/api';
import { keptAnswer } from '../../plugins/kept-answer';
import * as service from './overview.service';

export async function overviewRoutes(app: ApiInstance): Promise<void> {
  app.get(
    '/overview',
    { schema: { tags: ['overview'], summary: '全县/本辖区概览', response: { 200: Overview } } },
    (request, reply) => keptAnswer(request, reply, service.overview),
  );
}
