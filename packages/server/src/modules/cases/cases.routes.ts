import {
  AddCaseActionRequest,
  type AuditEntity,
  AdvanceCaseRequest,
  CASE_ENDING_LABELS,
  CASE_SOURCE_LABELS,
  CASE_STEP_LABELS,
  CaseDetail,
  CaseListQuery,
  CaseOverview,
  CaseOverviewQuery,
  CaseSummary,
  CheckInRequest,
  ClearingQuery,
  CloseCaseRequest,
  DropoutLedgerQuery,
  ExportQuery,
  FullIdentity,
  GENDER_LABELS,
  IdParam,
  OpenCaseRequest,
  RETURN_PLACEMENT_LABELS,
  ReplaceTeamRequest,
  UpdateCaseRequest,
  pageOf,
} from '@baoxue/shared';
import { z } from 'zod';
import type { RequestContext } from '../../context';
import { sendXlsx, yesNo, type XlsxColumn } from '../../lib/xlsx';
import type { ApiInstance } from '../../plugins/api';
import { auditFor } from '../../plugins/audit';
import { contextOf } from '../../plugins/auth';
import type { CaseRow } from './cases.queries';
import * as service from './cases.service';

const tags = ['cases'];

const CheckInParams = IdParam.extend({
  round: z.coerce.number().int().positive().max(1000),
  seq: z.coerce.number().int().positive().max(1000),
});

/** The options of a route that works one case (cases.work): a body in, the case as it now stands out. */
function working<P extends z.ZodType, B extends z.ZodType>(summary: string, params: P, body: B) {
  return {
    config: { permission: 'cases.work', keepsCaches: true } as const,
    schema: { tags, summary, params, body, response: { 200: CaseDetail } },
  };
}

const CHILD_COLUMNS: XlsxColumn<CaseRow>[] = [
  { header: '镇(街道)', value: (c) => c.town_name, width: 14 },
  { header: '村(社区)', value: (c) => c.village_name, width: 16 },
  { header: '姓名', value: (c) => c.name, width: 10 },
  { header: '性别', value: (c) => (c.gender ? GENDER_LABELS[c.gender].zh : null), width: 6 },
  { header: '身份证号', value: (c) => service.toSummary(c).idNumberMasked, width: 22 },
  { header: '出生日期', value: (c) => c.birth_date, width: 12 },
  { header: '学校', value: (c) => c.school_name, width: 26 },
  { header: '班级', value: (c) => c.class_name, width: 8 },
  { header: '监护人', value: (c) => c.guardian_name, width: 10 },
  { header: '监护人电话', value: (c) => c.guardian_phone, width: 14 },
];

const LIST_COLUMNS: XlsxColumn<CaseRow>[] = [
  { header: '案件编号', value: (c) => c.id, width: 8 },
  ...CHILD_COLUMNS,
  { header: '来源', value: (c) => CASE_SOURCE_LABELS[c.source].zh, width: 12 },
  { header: '当前步骤', value: (c) => CASE_STEP_LABELS[c.step].zh, width: 10 },
  { header: '步骤期限', value: (c) => c.step_due_on, width: 12 },
  { header: '逾期', value: (c) => yesNo(c.overdue), width: 6 },
  { header: '督办级别', value: (c) => c.escalation_level, width: 8 },
  { header: '立案日期', value: (c) => c.opened_on, width: 12 },
  { header: '销号日期', value: (c) => c.closed_on, width: 12 },
];

function reasonColumn(reasons: Map<string, string>): XlsxColumn<CaseRow> {
  return {
    header: '失学原因',
    value: (c) => (c.reason_code ? (reasons.get(c.reason_code) ?? c.reason_code) : null),
    width: 16,
  };
}

function dropoutColumns(reasons: Map<string, string>): XlsxColumn<CaseRow>[] {
  return [
    ...CHILD_COLUMNS,
    reasonColumn(reasons),
    { header: '核实日期', value: (c) => c.confirmed_on, width: 12 },
    { header: '当前步骤', value: (c) => CASE_STEP_LABELS[c.step].zh, width: 10 },
    {
      header: '复学安置',
      value: (c) => (c.placement ? RETURN_PLACEMENT_LABELS[c.placement].zh : null),
      width: 14,
    },
    { header: '复学学校', value: (c) => c.return_school_name, width: 26 },
    { header: '复学日期', value: (c) => c.returned_on, width: 12 },
    { header: '销号日期', value: (c) => c.closed_on, width: 12 },
    { header: '结案方式', value: (c) => (c.ending ? CASE_ENDING_LABELS[c.ending].zh : null), width: 16 },
  ];
}

function clearingColumns(reasons: Map<string, string>): XlsxColumn<CaseRow>[] {
  return [
    ...CHILD_COLUMNS,
    reasonColumn(reasons),
    { header: '立案日期', value: (c) => c.opened_on, width: 12 },
    { header: '复学日期', value: (c) => c.returned_on, width: 12 },
    { header: '销号日期', value: (c) => c.closed_on, width: 12 },
    { header: '结案方式', value: (c) => (c.ending ? CASE_ENDING_LABELS[c.ending].zh : null), width: 16 },
    { header: '结案依据', value: (c) => c.ending_evidence, width: 30 },
    { header: '复劝次数', value: (c) => c.reopen_count, width: 8 },
  ];
}

