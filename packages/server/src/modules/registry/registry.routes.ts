import {
  ChangeClassRequest,
  ChangeStatusRequest,
  ChangeStatusResult,
  ENROLLMENT_STATUS_LABELS,
  ExportQuery,
  FullIdentity,
  GENDER_LABELS,
  IdParam,
  PendingTransfer,
  ReceivePendingRequest,
  ReceiveTransferRequest,
  SchoolDirectoryEntry,
  STUDENT_EVENT_LABELS,
  STUDY_MODE_LABELS,
  StudentListQuery,
  StudentStatusCounts,
  StudentStatusCountsQuery,
  StudentEvent,
  StudentEventListItem,
  StudentEventQuery,
  StudentSummary,
  gradeLabel,
  pageOf,
} from '@baoxue/shared';
import { z } from 'zod';
import type { ApiInstance } from '../../plugins/api';
import { contextOf } from '../../plugins/auth';
import { auditFor } from '../../plugins/audit';
import { sendXlsx, yesNo, type XlsxColumn } from '../../lib/xlsx';
import * as service from './registry.service';

const EXPORT_COLUMNS: XlsxColumn<StudentSummary>[] = [
  { header: '姓名', value: (s) => s.name, width: 10 },
  { header: '性别', value: (s) => GENDER_LABELS[s.gender].zh, width: 6 },
  { header: '身份证号', value: (s) => s.idNumberMasked, width: 22 },
  { header: '出生日期', value: (s) => s.birthDate, width: 12 },
  { header: '学校', value: (s) => s.schoolName, width: 28 },
  { header: '年级', value: (s) => gradeLabel(s.grade), width: 8 },
  { header: '班级', value: (s) => s.className, width: 8 },
  { header: '学籍状态', value: (s) => ENROLLMENT_STATUS_LABELS[s.status].zh, width: 8 },
  { header: '就读方式', value: (s) => STUDY_MODE_LABELS[s.studyMode].zh, width: 10 },
  { header: '户籍村(社区)', value: (s) => s.villageName, width: 18 },
  { header: '建档立卡', value: (s) => yesNo(s.povertyRegistered), width: 8 },
  { header: '留守儿童', value: (s) => yesNo(s.leftBehind), width: 8 },
];

/** A move names both schools; a change at one school names it once. */
function eventSchools(e: StudentEventListItem): string {
  if (e.fromSchoolName === e.toSchoolName) return e.toSchoolName ?? '';
  return [e.fromSchoolName ? `从 ${e.fromSchoolName}` : null, e.toSchoolName ? `到 ${e.toSchoolName}` : null]
    .filter(Boolean)
    .join(' ');
}

const EVENT_EXPORT_COLUMNS: XlsxColumn<StudentEventListItem>[] = [
  { header: '日期', value: (e) => e.date, width: 12 },
  { header: '变动', value: (e) => STUDENT_EVENT_LABELS[e.kind].zh, width: 10 },
  { header: '姓名', value: (e) => e.studentName, width: 10 },
  { header: '身份证号', value: (e) => e.idNumberMasked, width: 22 },
  { header: '学校', value: eventSchools, width: 44 },
  { header: '年级', value: (e) => (e.grade === null ? null : gradeLabel(e.grade)), width: 8 },
  { header: '原因或说明', value: (e) => e.note, width: 28 },
  { header: '登记', value: (e) => (e.importId !== null ? `导入 #${e.importId}` : e.by), width: 12 },
];

