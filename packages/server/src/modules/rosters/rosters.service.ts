// 一表六册 (REQUIREMENTS.md C9): per town — or per school for the villages it serves — and
// school year, the statistics table and the six rosters drawn from the population roster,
// with what the registry, the out-of-county roster and the latest run say of each child.
import {
  CHILD_STATUSES,
  ageInSchoolYear,
  maskIdNumber,
  normalizeName,
  wantsFullIds,
  parseIdNumber,
  type AgeRange,
  type ChildRecord,
  type HouseholdFacts,
  type NewChild,
  type RemovalListQuery,
  type RosterRemovalRequest,
  type RosterRemovalRow,
  ROSTER_REMOVAL_LABELS,
  type Page,
  type RosterListKind,
  type RosterQuery,
  type RosterRow,
  type RosterStatistics,
  type StatisticsRow,
  type StatusCounts,
  type WorkbookQuery,
} from '@baoxue/shared';
import type { DataScope, Db, RequestContext } from '../../context';
import { AppError, detail } from '../../errors';
import { refuseFutureDay } from '../../lib/clock';
import { auditFor } from '../../plugins/audit';
import { notFoundOrDenied } from '../../plugins/denied';
import { countyScope } from '../../plugins/scope';
import { deliver, usersAt, type NewInboxItem } from '../inbox/inbox.deliver';
import * as reconciliation from '../reconciliation/reconciliation.queries';
import { latestRun } from '../reconciliation/reconciliation.service';
import { openCaseInScope } from '../cases/cases.queries';
import * as registry from '../registry/registry.queries';
import { toEvent } from '../registry/registry.service';
import { getSettings } from '../settings/settings.service';
import { regionExists } from '../regions/regions.queries';
import { schoolExists } from '../schools/schools.queries';
import * as q from './rosters.queries';

export interface Area {
  kind: 'county' | 'town' | 'school' | 'village';
  code: string;
  name: string;
  /** The villages of the area; null for the whole county. */
  villages: string[] | null;
}

type AreaQuery = Pick<RosterQuery, 'townCode' | 'schoolCode' | 'villageCode'>;

/**
 * The area asked for, if it lies in the user's scope (else 404, audited like any other
 * record outside scope). Without an area a county user gets the county, anyone else the
 * villages of their own scope.
 */
export async function resolveArea(ctx: RequestContext, query: AreaQuery): Promise<Area> {
  const { db, actor } = ctx;
  const scope = actor.scope;
  if (query.townCode) {
    const code = query.townCode;
    const town = await q.townInScope(db, scope, code);
    if (!town)
      throw await notFoundOrDenied(ctx, 'region', code, () => regionExists(db, actor.countyCode, code));
    return {
      kind: 'town',
      code,
      name: town.name,
      villages: await q.villagesOfTown(db, actor.countyCode, code),
    };
  }
  if (query.schoolCode) {
    const code = query.schoolCode;
    const school = await q.schoolInScope(db, scope, code);
    if (!school)
      throw await notFoundOrDenied(ctx, 'school', code, () => schoolExists(db, actor.countyCode, code));
    return {
      kind: 'school',
      code,
      name: school.name,
      villages: await q.villagesServedBy(db, actor.countyCode, code),
    };
  }
  if (query.villageCode) {
    const code = query.villageCode;
    const village = await q.villageInScope(db, scope, code);
    if (!village)
      throw await notFoundOrDenied(ctx, 'region', code, () => regionExists(db, actor.countyCode, code));
    return { kind: 'village', code, name: village.name, villages: [code] };
  }
  return {
    kind: 'county',
    code: actor.countyCode,
    name: await q.countyName(db, actor.countyCode),
    villages: null,
  };
}

/** Birth dates giving ages `min`–`max` on 31 August of the school year. */
export function birthRange(schoolYear: number, min: number, max: number): q.BirthRange {
  return { from: `${schoolYear - max - 1}-09-01`, to: `${schoolYear - min}-08-31` };
}

interface Context {
  schoolYear: number;
  compulsory: AgeRange;
  runId: number | null;
}

