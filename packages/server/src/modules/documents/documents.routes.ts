import { DateInput, IdParam } from '@baoxue/shared';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { PdfRenderer } from '../../lib/pdf';
import type { ApiInstance } from '../../plugins/api';
import { contextOf } from '../../plugins/auth';
import * as service from './documents.service';

const NoticeQuery = z.object({
  /** The day the child must be back; default: the persuasion step's deadline, else in 7 days. */
  deadline: DateInput.optional(),
  /** Print the full identity number (only for users allowed to see it; audited). */
  fullId: z.enum(['true', 'false']).optional(),
});

function sendPdf(reply: FastifyReply, { pdf, name }: { pdf: Buffer; name: string }): FastifyReply {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(name)}`)
    .send(pdf);
}

export async function documentsRoutes(app: ApiInstance): Promise<void> {
  // One browser for this app's documents, launched on the first print, closed with the app.
  const renderer = new PdfRenderer();
  app.addHook('onClose', () => renderer.close());

  app.get(
    '/cases/:id/documents/notice.pdf',
    {
      schema: {
        tags: ['documents'],
        summary: '《义务教育法》限期复学告知书（PDF）',
        params: IdParam,
        querystring: NoticeQuery,
      },
    },
    async (request, reply) =>
      sendPdf(
        reply,
        await service.noticePdf(contextOf(request), renderer, request.params.id, {
          deadline: request.query.deadline,
          fullId: request.query.fullId === 'true',
        }),
      ),
  );
  app.get(
    '/cases/:id/documents/summary.pdf',
    { schema: { tags: ['documents'], summary: '一人一案档案（PDF）', params: IdParam } },
    async (request, reply) =>
      sendPdf(reply, await service.summaryPdf(contextOf(request), renderer, request.params.id)),
  );
}
