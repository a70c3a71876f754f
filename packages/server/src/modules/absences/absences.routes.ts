import {
  ABSENCE_KIND_LABELS,
  AbsenceClassesResponse,
  AbsenceListQuery,
  AbsenceRow,
  AbsenceSummary,
  AbsenceSummaryQuery,
  ClassDayParam,
  ClassParam,
  ClassRoll,
  DayQuery,
  ExportQuery,
  GENDER_LABELS,
  GuardianContact,
  NewGuardianContact,
  SaveRollRequest,
  gradeLabel,
  pageOf,
} from '@baoxue/shared';
import type { ApiInstance } from '../../plugins/api';
import { contextOf } from '../../plugins/auth';
import { auditFor } from '../../plugins/audit';
import { sendXlsx, yesNo, type XlsxColumn } from '../../lib/xlsx';
import * as service from './absences.service';

const EXPORT_COLUMNS: XlsxColumn<AbsenceRow>[] = [
  { header: '日期', value: (r) => r.day, width: 12 },
  { header: '姓名', value: (r) => r.name, width: 10 },
  { header: '性别', value: (r) => GENDER_LABELS[r.gender].zh, width: 6 },
  { header: '镇(办)', value: (r) => r.townName, width: 14 },
  { header: '学校', value: (r) => r.schoolName, width: 28 },
  { header: '年级', value: (r) => gradeLabel(r.grade), width: 8 },
  { header: '班级', value: (r) => r.className, width: 8 },
  { header: '缺勤类别', value: (r) => ABSENCE_KIND_LABELS[r.kind].zh, width: 10 },
  { header: '备注', value: (r) => r.note, width: 20 },
  { header: '户籍村(社区)', value: (r) => r.villageName, width: 18 },
  { header: '监护人', value: (r) => r.guardianName, width: 10 },
  { header: '监护人电话', value: (r) => r.guardianPhone, width: 14 },
  { header: '联系次数', value: (r) => r.contacts, width: 8 },
  { header: '已联系上', value: (r) => yesNo(r.reached), width: 8 },
  { header: '登记人', value: (r) => r.markedBy, width: 12 },
];

export async function absencesRoutes(app: ApiInstance): Promise<void> {
  app.get(
    '/absences/classes',
    {
      config: { permission: 'absences.mark' },
      schema: {
        tags: ['absences'],
        summary: '可点名的班级及当日点名情况（班主任：本人所带班级；学校：全校班级）',
        querystring: DayQuery,
        response: { 200: AbsenceClassesResponse },
      },
    },
    (request) => service.classesToMark(contextOf(request), request.query.day),
  );
  app.get(
    '/absences/classes/:classId',
    {
      config: { permission: 'absences.mark' },
      schema: {
        tags: ['absences'],
        summary: '班级点名册：在读学生、当日缺勤与监护人联系记录',
        params: ClassParam,
        querystring: DayQuery,
        response: { 200: ClassRoll },
      },
    },
    (request) => service.classRoll(contextOf(request), request.params.classId, request.query.day),
  );
  app.put(
    '/absences/classes/:classId/:day',
    {
      config: { permission: 'absences.mark', keepsCaches: true },
      schema: {
        tags: ['absences'],
        summary: '保存班级当日缺勤（整体替换；未列出的学生视为到校）',
        params: ClassDayParam,
        body: SaveRollRequest,
        response: { 200: ClassRoll },
      },
    },
    (request) =>
      service.saveRoll(contextOf(request), request.params.classId, request.params.day, request.body),
  );
  app.post(
    '/absences/contacts',
    {
      config: { permission: 'absences.mark', keepsCaches: true },
      schema: {
        tags: ['absences'],
        summary: '登记与监护人的联系（谁、方式、结果）',
        body: NewGuardianContact,
        response: { 201: GuardianContact },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.logContact(contextOf(request), request.body)),
  );
  app.get(
    '/absences',
    {
      schema: {
        tags: ['absences'],
        summary: '缺勤名单（辖区内；?format=xlsx 导出）',
        querystring: AbsenceListQuery.extend(ExportQuery.shape),
        response: { 200: pageOf(AbsenceRow) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, ...query } = request.query;
      if (format !== 'xlsx') return service.listAbsences(ctx, query);
      const { page: _p, pageSize: _s, ...filter } = query;
      await auditFor(ctx, ctx.db, { action: 'export', entity: 'absence', detail: JSON.stringify(filter) });
      return sendXlsx(reply, '缺勤名单', '缺勤', EXPORT_COLUMNS, await service.allAbsences(ctx, filter));
    },
  );
  app.get(
    '/absences/summary',
    {
      schema: {
        tags: ['absences'],
        summary: '各校缺勤统计（今日、本周等）',
        querystring: AbsenceSummaryQuery,
        response: { 200: AbsenceSummary },
      },
    },
    (request) => service.summary(contextOf(request), request.query),
  );
}