async function contextOf(ctx: RequestContext, schoolYear: number | undefined): Promise<Context> {
  const settings = (await getSettings(ctx.db, ctx.actor.countyCode)).monitoring;
  const year = schoolYear ?? settings.currentSchoolYear;
  const run = await latestRun(ctx, year);
  return {
    schoolYear: year,
    compulsory: { min: settings.compulsoryAgeMin, max: settings.compulsoryAgeMax },
    runId: run?.id ?? null,
  };
}

function filterOf(
  c: Context,
  area: Area,
  roster: RosterListKind | null,
  extra: { q?: string | undefined; id?: number },
) {
  return {
    schoolYear: c.schoolYear,
    villages: area.villages,
    roster,
    ages: birthRange(c.schoolYear, 0, 17),
    compulsory: birthRange(c.schoolYear, c.compulsory.min, c.compulsory.max),
    runId: c.runId,
    ...extra,
  };
}

/** A population row's household facts, as the API names them. */
function householdOf(row: q.RosterDbRow): HouseholdFacts {
  return {
    householdNo: row.household_no,
    guardianName: row.guardian_name,
    guardianPhone: row.guardian_phone,
    guardianRelation: row.guardian_relation,
    povertyRegistered: row.poverty_registered,
    leftBehind: row.left_behind,
    disabilityCategory: row.disability_category,
    disabilityLevel: row.disability_level,
  };
}

export function toRosterRow(row: q.RosterDbRow, fullIds = false): RosterRow {
  return {
    id: row.id,
    schoolYear: row.school_year,
    name: row.name,
    gender: row.gender,
    idNumberMasked: fullIds ? row.id_number : maskIdNumber(row.id_number),
    idValid: row.id_valid,
    birthDate: row.birth_date,
    age: ageInSchoolYear(row.birth_date, row.school_year),
    townCode: row.town_code,
    townName: row.town_name,
    villageCode: row.village_code,
    villageName: row.village_name,
    ...householdOf(row),
    byHand: row.import_id === null,
    status: row.status,
    schoolCode: row.school_code,
    schoolName: row.school_name,
    grade: row.grade,
    enrollmentStatus: row.enrollment_status,
    studyMode: row.study_mode,
    outOfCountySchool: row.ooc_school,
    outOfCountyRegion: row.ooc_region,
    outOfCountyGrade: row.ooc_grade,
    verification: row.verification,
    verifiedOn: row.verified_on,
  };
}

export async function rosterPage(
  ctx: RequestContext,
  roster: RosterListKind,
  query: RosterQuery,
): Promise<Page<RosterRow>> {
  const area = await resolveArea(ctx, query);
  const c = await contextOf(ctx, query.schoolYear);
  const filter = filterOf(c, area, roster, { q: query.q });
  const { page, pageSize } = query;
  const [total, rows] = await Promise.all([
    q.countRoster(ctx.db, ctx.actor.scope, filter),
    q.listRoster(ctx.db, ctx.actor.scope, filter, { limit: pageSize, offset: (page - 1) * pageSize }),
  ]);
  return { items: rows.map((r) => toRosterRow(r)), total, page, pageSize };
}

/** The school year's 注销 for a move or a death in an area of the user's scope, the latest first. */
export async function removalsPage(
  ctx: RequestContext,
  query: RemovalListQuery,
): Promise<Page<RosterRemovalRow>> {
  const area = await resolveArea(ctx, query);
  const schoolYear = query.schoolYear ?? (await currentSchoolYear(ctx));
  const filter = { schoolYear, villages: area.villages };
  const { page, pageSize } = query;
  const [total, rows] = await Promise.all([
    q.countRemovals(ctx.db, ctx.actor.scope, filter),
    q.listRemovals(ctx.db, ctx.actor.scope, filter, { limit: pageSize, offset: (page - 1) * pageSize }),
  ]);
  const items = rows.map((r) => ({
    name: r.name,
    idNumberMasked: maskIdNumber(r.id_number),
    villageCode: r.village_code,
    villageName: r.village_name,
    townName: r.town_name,
    reason: r.reason,
    note: r.note,
    removedBy: r.display_name ?? r.username,
    removedAt: r.removed_at.toISOString(),
  }));
  return { items, total, page, pageSize };
}

