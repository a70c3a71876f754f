import {
  ClassInput,
  ClassListQuery,
  ExportQuery,
  IdParam,
  SCHOOL_TYPE_LABELS,
  SchoolClass,
  SchoolCode,
  SchoolDetail,
  SchoolInput,
  SchoolListQuery,
  SchoolSummary,
  StaffInput,
  StaffMember,
  UpdateClassRequest,
  UpdateSchoolRequest,
  UpdateStaffRequest,
  pageOf,
} from '@baoxue/shared';
import { z } from 'zod';
import type { ApiInstance } from '../../plugins/api';
import { contextOf } from '../../plugins/auth';
import { auditFor } from '../../plugins/audit';
import { sendXlsx, yesNo, type XlsxColumn } from '../../lib/xlsx';
import * as service from './schools.service';

const CodeParam = z.object({ code: SchoolCode });

const EXPORT_COLUMNS: XlsxColumn<SchoolSummary>[] = [
  { header: '学校标识码', value: (s) => s.code, width: 14 },
  { header: '学校名称', value: (s) => s.name, width: 30 },
  { header: '办学类型', value: (s) => SCHOOL_TYPE_LABELS[s.type].zh },
  { header: '镇(街道)', value: (s) => s.townName },
  { header: '寄宿制', value: (s) => yesNo(s.boarding) },
  { header: '班级数', value: (s) => s.classCount },
  { header: '在读学生数', value: (s) => s.studentCount },
];

export async function schoolsRoutes(app: ApiInstance): Promise<void> {
  app.get(
    '/schools',
    {
      schema: {
        tags: ['schools'],
        summary: '学校列表（?format=xlsx 导出）',
        querystring: SchoolListQuery.extend(ExportQuery.shape),
        response: { 200: pageOf(SchoolSummary) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, ...query } = request.query;
      if (format !== 'xlsx') return service.listSchools(ctx, query);
      await auditFor(ctx, ctx.db, { action: 'export', entity: 'school', detail: JSON.stringify(query) });
      return sendXlsx(reply, '学校名单', '学校', EXPORT_COLUMNS, await service.allSchools(ctx, query));
    },
  );
  app.get(
    '/schools/:code',
    {
      schema: { tags: ['schools'], summary: '学校详情', params: CodeParam, response: { 200: SchoolDetail } },
    },
    (request) => service.schoolDetail(contextOf(request), request.params.code),
  );
  app.get(
    '/schools/:code/classes',
    {
      schema: {
        tags: ['schools'],
        summary: '学校班级（教师仅本人所带班级）',
        params: CodeParam,
        querystring: ClassListQuery,
        response: { 200: z.array(SchoolClass) },
      },
    },
    (request) => service.schoolClasses(contextOf(request), request.params.code, request.query.schoolYear),
  );
  app.post(
    '/schools',
    {
      config: { permission: 'schools.edit' },
      schema: { tags: ['schools'], summary: '新增学校', body: SchoolInput, response: { 201: SchoolDetail } },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createSchool(contextOf(request), request.body)),
  );
  app.patch(
    '/schools/:code',
    {
      config: { permission: 'schools.edit' },
      schema: {
        tags: ['schools'],
        summary: '修改学校',
        params: CodeParam,
        body: UpdateSchoolRequest,
        response: { 200: SchoolDetail },
      },
    },
    (request) => service.updateSchool(contextOf(request), request.params.code, request.body),
  );
  app.get(
    '/schools/:code/staff',
    {
      config: { permission: 'classes.edit' },
      schema: {
        tags: ['schools'],
        summary: '学校教职工（教师、校长）：选班主任、开教师账号',
        params: CodeParam,
        response: { 200: z.array(StaffMember) },
      },
    },
    (request) => service.schoolStaff(contextOf(request), request.params.code),
  );
  app.post(
    '/schools/:code/staff',
    {
      config: { permission: 'classes.edit' },
      schema: {
        tags: ['schools'],
        summary: '新增教职工',
        params: CodeParam,
        body: StaffInput,
        response: { 201: StaffMember },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.addStaff(contextOf(request), request.params.code, request.body)),
  );
  app.patch(
    '/staff/:id',
    {
      config: { permission: 'classes.edit' },
      schema: {
        tags: ['schools'],
        summary: '修改教职工（姓名、电话、职务、类别）',
        params: IdParam,
        body: UpdateStaffRequest,
        response: { 200: StaffMember },
      },
    },
    (request) => service.updateStaff(contextOf(request), request.params.id, request.body),
  );
  app.post(
    '/schools/:code/classes',
    {
      config: { permission: 'classes.edit' },
      schema: {
        tags: ['schools'],
        summary: '新增班级（默认本学年）及班主任',
        params: CodeParam,
        body: ClassInput,
        response: { 201: SchoolClass },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.createClass(contextOf(request), request.params.code, request.body)),
  );
  app.patch(
    '/classes/:id',
    {
      config: { permission: 'classes.edit' },
      schema: {
        tags: ['schools'],
        summary: '修改班级名称或班主任',
        params: IdParam,
        body: UpdateClassRequest,
        response: { 200: SchoolClass },
      },
    },
    (request) => service.updateClass(contextOf(request), request.params.id, request.body),
  );
  app.delete(
    '/classes/:id',
    {
      config: { permission: 'classes.edit' },
      schema: { tags: ['schools'], summary: '删除空班级（无学生、无考勤与案件记录）', params: IdParam },
    },
    async (request, reply) => {
      await service.deleteClass(contextOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
