import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import {
  IMPORT_KIND_LABELS,
  IdParam,
  ImportJob,
  ImportJobDetail,
  ImportListQuery,
  StartImportQuery,
  TemplateParams,
  pageOf,
} from '@baoxue/shared';
import type { ApiInstance } from '../../plugins/api';
import { AppError } from '../../errors';
import { contextOf } from '../../plugins/auth';
import { attachmentHeader, sendXlsx, XLSX_CONTENT_TYPE, type XlsxColumn } from '../../lib/xlsx';
import * as service from './imports.service';
import { buildTemplate, templateFileName } from './templates';

/**
 * Content types an upload may carry: the file itself is the body. Browsers label a File
 * by its extension, so the spreadsheet and CSV types are accepted as well as the generic one.
 */
const UPLOAD_TYPES = ['application/octet-stream', XLSX_CONTENT_TYPE, 'application/vnd.ms-excel', 'text/csv'];

const RED = { color: { argb: 'FFFF0000' } };

export async function importsRoutes(app: ApiInstance): Promise<void> {
  await app.register(uploadRoute);

  app.get(
    '/imports',
    {
      schema: {
        tags: ['imports'],
        summary: '导入任务列表（县级：全部；学校：本校）',
        querystring: ImportListQuery,
        response: { 200: pageOf(ImportJob) },
      },
    },
    (request) => service.listImports(contextOf(request), request.server.jobs, request.query),
  );

  app.get(
    '/imports/templates/:kind.xlsx',
    {
      schema: {
        tags: ['imports'],
        summary: '下载导入模板（必填列带 *，枚举列带下拉选择）',
        params: TemplateParams,
      },
    },
    async (request, reply) => {
      const { kind } = request.params;
      const buffer = await buildTemplate(kind);
      return reply
        .header('content-type', XLSX_CONTENT_TYPE)
        .header('content-disposition', attachmentHeader(templateFileName(kind)))
        .send(buffer);
    },
  );

  app.get(
    '/imports/:id',
    {
      schema: {
        tags: ['imports'],
        summary: '导入任务：进度、行数、前若干条错误',
        params: IdParam,
        response: { 200: ImportJobDetail },
      },
    },
    (request) => service.importDetail(contextOf(request), request.server.jobs, request.params.id),
  );

  app.get(
    '/imports/:id/errors.xlsx',
    {
      schema: {
        tags: ['imports'],
        summary: '错误报告：未导入的行及红色“错误原因”列',
        params: IdParam,
      },
    },
    async (request, reply) => {
      const { job, rows } = await service.errorRows(contextOf(request), request.params.id);
      const columns: XlsxColumn<{ row: number; cells: unknown[]; reasons: string }>[] = [
        { header: '行号', width: 8, value: (r) => r.row },
        ...job.headers.map((header, i) => ({
          header,
          width: Math.max(10, header.length * 2 + 4),
          value: (r: { cells: unknown[] }) => displayCell(r.cells[i]),
        })),
        { header: '错误原因', width: 60, value: (r) => r.reasons, font: RED },
      ];
      const name = `${IMPORT_KIND_LABELS[job.kind].zh}错误报告-${job.id}`;
      return sendXlsx(reply, name, '错误行', columns, rows);
    },
  );
}

function displayCell(cell: unknown): string | number | boolean | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'string' || typeof cell === 'number' || typeof cell === 'boolean') return cell;
  return JSON.stringify(cell);
}

/**
 * POST /imports, in a context of its own: the request stream is handed to the route as it
 * is (the service writes it to a temporary file and counts the bytes, 200 MB at most, so
 * no upload sits in memory). Its content types are the upload's alone: added to the API's
 * context, they let any route take a body of any size, unread.
 */
async function uploadRoute(app: ApiInstance): Promise<void> {
  for (const type of UPLOAD_TYPES) {
    app.addContentTypeParser(type, (_request: FastifyRequest, payload, done) => done(null, payload));
  }

  app.post(
    '/imports',
    {
      bodyLimit: service.MAX_UPLOAD_BYTES,
      schema: {
        tags: ['imports'],
        summary: '上传名册文件并开始导入（请求体为文件本身，application/octet-stream）',
        description:
          'kind: population | enrollment | out-of-county | exemptions. Answers 202 with the queued job; poll GET /api/imports/{id}.',
        querystring: StartImportQuery,
        response: { 202: ImportJob },
      },
    },
    async (request, reply) => {
      // A body of another type (JSON) was read by the API's own parser: it is no file.
      if (!(request.body instanceof Readable)) throw new AppError('unsupported_media_type');
      const job = await service.startImport(
        contextOf(request),
        request.server.jobs,
        request.query,
        request.body,
      );
      return reply.status(202).send(job);
    },
  );
}