/** One population row in scope, as the child page shows it; 404 (audited) outside scope. */
export async function populationRow(ctx: RequestContext, id: number) {
  const found = await findPopulationRow(ctx, id, ctx.actor.scope);
  if (found.row) return { row: found.row, runId: found.runId };
  throw await notFoundOrDenied(ctx, 'population', id, () => Promise.resolve(found.exists));
}

/** The roster row `id` within `scope` (none outside it), whether it exists at all, and its year's latest run. */
async function findPopulationRow(ctx: RequestContext, id: number, scope: DataScope) {
  const year = await q.populationYear(ctx.db, ctx.actor.countyCode, id);
  if (year === undefined) return { exists: false, row: undefined, runId: null };
  const c = await contextOf(ctx, year);
  const area: Area = { kind: 'county', code: ctx.actor.countyCode, name: '', villages: null };
  const filter = { ...filterOf(c, area, null, { id }), ages: { from: '1900-01-01', to: '9999-12-31' } };
  const [row] = await q.listRoster(ctx.db, scope, filter, null);
  return { exists: true, row, runId: c.runId };
}

/**
 * The row of a child's page, with the child's records: in the user's scope where the child
 * lives, or where the child studies. A school answers for its pupils wherever they live,
 * and a run's lists give it the pupils who come from outside its service area.
 */
async function childPageRow(ctx: RequestContext, id: number) {
  const own = await findPopulationRow(ctx, id, ctx.actor.scope);
  const found =
    own.row || !own.exists ? own : await findPopulationRow(ctx, id, countyScope(ctx.actor.countyCode));
  if (found.row) {
    const records = await registry.recordsOfIdNumber(ctx.db, ctx.actor.scope, found.row.id_number);
    if (own.row || records.students.some((s) => s.in_scope))
      return { row: found.row, runId: found.runId, records };
  }
  throw await notFoundOrDenied(ctx, 'population', id, () => Promise.resolve(own.exists));
}

function emptyCounts(): StatusCounts {
  return Object.fromEntries(CHILD_STATUSES.map((s) => [s, 0])) as StatusCounts;
}

function emptyLine(code: string, name: string): StatisticsRow {
  return {
    code,
    name,
    population: 0,
    ages0to5: 0,
    ages6to11: 0,
    ages12to14: 0,
    ages15to17: 0,
    compulsory: 0,
    statuses: emptyCounts(),
    primaryStudents: 0,
    juniorStudents: 0,
    povertyRegistered: 0,
    leftBehind: 0,
    disabled: 0,
    outOfCounty: 0,
  };
}

export async function statistics(ctx: RequestContext, query: WorkbookQuery): Promise<RosterStatistics> {
  const area = await resolveArea(ctx, query);
  return statisticsOf(ctx, area, await contextOf(ctx, query.schoolYear));
}

