import type {
  Chief,
  ChiefGap,
  ChiefKeyParams,
  ChiefRow,
  MaintainedChiefDuty,
  ResponsibilityChain,
} from '@baoxue/shared';
import type { Db, RequestContext } from '../../context';
import { AppError, detail } from '../../errors';
import { auditFor } from '../../plugins/audit';
import { notFoundOrDenied } from '../../plugins/denied';
import { getSettings } from '../settings/settings.service';
import { studentExists } from '../registry/registry.queries';
import { responsibilityChain } from './chain';
import * as q from './chiefs.queries';

// The seven chiefs (七长制, C1). The list is readable by every logged-in user of the county:
// these are public duty holders (the 控辍保学责任人 lists are posted publicly), and a teacher
// or village official needs the town head's number as much as the county admin does.
// Only chiefs.edit (the county admin) changes them; each change is audited.

/** Which kind of unit each duty answers for. */
const UNIT_OF_DUTY: Record<MaintainedChiefDuty, 'county' | 'town' | 'village' | 'school'> = {
  county_head: 'county',
  bureau_director: 'county',
  town_head: 'town',
  village_head: 'village',
  principal: 'school',
};

const UNIT_NAMES = {
  county: { zh: '本县', en: 'the county' },
  town: { zh: '镇(街道)', en: 'a town' },
  village: { zh: '村(社区)', en: 'a village' },
  school: { zh: '学校', en: 'a school' },
};

async function yearOrCurrent(db: Db, countyCode: string, schoolYear: number | undefined): Promise<number> {
  return schoolYear ?? (await getSettings(db, countyCode)).monitoring.currentSchoolYear;
}

type ChiefDbRow = Awaited<ReturnType<typeof q.listChiefs>>[number];

function toRow(row: ChiefDbRow): ChiefRow {
  return {
    schoolYear: row.school_year,
    unitCode: row.unit_code,
    duty: row.duty,
    name: row.name,
    phone: row.phone,
    staffId: row.staff_id,
    unitName: row.unit_name,
  };
}

export async function listChiefs(
  ctx: RequestContext,
  query: { schoolYear?: number; duty?: MaintainedChiefDuty },
): Promise<ChiefRow[]> {
  const county = ctx.actor.countyCode;
  const year = await yearOrCurrent(ctx.db, county, query.schoolYear);
  return (await q.listChiefs(ctx.db, county, year, query.duty)).map(toRow);
}

export async function chiefGaps(ctx: RequestContext, schoolYear: number | undefined): Promise<ChiefGap[]> {
  const county = ctx.actor.countyCode;
  const year = await yearOrCurrent(ctx.db, county, schoolYear);
  const result = await q.chiefGaps(ctx.db, county, year);
  return result.rows.map((r) => ({
    duty: r.duty,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    fallbackName: r.fallback_name,
  }));
}

/** The unit must exist in this county and be the kind the duty answers for; a named staff member must exist. */
async function assertChief(db: Db, countyCode: string, chief: Chief): Promise<void> {
  const wanted = UNIT_OF_DUTY[chief.duty];
  const kind = await q.unitKind(db, countyCode, chief.unitCode);
  const matches = wanted === 'county' ? chief.unitCode === countyCode && kind === 'county' : kind === wanted;
  const details = [];
  if (!matches) {
    const unit = UNIT_NAMES[wanted];
    details.push(
      detail(
        'unitCode',
        `${chief.unitCode} 不是${unit.zh}的代码`,
        `${chief.unitCode} is not the code of ${unit.en}`,
      ),
    );
  }
  if (chief.staffId !== null && !(await q.staffExists(db, countyCode, chief.staffId))) {
    details.push(detail('staffId', `找不到教职工 ${chief.staffId}`, `No staff member ${chief.staffId}`));
  }
  if (details.length > 0) throw new AppError('validation', details);
}

function chiefId(key: ChiefKeyParams): string {
  return `${key.schoolYear}/${key.unitCode}/${key.duty}`;
}

/** Records (or replaces) the chief of a unit for a year. */
export async function putChief(ctx: RequestContext, chief: Chief): Promise<ChiefRow> {
  const county = ctx.actor.countyCode;
  return ctx.db.transaction().execute(async (trx) => {
    await assertChief(trx, county, chief);
    const before = await q.findChief(trx, county, chief);
    const row = {
      county_code: county,
      school_year: chief.schoolYear,
      unit_code: chief.unitCode,
      duty: chief.duty,
      name: chief.name,
      phone: chief.phone,
      staff_id: chief.staffId,
    };
    await q.upsertChief(trx, row);
    await auditFor(ctx, trx, {
      action: before ? 'update' : 'create',
      entity: 'chief',
      entityId: chiefId(chief),
      before: before ?? null,
      after: row,
    });
    const saved = (await q.listChiefs(trx, county, chief.schoolYear, chief.duty)).find(
      (r) => r.unit_code === chief.unitCode,
    );
    if (!saved) throw new AppError('internal');
    return toRow(saved);
  });
}

export async function deleteChief(ctx: RequestContext, key: ChiefKeyParams): Promise<void> {
  const county = ctx.actor.countyCode;
  await ctx.db.transaction().execute(async (trx) => {
    const before = await q.findChief(trx, county, key);
    if (!before) throw new AppError('not_found');
    await q.deleteChief(trx, county, key);
    await auditFor(ctx, trx, { action: 'delete', entity: 'chief', entityId: chiefId(key), before });
  });
}

/** The chain of a registry student in scope for the current school year; 404 outside scope. */
export async function studentChain(ctx: RequestContext, studentId: number): Promise<ResponsibilityChain> {
  const county = ctx.actor.countyCode;
  const student = await q.studentForChain(ctx.db, ctx.actor.scope, studentId);
  if (!student)
    throw await notFoundOrDenied(ctx, 'student', studentId, () => studentExists(ctx.db, county, studentId));
  return responsibilityChain(ctx.db, county, {
    schoolYear: await yearOrCurrent(ctx.db, county, undefined),
    villageCode: student.village_code,
    schoolCode: student.school_code,
    classId: student.class_id,
    guardianName: student.guardian_name,
    guardianPhone: student.guardian_phone,
  });
}
