import {
  CHIEF_DUTY_LABELS,
  Chief,
  ChiefGap,
  ChiefGapsQuery,
  ChiefKeyParams,
  ChiefListQuery,
  ChiefRow,
  ExportQuery,
  IdParam,
  ResponsibilityChain,
} from '@baoxue/shared';
import { z } from 'zod';
import type { ApiInstance } from '../../plugins/api';
import { contextOf } from '../../plugins/auth';
import { auditFor } from '../../plugins/audit';
import { sendXlsx, type XlsxColumn } from '../../lib/xlsx';
import * as service from './chiefs.service';

const EXPORT_COLUMNS: XlsxColumn<ChiefRow>[] = [
  { header: '学年', value: (c) => c.schoolYear, width: 8 },
  { header: '职责', value: (c) => CHIEF_DUTY_LABELS[c.duty].zh, width: 10 },
  { header: '单位代码', value: (c) => c.unitCode, width: 14 },
  { header: '单位', value: (c) => c.unitName, width: 28 },
  { header: '姓名', value: (c) => c.name, width: 12 },
  { header: '电话', value: (c) => c.phone, width: 16 },
];

export async function chiefsRoutes(app: ApiInstance): Promise<void> {
  app.get(
    '/chiefs',
    {
      schema: {
        tags: ['chiefs'],
        summary: '七长责任人名单（全县公示，登录用户可查；?format=xlsx 导出）',
        querystring: ChiefListQuery.extend(ExportQuery.shape),
        response: { 200: z.array(ChiefRow) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, ...query } = request.query;
      const rows = await service.listChiefs(ctx, query);
      if (format !== 'xlsx') return rows;
      await auditFor(ctx, ctx.db, { action: 'export', entity: 'chief', detail: JSON.stringify(query) });
      return sendXlsx(reply, '七长责任人', '七长', EXPORT_COLUMNS, rows);
    },
  );
  app.get(
    '/chiefs/gaps',
    {
      schema: {
        tags: ['chiefs'],
        summary: '本学年尚未登记责任人的单位',
        querystring: ChiefGapsQuery,
        response: { 200: z.array(ChiefGap) },
      },
    },
    (request) => service.chiefGaps(contextOf(request), request.query.schoolYear),
  );
  app.put(
    '/chiefs',
    {
      config: { permission: 'chiefs.edit' },
      schema: { tags: ['chiefs'], summary: '登记或修改一名责任人', body: Chief, response: { 200: ChiefRow } },
    },
    (request) => service.putChief(contextOf(request), request.body),
  );
  app.delete(
    '/chiefs/:schoolYear/:unitCode/:duty',
    {
      config: { permission: 'chiefs.edit' },
      schema: { tags: ['chiefs'], summary: '删除一名责任人', params: ChiefKeyParams },
    },
    async (request, reply) => {
      await service.deleteChief(contextOf(request), request.params);
      return reply.status(204).send();
    },
  );
  app.get(
    '/students/:id/chain',
    {
      schema: {
        tags: ['chiefs'],
        summary: '学生的七长责任链（本学年）',
        params: IdParam,
        response: { 200: ResponsibilityChain },
      },
    },
    (request) => service.studentChain(contextOf(request), request.params.id),
  );
}