async function statisticsOf(ctx: RequestContext, area: Area, c: Context): Promise<RosterStatistics> {
  const y = c.schoolYear;
  const [counts, names, statuses] = await Promise.all([
    q.statisticsByVillage(ctx.db, ctx.actor.scope, y, area.villages, {
      ages: birthRange(y, 0, 17),
      age0to5: birthRange(y, 0, 5),
      age6to11: birthRange(y, 6, 11),
      age12to14: birthRange(y, 12, 14),
      age15to17: birthRange(y, 15, 17),
      compulsory: birthRange(y, c.compulsory.min, c.compulsory.max),
    }),
    q.villageNames(ctx.db, ctx.actor.scope, area.villages),
    c.runId === null
      ? Promise.resolve([])
      : q.runStatusesByVillage(ctx.db, ctx.actor.scope, c.runId, area.villages),
  ]);
  const lines = new Map(names.map((v) => [v.code, emptyLine(v.code, v.name)]));
  for (const r of counts) {
    const line = lines.get(r.village_code) ?? emptyLine(r.village_code, r.village_code);
    Object.assign(line, {
      population: r.population,
      ages0to5: r.ages0to5,
      ages6to11: r.ages6to11,
      ages12to14: r.ages12to14,
      ages15to17: r.ages15to17,
      compulsory: r.compulsory,
      primaryStudents: r.primary_students,
      juniorStudents: r.junior_students,
      povertyRegistered: r.poverty,
      leftBehind: r.left_behind,
      disabled: r.disabled,
      outOfCounty: r.out_of_county,
    });
    lines.set(r.village_code, line);
  }
  for (const s of statuses) {
    if (s.village_code === null) continue;
    const line = lines.get(s.village_code);
    if (line) line.statuses[s.status] += Number(s.n);
  }
  const rows = [...lines.values()];
  const total = emptyLine(area.code, `${area.name}合计`);
  for (const line of rows) {
    for (const key of Object.keys(total) as (keyof StatisticsRow)[]) {
      if (typeof total[key] === 'number') (total[key] as number) += line[key] as number;
    }
    for (const s of CHILD_STATUSES) total.statuses[s] += line.statuses[s];
  }
  return {
    schoolYear: y,
    area: { kind: area.kind, code: area.code, name: area.name },
    runId: c.runId,
    rows,
    total,
  };
}

export interface WorkbookData {
  area: Area;
  countyName: string;
  schoolYear: number;
  fullIds: boolean;
  statistics: RosterStatistics;
  rosters: Record<RosterListKind, RosterRow[]>;
}

const LIST_KINDS: RosterListKind[] = [
  'population',
  'compulsory',
  'poverty',
  'left_behind',
  'disabled',
  'out_of_county',
];

/**
 * Everything the workbook holds. It is drawn per town, school or village (a county-wide
 * workbook would be a book, not a roster to print). Full identity numbers go only to users
 * allowed to see them, and the export is then audited as a full-identity view.
 */
export async function workbookData(ctx: RequestContext, query: WorkbookQuery): Promise<WorkbookData> {
  if (!query.townCode && !query.schoolCode && !query.villageCode) {
    throw new AppError('validation', [
      detail(
        'querystring',
        '请指定镇(街道)、学校或村(社区)',
        'Choose a town, a school or a village (townCode, schoolCode or villageCode)',
      ),
    ]);
  }
  const area = await resolveArea(ctx, query);
  const c = await contextOf(ctx, query.schoolYear);
  const fullIds = wantsFullIds(query, ctx.actor.canViewFullId);
  const rosters = {} as Record<RosterListKind, RosterRow[]>;
  for (const kind of LIST_KINDS) {
    const rows = await q.listRoster(ctx.db, ctx.actor.scope, filterOf(c, area, kind, {}), null);
    rosters[kind] = rows.map((r) => toRosterRow(r, fullIds));
  }
  const statisticsTable = await statisticsOf(ctx, area, c);
  await ctx.db.transaction().execute(async (trx) => {
    const detail = `一表六册 ${area.name} ${c.schoolYear} (${rosters.population.length})`;
    await auditFor(ctx, trx, { action: 'export', entity: 'roster', entityId: area.code, detail });
    if (fullIds) {
      await auditFor(ctx, trx, {
        action: 'view_identity',
        entity: 'roster',
        entityId: area.code,
        detail: `${detail}: 导出完整身份证号 / full identity numbers exported`,
      });
    }
  });
  return {
    area,
    countyName: await q.countyName(ctx.db, ctx.actor.countyCode),
    schoolYear: c.schoolYear,
    fullIds,
    statistics: statisticsTable,
    rosters,
  };
}

/**
 * A child's household facts kept current by hand (a guardian's new phone, a family now
 * 建档立卡, a parent gone to work elsewhere): on the current school year's roster only — an
 * earlier year's stays as it was — and audited with the facts before and after. The next
 * file that lists the child replaces their row; a fact it leaves blank keeps the one kept here.
 */
