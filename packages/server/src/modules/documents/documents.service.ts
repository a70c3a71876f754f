import { addDays, beijingTime, maskIdNumber } from '@baoxue/shared';
import type { RequestContext } from '../../context';
import { today } from '../../lib/clock';
import type { PdfRenderer } from '../../lib/pdf';
import { auditFor } from '../../plugins/audit';
import { getCaseDetail } from '../cases/cases.service';
import { noticeHtml, summaryHtml } from './documents.html';

// Printable documents of a case. Whoever may see the case may print them (getCaseDetail
// answers 404 outside scope); each print is audited. Identity numbers are masked on both,
// except that a user allowed to see full numbers may ask for the full one on the notice
// (?fullId=true: the notice served on a guardian names the child exactly) — that is a
// full-identity view and audited as one.

export interface NoticeOptions {
  deadline?: string;
  fullId?: boolean;
}

/** The county's name and, when wanted, the case's full identity number and reason label. */
async function caseExtras(ctx: RequestContext, caseId: number, reasonCode: string | null) {
  const county = ctx.actor.countyCode;
  const [countyRow, idRow, reason] = await Promise.all([
    ctx.db
      .selectFrom('regions')
      .select('name')
      .where('county_code', '=', county)
      .where('code', '=', county)
      .executeTakeFirst(),
    ctx.db
      .selectFrom('cases')
      .select('id_number')
      .where('county_code', '=', county)
      .where('id', '=', caseId)
      .executeTakeFirst(),
    reasonCode
      ? ctx.db
          .selectFrom('dictionaries')
          .select('label_zh')
          .where('county_code', '=', county)
          .where('category', '=', 'out_of_school_reason')
          .where('code', '=', reasonCode)
          .executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  return {
    countyName: countyRow?.name ?? '',
    idNumber: idRow?.id_number ?? null,
    reasonLabel: reason?.label_zh ?? null,
  };
}

export async function noticePdf(
  ctx: RequestContext,
  renderer: PdfRenderer,
  caseId: number,
  options: NoticeOptions,
): Promise<{ pdf: Buffer; name: string }> {
  const detail = await getCaseDetail(ctx, caseId);
  const extras = await caseExtras(ctx, caseId, null);
  const full = options.fullId === true && ctx.actor.canViewFullId && extras.idNumber !== null;
  const issuedOn = today(ctx.clock);
  const deadline =
    options.deadline ?? (detail.step === 'persuasion' ? detail.stepDueOn : null) ?? addDays(issuedOn, 7);
  const pdf = await renderer.render(
    noticeHtml({
      detail,
      idNumber: full ? extras.idNumber : extras.idNumber ? maskIdNumber(extras.idNumber) : null,
      deadline,
      countyName: extras.countyName,
      issuedOn,
    }),
  );
  await ctx.db.transaction().execute(async (trx) => {
    await auditFor(ctx, trx, {
      action: 'print',
      entity: 'case',
      entityId: caseId,
      detail: `notice deadline=${deadline}${full ? ' full-id' : ''}`,
    });
    if (full)
      await auditFor(ctx, trx, {
        action: 'view_identity',
        entity: 'case',
        entityId: caseId,
        detail: 'notice',
      });
  });
  return { pdf, name: `限期复学告知书-${detail.name}.pdf` };
}

export async function summaryPdf(
  ctx: RequestContext,
  renderer: PdfRenderer,
  caseId: number,
): Promise<{ pdf: Buffer; name: string }> {
  const detail = await getCaseDetail(ctx, caseId);
  const extras = await caseExtras(ctx, caseId, detail.reasonCode);
  const pdf = await renderer.render(
    summaryHtml({
      detail,
      reasonLabel: extras.reasonLabel,
      countyName: extras.countyName,
      printedBy: ctx.actor.displayName,
      printedAt: beijingTime(ctx.clock.now()),
    }),
  );
  await auditFor(ctx, ctx.db, { action: 'print', entity: 'case', entityId: caseId, detail: 'summary' });
  return { pdf, name: `一人一案-${detail.name}.pdf` };
}