export async function registryRoutes(app: ApiInstance): Promise<void> {
  app.get(
    '/students',
    {
      schema: {
        tags: ['registry'],
        summary: '学生名单（证件号脱敏；?format=xlsx 导出）',
        querystring: StudentListQuery.extend(ExportQuery.shape),
        response: { 200: pageOf(StudentSummary) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, ...query } = request.query;
      if (format !== 'xlsx') return service.listStudents(ctx, query);
      await auditFor(ctx, ctx.db, { action: 'export', entity: 'student', detail: JSON.stringify(query) });
      return sendXlsx(reply, '学生名单', '学生', EXPORT_COLUMNS, await service.allStudents(ctx, query));
    },
  );
  app.get(
    '/students/status-counts',
    {
      schema: {
        tags: ['registry'],
        summary: '学生名单各学籍状态人数（同名单的筛选条件，学籍状态除外）',
        querystring: StudentStatusCountsQuery,
        response: { 200: StudentStatusCounts },
      },
    },
    (request) => service.studentStatusCounts(contextOf(request), request.query),
  );
  app.get(
    '/students/:id',
    {
      schema: { tags: ['registry'], summary: '学生详情', params: IdParam, response: { 200: StudentSummary } },
    },
    (request) => service.studentDetail(contextOf(request), request.params.id),
  );
  app.get(
    '/students/:id/events',
    {
      schema: {
        tags: ['registry'],
        summary: '学籍变动记录（一人一籍；转学双方学校均可查看）',
        params: IdParam,
        response: { 200: z.array(StudentEvent) },
      },
    },
    (request) => service.studentEvents(contextOf(request), request.params.id),
  );
  app.get(
    '/student-events',
    {
      config: { permission: 'monitoring.view' },
      schema: {
        tags: ['registry'],
        summary: '本校/辖区学校的学籍变动（注册、转入转出、休学复学、辍学、毕业）',
        querystring: StudentEventQuery.extend(ExportQuery.shape),
        response: { 200: pageOf(StudentEventListItem) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, ...query } = request.query;
      if (format !== 'xlsx') return service.listEvents(ctx, query);
      await auditFor(ctx, ctx.db, { action: 'export', entity: 'student', detail: JSON.stringify(query) });
      return sendXlsx(
        reply,
        '学籍变动记录',
        '学籍变动',
        EVENT_EXPORT_COLUMNS,
        await service.allEvents(ctx, query),
      );
    },
  );
  app.post(
    '/students/:id/identity',
    {
      schema: {
        tags: ['registry'],
        summary: '查看完整身份证号（需授权，记入审计）',
        params: IdParam,
        response: { 200: FullIdentity },
      },
    },
    (request) => service.revealIdentity(contextOf(request), request.params.id),
  );
  app.put(
    '/students/:id/class',
    {
      config: { permission: 'classes.edit' },
      schema: {
        tags: ['registry'],
        summary: '调班（同校同年级本学年的另一个班）',
        params: IdParam,
        body: ChangeClassRequest,
        response: { 200: StudentSummary },
      },
    },
    (request) => service.changeClass(contextOf(request), request.params.id, request.body),
  );
  app.post(
    '/students/transfers',
    {
      config: { permission: 'registry.edit' },
      schema: {
        tags: ['registry'],
        summary: '接收县内转入（一人一籍，籍随人走：学籍转到本校，两校均见转学记录）',
        body: ReceiveTransferRequest,
        response: { 200: StudentSummary },
      },
    },
    (request) => service.receiveTransfer(contextOf(request), request.body),
  );
  app.get(
    '/students/pending-transfers',
    {
      config: { permission: 'registry.edit' },
      schema: {
        tags: ['registry'],
        summary: '待接收转入（县内其他学校登记转出到本校、尚未接收的学生）',
        response: { 200: z.array(PendingTransfer) },
      },
    },
    (request) => service.pendingTransfers(contextOf(request)),
  );
  app.post(
    '/students/pending-transfers/:id/receive',
    {
      config: { permission: 'registry.edit' },
      schema: {
        tags: ['registry'],
        summary: '接收待接收转入（学籍转到转出学校所选的本校）',
        params: IdParam,
        body: ReceivePendingRequest,
        response: { 200: StudentSummary },
      },
    },
    (request) => service.receivePending(contextOf(request), request.params.id, request.body),
  );
  app.get(
    '/school-directory',
    {
      config: { permission: 'registry.edit' },
      schema: {
        tags: ['registry'],
        summary: '本县学校名录（转出到县内学校时选择）',
        response: { 200: z.array(SchoolDirectoryEntry) },
      },
    },
    (request) => service.schoolDirectory(contextOf(request)),
  );
  app.post(
    '/students/:id/status',
    {
      config: { permission: 'registry.edit' },
      schema: {
        tags: ['registry'],
        summary: '学籍变动登记（休学、复学、转出、辍学、毕业…；记入学籍变动记录与审计；登记辍学即立案劝返）',
        params: IdParam,
        body: ChangeStatusRequest,
        response: { 200: ChangeStatusResult },
      },
    },
    (request) => service.changeStatus(contextOf(request), request.params.id, request.body),
  );
}