export async function updateHousehold(
  ctx: RequestContext,
  id: number,
  facts: HouseholdFacts,
): Promise<RosterRow> {
  const row = await currentRosterRow(ctx, id);
  await ctx.db.transaction().execute(async (trx) => {
    await q.updateHousehold(trx, ctx.actor.countyCode, id, {
      household_no: facts.householdNo,
      guardian_name: facts.guardianName,
      guardian_phone: facts.guardianPhone,
      guardian_relation: facts.guardianRelation,
      poverty_registered: facts.povertyRegistered,
      left_behind: facts.leftBehind,
      disability_category: facts.disabilityCategory,
      disability_level: facts.disabilityLevel,
    });
    await auditFor(ctx, trx, {
      action: 'update',
      entity: 'population',
      entityId: id,
      detail: `家庭信息 / household facts: ${row.name}`,
      before: householdOf(row),
      after: facts,
    });
  });
  return toRosterRow((await populationRow(ctx, id)).row);
}

/** The current school year, whose roster is the one kept by hand. */
async function currentSchoolYear(ctx: RequestContext): Promise<number> {
  return (await getSettings(ctx.db, ctx.actor.countyCode)).monitoring.currentSchoolYear;
}

/**
 * 摸排: a child the roster misses — a newborn, a family moved in, a child found on a home
 * visit — added by the town or village official of the village to the current school year's
 * roster, so the next run accounts for them (底子清、无遗漏). Normalised as an import row is:
 * a valid identity number gives birth date and gender, and a form that disagrees with it is
 * refused on that field rather than silently overruled; without a valid number the birth date
 * is required. A number the roster has already is refused with the village it stands in.
 * Audited with the row.
 */
export async function addChild(ctx: RequestContext, request: NewChild): Promise<RosterRow> {
  const county = ctx.actor.countyCode;
  const village = await q.villageInScope(ctx.db, ctx.actor.scope, request.villageCode);
  if (!village) {
    throw await notFoundOrDenied(ctx, 'region', request.villageCode, () =>
      regionExists(ctx.db, county, request.villageCode),
    );
  }
  const refuse = (path: string, zh: string, en: string) => new AppError('validation', [detail(path, zh, en)]);
  const id = request.idNumber === null ? null : parseIdNumber(request.idNumber);
  if (id?.valid && id.gender !== request.gender)
    throw refuse('gender', '性别与身份证号不符', 'The gender does not match the identity number');
  if (id?.valid && request.birthDate !== null && request.birthDate !== id.birthDate)
    throw refuse(
      'birthDate',
      `出生日期与身份证号不符（证号为 ${id.birthDate}）`,
      `The birth date does not match the identity number's (${id.birthDate})`,
    );
  const birthDate = id?.valid ? id.birthDate : request.birthDate;
  if (birthDate === null)
    throw refuse(
      'birthDate',
      '身份证号无效或未填写时，请填写出生日期',
      'Without a valid identity number, give the birth date',
    );
  refuseFutureDay(ctx.clock, birthDate, 'birthDate');
  const schoolYear = await currentSchoolYear(ctx);
  const idNumber = id?.normalized ?? '';
  const name = normalizeName(request.name);
  if (idNumber !== '') {
    const [existing] = await q.childrenOfIdNumber(ctx.db, ctx.actor.scope, county, schoolYear, idNumber);
    if (existing) {
      // The village is named only where it is the user's: a number alone shows nobody's home.
      const where = existing.in_scope
        ? { zh: existing.village_name, en: existing.village_name }
        : {
            zh: '不在您负责的村(社区)，请与县控辍保学办核实',
            en: 'not in a village you answer for; check with the county office',
          };
      throw refuse(
        'idNumber',
        `该身份证号已在本学年人口花名册中（${where.zh}）`,
        `The identity number is already in this year's population roster (${where.en})`,
      );
    }
  }
  const newId = await ctx.db.transaction().execute(async (trx) => {
    const childId = await q.insertChild(trx, {
      county_code: county,
      school_year: schoolYear,
      id_number: idNumber,
      id_valid: id?.valid ?? false,
      name,
      gender: request.gender,
      birth_date: birthDate,
      village_code: request.villageCode,
      household_no: request.householdNo,
      guardian_name: request.guardianName,
      guardian_phone: request.guardianPhone,
      guardian_relation: request.guardianRelation,
      poverty_registered: request.povertyRegistered,
      left_behind: request.leftBehind,
      disability_category: request.disabilityCategory,
      disability_level: request.disabilityLevel,
    });
    const lifted = idNumber !== '' && (await q.liftRemoval(trx, county, schoolYear, idNumber));
    await tellTown(ctx, trx, village.town_code, {
      dedupeKey: `roster-add:${childId}`,
      titleZh: `摸排登记：${name}（${village.name}）`,
      titleEn: `Child added to the roster: ${name} (${village.name})`,
      bodyZh: `${ctx.actor.displayName}将该儿童登记到 ${schoolYear} 学年人口花名册。`,
      bodyEn: `${ctx.actor.displayName} added the child to the ${schoolYear} population roster.`,
      link: `/rosters?tab=population&q=${encodeURIComponent(name)}`,
    });
    await auditFor(ctx, trx, {
      action: 'create',
      entity: 'population',
      entityId: childId,
      detail: `登记儿童 / child added: ${name}（${village.name}，${schoolYear}学年）${
        lifted ? '；撤销本学年的注销 / the removal of the year lifted' : ''
      }`,
      after: { ...request, idNumber: idNumber === '' ? null : maskIdNumber(idNumber), schoolYear },
    });
    return childId;
  });
  return toRosterRow((await populationRow(ctx, newId)).row);
}

