import { RegionCode, RegionDetail, RegionNode, Region, UpdateRegionRequest } from '@baoxue/shared';
import { z } from 'zod';
import type { ApiInstance } from '../../plugins/api';
import { contextOf } from '../../plugins/auth';
import { keptAnswer } from '../../plugins/kept-answer';
import * as service from './regions.service';

const CodeParam = z.object({ code: RegionCode });

export async function regionsRoutes(app: ApiInstance): Promise<void> {
  app.get(
    '/regions/tree',
    {
      schema: { tags: ['regions'], summary: '区划树（本人范围内）', response: { 200: z.array(RegionNode) } },
    },
    (request, reply) => keptAnswer(request, reply, service.regionTree),
  );
  app.get(
    '/regions/:code',
    {
      schema: { tags: ['regions'], summary: '区划详情', params: CodeParam, response: { 200: RegionDetail } },
    },
    (request) => service.regionDetail(contextOf(request), request.params.code),
  );
  app.patch(
    '/regions/:code',
    {
      config: { permission: 'regions.edit' },
      schema: {
        tags: ['regions'],
        summary: '修改区划名称',
        params: CodeParam,
        body: UpdateRegionRequest,
        response: { 200: Region },
      },
    },
    (request) => service.renameRegion(contextOf(request), request.params.code, request.body),
  );
}
