import {
  maskIdNumber,
  type FullIdentity,
  type Page,
  type StudentListQuery,
  type StudentSummary,
} from '@baoxue/shared';
import type { RequestContext } from '../../context';
import { AppError } from '../../errors';
import { auditFor } from '../../plugins/audit';
import { notFoundOrDenied } from '../../plugins/denied';
import * as q from './registry.queries';
import { fetchPage } from '../../lib/paging';

type StudentRow = Awaited<ReturnType<typeof q.listStudents>>[number];

// Lists always carry the masked number; the full one leaves the server only through
// revealIdentity, which writes the audit log.
export function toSummary(row: StudentRow): StudentSummary {
  return {
    id: row.id,
    name: row.name,
    gender: row.gender,
    idNumberMasked: maskIdNumber(row.id_number),
    birthDate: row.birth_date,
    schoolCode: row.school_code,
    schoolName: row.school_name,
    classId: row.class_id,
    className: row.class_name,
    grade: row.grade,
    status: row.status,
    studyMode: row.study_mode,
    villageCode: row.village_code,
    villageName: row.village_name,
    povertyRegistered: row.poverty_registered,
    leftBehind: row.left_behind,
  };
}

export async function listStudents(
  ctx: RequestContext,
  query: StudentListQuery,
): Promise<Page<StudentSummary>> {
  const { page: _p, pageSize: _s, ...filter } = query;
  return fetchPage(
    query,
    () => q.countStudents(ctx.db, ctx.actor.scope, filter),
    (paging) => q.listStudents(ctx.db, ctx.actor.scope, filter, paging),
    toSummary,
  );
}

export async function allStudents(ctx: RequestContext, query: StudentListQuery): Promise<StudentSummary[]> {
  const { page: _p, pageSize: _s, ...filter } = query;
  return (await q.listStudents(ctx.db, ctx.actor.scope, filter, null)).map(toSummary);
}

async function findInScope(ctx: RequestContext, id: number): Promise<StudentRow> {
  const [row] = await q.listStudents(ctx.db, ctx.actor.scope, { id }, null);
  if (!row)
    throw await notFoundOrDenied(ctx, 'student', id, () => q.studentExists(ctx.db, ctx.actor.countyCode, id));
  return row;
}

export async function studentDetail(ctx: RequestContext, id: number): Promise<StudentSummary> {
  return toSummary(await findInScope(ctx, id));
}

export async function revealIdentity(ctx: RequestContext, id: number): Promise<FullIdentity> {
  if (!ctx.actor.canViewFullId) throw new AppError('forbidden');
  const row = await findInScope(ctx, id);
  await auditFor(ctx, ctx.db, { action: 'view_identity', entity: 'student', entityId: id, detail: row.name });
  return { id, idNumber: row.id_number };
}