/** A row of the current school year's roster in the user's scope: an earlier year's stays as it was. */
async function currentRosterRow(ctx: RequestContext, id: number): Promise<q.RosterDbRow> {
  const { row } = await populationRow(ctx, id);
  const current = await currentSchoolYear(ctx);
  if (row.school_year !== current) {
    throw new AppError('validation', [
      detail(
        'schoolYear',
        `只能修改本学年（${current}学年）人口花名册中的儿童信息`,
        `Only children in this school year's (${current}) population roster can be changed`,
      ),
    ]);
  }
  return row;
}

/**
 * 注销: a child taken off the current school year's roster by the official of the village —
 * the household moved away, a death, a child registered twice (only where the number stands
 * in the roster again) — with the grounds; the audit entry keeps the whole row. The next
 * run no longer counts the child; earlier runs keep what they found. A removal for a move or
 * a death stands for the school year: later imports leave the number out (household lists
 * lag behind), until the child is registered again by hand.
 */
export async function removeChild(
  ctx: RequestContext,
  id: number,
  request: RosterRemovalRequest,
): Promise<void> {
  const row = await currentRosterRow(ctx, id);
  if (request.reason === 'duplicate') {
    const same =
      row.id_number === ''
        ? []
        : await q.childrenOfIdNumber(
            ctx.db,
            ctx.actor.scope,
            ctx.actor.countyCode,
            row.school_year,
            row.id_number,
          );
    if (!same.some((other) => other.id !== id))
      throw new AppError('validation', [
        detail(
          'reason',
          '本学年花名册中没有该身份证号的另一条登记',
          "This year's roster has no other entry with the identity number",
        ),
      ]);
  }
  const reason = ROSTER_REMOVAL_LABELS[request.reason];
  await ctx.db.transaction().execute(async (trx) => {
    await q.deleteChild(trx, ctx.actor.countyCode, id);
    await tellTown(ctx, trx, row.town_code, {
      dedupeKey: `roster-removal:${id}`,
      titleZh: `注销：${row.name}（${row.village_name}，${reason.zh}）`,
      titleEn: `Taken off the roster: ${row.name} (${row.village_name}, ${reason.en})`,
      bodyZh: `${ctx.actor.displayName}将该儿童移出 ${row.school_year} 学年人口花名册。依据：${request.note}`,
      bodyEn: `${ctx.actor.displayName} took the child off the ${row.school_year} population roster. Grounds: ${request.note}`,
      link: `/rosters?removals=1&schoolYear=${row.school_year}`,
    });
    // A duplicate's number stays on the roster; without a number a later file cannot be matched.
    if (request.reason !== 'duplicate' && row.id_number !== '') {
      await q.recordRemoval(trx, {
        county_code: ctx.actor.countyCode,
        school_year: row.school_year,
        id_number: row.id_number,
        village_code: row.village_code,
        reason: request.reason,
        note: request.note,
        name: row.name,
        user_id: ctx.actor.userId,
        username: ctx.actor.username,
        removed_at: ctx.clock.now(),
      });
    }
    await auditFor(ctx, trx, {
      action: 'delete',
      entity: 'population',
      entityId: id,
      detail: `注销 / removed from the roster: ${row.name}（${reason.zh}：${request.note}）`,
      before: {
        name: row.name,
        idNumber: maskIdNumber(row.id_number),
        birthDate: row.birth_date,
        villageCode: row.village_code,
        schoolYear: row.school_year,
        ...householdOf(row),
      },
      after: { reason: request.reason, note: request.note },
    });
  });
}

