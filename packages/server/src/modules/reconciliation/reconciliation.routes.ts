import {
  CHILD_FLAG_LABELS,
  CHILD_STATUS_LABELS,
  CompareQuery,
  FINDING_LABELS,
  GENDER_LABELS,
  LEDGER_LABELS,
  LedgerParams,
  LedgerQuery,
  LedgerRow,
  OverviewReconciliation,
  ReconciliationRun,
  ReviewDecisionRequest,
  ReviewDecisionResult,
  ReviewItem,
  ReviewQuery,
  RunChild,
  RunChildrenQuery,
  RunComparison,
  RunDetail,
  RunFinding,
  RunFindingsQuery,
  RunListQuery,
  RunParams,
  StartRunRequest,
  gradeLabel,
  pageOf,
} from '@baoxue/shared';
import type { ApiInstance } from '../../plugins/api';
import { contextOf } from '../../plugins/auth';
import { sendXlsx, type XlsxColumn } from '../../lib/xlsx';
import * as service from './reconciliation.service';

const view = { permission: 'monitoring.view' } as const;
const tags = ['reconciliation'];

const CHILD_COLUMNS: XlsxColumn<RunChild>[] = [
  { header: '镇(街道)', value: (c) => c.townName, width: 14 },
  { header: '村(社区)', value: (c) => c.villageName, width: 16 },
  { header: '姓名', value: (c) => c.name, width: 10 },
  { header: '性别', value: (c) => (c.gender ? GENDER_LABELS[c.gender].zh : null), width: 6 },
  { header: '身份证号', value: (c) => c.idNumberMasked, width: 22 },
  { header: '出生日期', value: (c) => c.birthDate, width: 12 },
  { header: '年龄', value: (c) => c.age, width: 6 },
  { header: '状态', value: (c) => CHILD_STATUS_LABELS[c.status].zh, width: 14 },
  { header: '学校', value: (c) => c.schoolName ?? c.schoolCode, width: 26 },
  { header: '标记', value: (c) => c.flags.map((f) => CHILD_FLAG_LABELS[f].zh).join('、'), width: 16 },
  { header: '候选记录数', value: (c) => c.candidateCount, width: 10 },
  { header: '监护人', value: (c) => c.guardianName, width: 10 },
  { header: '监护人电话', value: (c) => c.guardianPhone, width: 14 },
];

const LEDGER_COLUMNS: XlsxColumn<LedgerRow>[] = [
  { header: '镇(街道)', value: (c) => c.townName, width: 14 },
  { header: '村(社区)', value: (c) => c.villageName, width: 16 },
  { header: '姓名', value: (c) => c.name, width: 10 },
  { header: '性别', value: (c) => (c.gender ? GENDER_LABELS[c.gender].zh : null), width: 6 },
  { header: '身份证号', value: (c) => c.idNumberMasked, width: 22 },
  { header: '出生日期', value: (c) => c.birthDate, width: 12 },
  { header: '年龄', value: (c) => c.age, width: 6 },
  { header: '状态', value: (c) => CHILD_STATUS_LABELS[c.status].zh, width: 14 },
  { header: '在读/原就读学校', value: (c) => c.schoolName ?? c.schoolCode, width: 26 },
  {
    header: '政府线责任单位',
    value: (c) => [c.governmentLine.townName, c.governmentLine.villageName].filter(Boolean).join(' '),
    width: 28,
  },
  { header: '教育线责任学校', value: (c) => c.educationLine.schoolName, width: 26 },
  { header: '监护人', value: (c) => c.guardianName, width: 10 },
  { header: '监护人电话', value: (c) => c.guardianPhone, width: 14 },
];

const FINDING_COLUMNS: XlsxColumn<RunFinding>[] = [
  { header: '问题', value: (f) => FINDING_LABELS[f.code].zh, width: 14 },
  { header: '姓名', value: (f) => f.name, width: 10 },
  { header: '身份证号', value: (f) => f.idNumberMasked, width: 22 },
  { header: '村(社区)', value: (f) => f.villageNames.join('、'), width: 24 },
  { header: '学校', value: (f) => f.schoolNames.join('、'), width: 30 },
  { header: '年级', value: (f) => (f.grade === null ? null : gradeLabel(f.grade)), width: 8 },
  { header: '年龄', value: (f) => f.age, width: 6 },
  { header: '次数', value: (f) => f.count, width: 6 },
];