async function auditExport(ctx: RequestContext, entity: AuditEntity, query: object): Promise<void> {
  await auditFor(ctx, ctx.db, { action: 'export', entity, detail: JSON.stringify(query) });
}

export async function casesRoutes(app: ApiInstance): Promise<void> {
  app.get(
    '/cases',
    {
      schema: {
        tags,
        summary: '案件列表（一人一案；证件号脱敏；?format=xlsx 导出）',
        querystring: CaseListQuery.extend(ExportQuery.shape),
        response: { 200: pageOf(CaseSummary) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, ...query } = request.query;
      if (format !== 'xlsx') return service.listCases(ctx, query);
      await auditExport(ctx, 'case', query);
      return sendXlsx(reply, '案件列表', '案件', LIST_COLUMNS, await service.allCases(ctx, query));
    },
  );
  app.post(
    '/cases',
    {
      config: { permission: 'cases.open' },
      schema: {
        tags,
        summary: '立案（村报告、督学发现）',
        body: OpenCaseRequest,
        response: { 201: CaseDetail },
      },
    },
    async (request, reply) => {
      const detail = await service.openByHand(contextOf(request), request.body);
      return reply.code(201).send(detail);
    },
  );
  app.get(
    '/cases/overview',
    {
      schema: {
        tags,
        summary: '控辍保学概况：各步骤在办、逾期、复学率、巩固回访（按镇、按校）',
        querystring: CaseOverviewQuery,
        response: { 200: CaseOverview },
      },
    },
    (request) => service.caseOverview(contextOf(request), request.query.townCode),
  );
  app.get(
    '/cases/ledgers/dropouts',
    {
      schema: {
        tags,
        summary: '辍学台账（核实确认失学辍学的案件；?format=xlsx 导出）',
        querystring: DropoutLedgerQuery,
        response: { 200: pageOf(CaseSummary) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, ...query } = request.query;
      if (format !== 'xlsx') return service.dropoutLedger(ctx, request.query);
      await auditExport(ctx, 'dropout_ledger', query);
      const rows = await service.allDropouts(ctx, request.query);
      return sendXlsx(reply, '辍学台账', '辍学台账', dropoutColumns(await service.reasonLabels(ctx)), rows);
    },
  );
  app.get(
    '/cases/ledgers/clearing',
    {
      schema: {
        tags,
        summary: '动态销号台账（已销号案件及结案方式；?format=xlsx 导出）',
        querystring: ClearingQuery,
        response: { 200: pageOf(CaseSummary) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, ...query } = request.query;
      if (format !== 'xlsx') return service.clearingLedger(ctx, request.query);
      await auditExport(ctx, 'clearing_ledger', query);
      const rows = await service.allClearing(ctx, request.query);
      return sendXlsx(reply, '动态销号', '动态销号', clearingColumns(await service.reasonLabels(ctx)), rows);
    },
  );
  app.get(
    '/cases/:id',
    { schema: { tags, summary: '案件详情', params: IdParam, response: { 200: CaseDetail } } },
    (request) => service.getCaseDetail(contextOf(request), request.params.id),
  );
  // A POST, as a student's: a view that is audited is not to be fetched ahead or replayed by a browser.
  app.post(
    '/cases/:id/identity',
    {
      schema: {
        tags,
        summary: '查看案件儿童完整身份证号（需授权，记入审计）',
        params: IdParam,
        response: { 200: FullIdentity },
      },
    },
    (request) => service.revealIdentity(contextOf(request), request.params.id),
  );
  app.patch('/cases/:id', working('修改案件（原因、方案、监护人）', IdParam, UpdateCaseRequest), (request) =>
    service.updateCase(contextOf(request), request.params.id, request.body),
  );
  app.put('/cases/:id/team', working('调整包保专班', IdParam, ReplaceTeamRequest), (request) =>
    service.replaceTeam(contextOf(request), request.params.id, request.body),
  );
  app.post(
    '/cases/:id/actions',
    working('记录工作（电话、家访、劝返会、书面告知…）', IdParam, AddCaseActionRequest),
    (request) => service.addAction(contextOf(request), request.params.id, request.body),
  );
  app.post(
    '/cases/:id/advance',
    working('进入下一步骤（核实→劝返→复学→巩固观察）', IdParam, AdvanceCaseRequest),
    (request) => service.advanceCase(contextOf(request), request.params.id, request.body),
  );
  app.post(
    '/cases/:id/close',
    working('结案（缓免学、迁出、误报、重复、死亡；须附依据）', IdParam, CloseCaseRequest),
    (request) => service.closeCase(contextOf(request), request.params.id, request.body),
  );
  app.post(
    '/cases/:id/check-ins/:round/:seq',
    working('巩固观察回访', CheckInParams, CheckInRequest),
    (request) => {
      const { id, round, seq } = request.params;
      return service.checkIn(contextOf(request), id, { round, seq }, request.body);
    },
  );
}
