import type { ChainLink, ResponsibilityChain } from '@baoxue/shared';
import type { Db } from '../../context';

// The responsibility chain (七长制, C1) of one child for one school year: the government line
// (county head → town head → village head → guardian) and the education line (bureau director
// → principal → class teacher). It is read on every case detail, so it costs three queries:
// four queries run side by side: the units' names, the chiefs of those units, the school with
// its principal on staff (the fallback when no principal is recorded as a chief), and the
// class with its head teacher.

export interface ChainChild {
  schoolYear: number;
  villageCode: string | null;
  schoolCode: string | null;
  classId: number | null;
  guardianName: string | null;
  guardianPhone: string | null;
}

interface Unit {
  code: string;
  name: string;
  parentCode: string | null;
}

interface Person {
  name: string;
  phone: string | null;
}

export async function responsibilityChain(
  db: Db,
  countyCode: string,
  child: ChainChild,
): Promise<ResponsibilityChain> {
  const [regions, chiefs, school, classRow] = await Promise.all([
    regionsOf(db, countyCode, child.villageCode),
    chiefsOf(db, countyCode, child),
    child.schoolCode ? schoolOf(db, countyCode, child.schoolCode) : Promise.resolve(undefined),
    child.classId !== null ? classOf(db, countyCode, child.classId) : Promise.resolve(undefined),
  ]);
  const county = regions.find((r) => r.code === countyCode);
  const village = child.villageCode ? regions.find((r) => r.code === child.villageCode) : undefined;
  const town = village?.parentCode ? regions.find((r) => r.code === village.parentCode) : undefined;

  const chief = (unit: string | undefined, duty: string): Person | undefined =>
    unit === undefined ? undefined : chiefs.find((c) => c.unitCode === unit && c.duty === duty);
  const principal = chief(school?.code, 'principal') ?? school?.principal ?? undefined;

  const link = (
    duty: ChainLink['duty'],
    line: ChainLink['line'],
    unitName: string | null | undefined,
    person: Person | null | undefined,
    classGrade: number | null = null,
  ): ChainLink => ({
    duty,
    line,
    unitName: unitName ?? null,
    classGrade,
    name: person?.name ?? null,
    phone: person?.phone ?? null,
  });
  const guardian = child.guardianName ? { name: child.guardianName, phone: child.guardianPhone } : undefined;
  const teacher = classRow?.teacherName
    ? { name: classRow.teacherName, phone: classRow.teacherPhone }
    : undefined;
  const bureauName = county ? `${county.name}教体局` : null;

  return {
    schoolYear: child.schoolYear,
    links: [
      link('county_head', 'government', county?.name, chief(countyCode, 'county_head')),
      link('town_head', 'government', town?.name, chief(town?.code, 'town_head')),
      link('village_head', 'government', village?.name, chief(village?.code, 'village_head')),
      link('guardian', 'government', village?.name, guardian),
      link('bureau_director', 'education', bureauName, chief(countyCode, 'bureau_director')),
      link('principal', 'education', school?.name, principal),
      link('class_teacher', 'education', classRow?.name, teacher, classRow?.grade ?? null),
    ],
  };
}

/** The county, and the village with its parent town (one query: the village's row and its ancestors). */
async function regionsOf(db: Db, countyCode: string, villageCode: string | null): Promise<Unit[]> {
  let query = db
    .selectFrom('regions')
    .select(['code', 'name', 'parent_code as parentCode'])
    .where('county_code', '=', countyCode);
  query = villageCode
    ? query.where((eb) =>
        eb.or([
          eb('code', '=', countyCode),
          eb('code', '=', villageCode),
          eb(
            'code',
            '=',
            eb
              .selectFrom('regions as v')
              .select('v.parent_code')
              .where('v.county_code', '=', countyCode)
              .where('v.code', '=', villageCode),
          ),
        ]),
      )
    : query.where('code', '=', countyCode);
  return query.execute();
}

/** The school's name and its first principal on staff (the fallback for a missing chief row). */
async function schoolOf(
  db: Db,
  countyCode: string,
  schoolCode: string,
): Promise<{ code: string; name: string; principal: Person | null } | undefined> {
  const row = await db
    .selectFrom('schools as s')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('staff')
          .select(['name', 'phone', 'school_code'])
          .where('county_code', '=', countyCode)
          .where('school_code', '=', schoolCode)
          .where('kind', '=', 'principal')
          .orderBy('id')
          .limit(1)
          .as('p'),
      (join) => join.onRef('p.school_code', '=', 's.code'),
    )
    .select(['s.code', 's.name', 'p.name as principalName', 'p.phone as principalPhone'])
    .where('s.county_code', '=', countyCode)
    .where('s.code', '=', schoolCode)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    code: row.code,
    name: row.name,
    principal: row.principalName ? { name: row.principalName, phone: row.principalPhone ?? null } : null,
  };
}

async function classOf(
  db: Db,
  countyCode: string,
  classId: number,
): Promise<
  { name: string; grade: number; teacherName: string | null; teacherPhone: string | null } | undefined
> {
  return db
    .selectFrom('classes as c')
    .leftJoin('staff as t', (join) =>
      join.onRef('t.county_code', '=', 'c.county_code').onRef('t.id', '=', 'c.head_teacher_staff_id'),
    )
    .select(['c.name', 'c.grade', 't.name as teacherName', 't.phone as teacherPhone'])
    .where('c.county_code', '=', countyCode)
    .where('c.id', '=', classId)
    .executeTakeFirst();
}

/** The chiefs of the child's county, village, the village's town and school for the year. */
async function chiefsOf(
  db: Db,
  countyCode: string,
  child: ChainChild,
): Promise<{ unitCode: string; duty: string; name: string; phone: string | null }[]> {
  const { villageCode, schoolCode } = child;
  return db
    .selectFrom('chiefs')
    .select(['unit_code as unitCode', 'duty', 'name', 'phone'])
    .where('county_code', '=', countyCode)
    .where('school_year', '=', child.schoolYear)
    .where((eb) => {
      const units = [eb('unit_code', '=', countyCode)];
      if (schoolCode) units.push(eb.and([eb('unit_code', '=', schoolCode), eb('duty', '=', 'principal')]));
      if (villageCode) {
        units.push(eb('unit_code', '=', villageCode));
        units.push(
          eb(
            'unit_code',
            '=',
            eb
              .selectFrom('regions as v')
              .select('v.parent_code')
              .where('v.county_code', '=', countyCode)
              .where('v.code', '=', villageCode),
          ),
        );
      }
      return eb.or(units);
    })
    .execute();
}