export async function reconciliationRoutes(app: ApiInstance): Promise<void> {
  app.post(
    '/reconciliation/runs',
    {
      config: { permission: 'reconciliation.run' },
      schema: {
        tags,
        summary: '开始比对（县级管理员）：返回排队中的任务',
        body: StartRunRequest,
        response: { 202: ReconciliationRun },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await service.startRun(contextOf(request), request.server.jobs, request.body)),
  );

  app.get(
    '/reconciliation/runs',
    {
      config: view,
      schema: {
        tags,
        summary: '比对任务列表',
        querystring: RunListQuery,
        response: { 200: pageOf(ReconciliationRun) },
      },
    },
    (request) => service.listRuns(contextOf(request), request.server.jobs, request.query),
  );

  app.get(
    '/reconciliation/runs/:id',
    {
      config: view,
      schema: {
        tags,
        summary: '比对任务：进度、汇总、输入指纹；scopedSummary 为本辖区的汇总',
        params: RunParams,
        response: { 200: RunDetail },
      },
    },
    (request) => service.runDetail(contextOf(request), request.server.jobs, request.params.id),
  );

  app.get(
    '/reconciliation/runs/:id/children',
    {
      config: view,
      schema: {
        tags,
        summary: '比对结果：本辖区的适龄儿童（?format=xlsx 导出）',
        params: RunParams,
        querystring: RunChildrenQuery,
        response: { 200: pageOf(RunChild) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, page: _p, pageSize: _s, ...query } = request.query;
      if (format !== 'xlsx') return service.runChildren(ctx, request.params.id, request.query);
      const { run, rows } = await service.exportChildren(ctx, request.params.id, query, 'children');
      return sendXlsx(reply, `${run.school_year}学年比对结果-${run.id}`, '比对结果', CHILD_COLUMNS, rows);
    },
  );

  app.get(
    '/reconciliation/runs/:id/findings',
    {
      config: view,
      schema: {
        tags,
        summary: '问题清单：身份证号无效、在籍不在册、重复学籍、重复户籍、超龄（?format=xlsx 导出）',
        params: RunParams,
        querystring: RunFindingsQuery,
        response: { 200: pageOf(RunFinding) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, page: _p, pageSize: _s, ...query } = request.query;
      if (format !== 'xlsx') return service.runFindings(ctx, request.params.id, request.query);
      const rows = await service.exportFindings(ctx, request.params.id, query);
      return sendXlsx(reply, `问题清单-${request.params.id}`, '问题清单', FINDING_COLUMNS, rows);
    },
  );

  app.get(
    '/reconciliation/runs/:id/ledgers/:ledger',
    {
      config: view,
      schema: {
        tags,
        summary: '适龄儿童台账 (compulsory) / 疑似辍学台账 (suspected)，按镇(街道)；?format=xlsx 导出',
        params: LedgerParams,
        querystring: LedgerQuery,
        response: { 200: pageOf(LedgerRow) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { id, ledger } = request.params;
      const { format, page: _p, pageSize: _s, ...query } = request.query;
      if (format !== 'xlsx') return service.runLedger(ctx, id, ledger, request.query);
      const { run, rows } = await service.exportLedger(ctx, id, ledger, query);
      const title = `${run.school_year}学年${LEDGER_LABELS[ledger].zh}`;
      return sendXlsx(reply, `${title}-${run.id}`, LEDGER_LABELS[ledger].zh, LEDGER_COLUMNS, rows);
    },
  );

  app.get(
    '/reconciliation/compare',
    {
      config: view,
      schema: {
        tags,
        summary: '两次比对的差异：新增疑似失学辍学、新近落实就学',
        querystring: CompareQuery,
        response: { 200: RunComparison },
      },
    },
    (request) =>
      service.compareRuns(contextOf(request), request.server.jobs, request.query.from, request.query.to),
  );

  app.get(
    '/reconciliation/reviews',
    {
      config: view,
      schema: {
        tags,
        summary: '待核实队列：儿童与候选记录并排比较',
        querystring: ReviewQuery,
        response: { 200: pageOf(ReviewItem) },
      },
    },
    (request) => service.reviewQueue(contextOf(request), request.query),
  );

  app.post(
    '/reconciliation/reviews',
    {
      config: { permission: 'reconciliation.review' },
      schema: {
        tags,
        summary: '确认或否定一条候选（之后的比对沿用该决定）',
        body: ReviewDecisionRequest,
        response: { 200: ReviewDecisionResult },
      },
    },
    (request) => service.decide(contextOf(request), request.body),
  );

  app.get(
    '/overview/reconciliation',
    {
      schema: {
        tags: ['overview'],
        summary: '最近一次比对各镇(街道)各状态人数（本辖区）；无比对时为 null',
        response: { 200: OverviewReconciliation.nullable() },
      },
    },
    (request) => service.overviewReconciliation(contextOf(request)),
  );
}
