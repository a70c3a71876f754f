import {
  ChildRecord,
  HouseholdFacts,
  NewChild,
  RemovalListQuery,
  RosterRemovalRequest,
  RosterRemovalRow,
  IdParam,
  RosterListKind,
  RosterQuery,
  RosterRow,
  RosterStatistics,
  WorkbookQuery,
  pageOf,
} from '@baoxue/shared';
import { z } from 'zod';
import type { ApiInstance } from '../../plugins/api';
import { contextOf } from '../../plugins/auth';
import { attachmentHeader, XLSX_CONTENT_TYPE } from '../../lib/xlsx';
import * as service from './rosters.service';
import { buildWorkbook, workbookFileName } from './rosters.workbook';

const view = { permission: 'monitoring.view' } as const;
const tags = ['rosters'];

export async function rostersRoutes(app: ApiInstance): Promise<void> {
  app.get(
    '/rosters/statistics',
    {
      config: view,
      schema: {
        tags,
        summary: '教育情况统计表：按村(社区)统计（townCode / schoolCode 服务区 / villageCode）',
        querystring: WorkbookQuery,
        response: { 200: RosterStatistics },
      },
    },
    (request) => service.statistics(contextOf(request), request.query),
  );

  app.get(
    '/rosters/workbook.xlsx',
    {
      config: view,
      schema: {
        tags,
        summary: '一表六册工作簿（七个工作表，横向 A4 打印版式）；完整身份证号仅限授权用户并记入审计',
        querystring: WorkbookQuery,
      },
    },
    async (request, reply) => {
      const data = await service.workbookData(contextOf(request), request.query);
      const buffer = await buildWorkbook(data);
      return reply
        .header('content-type', XLSX_CONTENT_TYPE)
        .header('content-disposition', attachmentHeader(workbookFileName(data)))
        .send(buffer);
    },
  );

  app.get(
    '/rosters/:roster',
    {
      config: view,
      schema: {
        tags,
        summary: '六册之一：population | compulsory | poverty | left_behind | disabled | out_of_county',
        params: z.object({ roster: RosterListKind }),
        querystring: RosterQuery,
        response: { 200: pageOf(RosterRow) },
      },
    },
    (request) => service.rosterPage(contextOf(request), request.params.roster, request.query),
  );

  app.get(
    '/population/removals',
    {
      config: view,
      schema: {
        tags: ['registry'],
        summary: '本学年因户籍迁出、死亡注销的儿童（本学年再导入时不再导入），按时间倒序',
        querystring: RemovalListQuery,
        response: { 200: pageOf(RosterRemovalRow) },
      },
    },
    (request) => service.removalsPage(contextOf(request), request.query),
  );

  app.get(
    '/population/:id',
    {
      config: view,
      schema: {
        tags: ['registry'],
        summary: '儿童详情：人口信息、学籍及变动、县外就读、缓学免学、比对状态',
        params: IdParam,
        response: { 200: ChildRecord },
      },
    },
    (request) => service.childRecord(contextOf(request), request.params.id),
  );

  app.post(
    '/population',
    {
      config: { permission: 'population.edit' },
      schema: {
        tags: ['registry'],
        summary: '登记儿童（摸排发现、新生、迁入）到本学年人口花名册，记入审计',
        body: NewChild,
        response: { 200: RosterRow },
      },
    },
    (request) => service.addChild(contextOf(request), request.body),
  );

  app.post(
    '/population/:id/removal',
    {
      config: { permission: 'population.edit' },
      schema: {
        tags: ['registry'],
        summary: '注销：将儿童移出本学年人口花名册（户籍迁出、死亡、重复登记），写明依据，记入审计',
        params: IdParam,
        body: RosterRemovalRequest,
      },
    },
    async (request, reply) => {
      await service.removeChild(contextOf(request), request.params.id, request.body);
      return reply.status(204).send();
    },
  );

  app.put(
    '/population/:id/household',
    {
      config: { permission: 'population.edit' },
      schema: {
        tags: ['registry'],
        summary: '修改本学年人口花名册中儿童的家庭信息（户号、监护人、建档立卡、留守、残疾），记入审计',
        params: IdParam,
        body: HouseholdFacts,
        response: { 200: RosterRow },
      },
    },
    (request) => service.updateHousehold(contextOf(request), request.params.id, request.body),
  );
}