/**
 * The town's officials hear of every child added to or taken off a roster of their town by
 * someone else: the town answers for its villages' rosters, and a child quietly taken off
 * one is a child no run looks for again.
 */
async function tellTown(
  ctx: RequestContext,
  trx: Db,
  townCode: string | null,
  item: Omit<NewInboxItem, 'userId' | 'kind'>,
): Promise<void> {
  if (townCode === null) return;
  const officials = await usersAt(trx, ctx.actor.countyCode, ['town_official'], [townCode]);
  await deliver(
    trx,
    ctx.actor.countyCode,
    officials
      .filter((u) => u.id !== ctx.actor.userId)
      .map((u) => ({ ...item, userId: u.id, kind: 'roster_change' })),
  );
}

/** The child page: the population row and everything the other registries and the latest run hold. */
export async function childRecord(ctx: RequestContext, id: number): Promise<ChildRecord> {
  const { row, runId, records } = await childPageRow(ctx, id);
  // The key the child's case has: their number, or their row for a child without one.
  const caseKey = row.id_number !== '' ? row.id_number : `row:${row.id}`;
  const [events, child, openCase] = await Promise.all([
    // The history (with its notes) of the records the user may open, as the student page gives it.
    registry.eventsOfStudents(
      ctx.db,
      ctx.actor.scope,
      records.students.filter((s) => s.in_scope).map((s) => s.id),
      false,
    ),
    runId === null
      ? Promise.resolve(undefined)
      : reconciliation.childOfPopulation(ctx.db, ctx.actor.countyCode, runId, id, row.id_number),
    openCaseInScope(ctx.db, ctx.actor.scope, caseKey),
  ]);
  return {
    population: toRosterRow(row),
    students: records.students.map((s) => ({
      id: s.id,
      schoolCode: s.school_code,
      schoolName: s.school_name,
      grade: s.grade,
      className: s.class_name,
      status: s.status,
      studyMode: s.study_mode,
    })),
    events: events.map(toEvent),
    outOfCounty: records.outOfCounty.map((o) => ({
      id: o.id,
      schoolYear: o.school_year,
      name: o.name,
      idNumberMasked: maskIdNumber(o.id_number),
      school: o.school,
      region: o.region,
      grade: o.grade,
      verification: o.verification,
      verifiedOn: o.verified_on,
    })),
    exemptions: records.exemptions.map((x) => ({
      id: x.id,
      schoolYear: x.school_year,
      name: x.name,
      idNumberMasked: maskIdNumber(x.id_number),
      type: x.type,
      reason: x.reason,
      approvalNo: x.approval_no,
    })),
    reconciliation:
      child && runId !== null
        ? {
            runId,
            childId: child.id,
            status: child.status,
            flags: child.flags,
            schoolCode: child.school_code,
          }
        : null,
    openCase: openCase ? { id: openCase.id, step: openCase.step } : null,
  };
}
