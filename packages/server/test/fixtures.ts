import type { Kysely } from 'kysely';
import { makeIdNumber, type Role } from '@baoxue/shared';
import type { Database } from '../src/db/schema';
import { hashPassword } from '../src/modules/auth/password';
import { installBuiltinDictionaries } from '../src/modules/dictionaries/dictionaries.service';

// A small county with one of everything on each side of every scope boundary, so each test
// can ask "inside" and "outside" questions with known answers. Synthetic people only.

export const COUNTY = '610727';
export const TOWN_A = '610727101';
export const TOWN_B = '610727102';
export const VILLAGE_A1 = '610727101201';
export const VILLAGE_A2 = '610727101202';
export const VILLAGE_B1 = '610727102200';
export const SCHOOL_A = '2161000001';
export const SCHOOL_B = '2161000002';
export const PASSWORD = 'Fixture#2026';
export const SCHOOL_YEAR = 2026;

/** A child's household facts as a form leaves them when nothing is filled in. */
export const NO_HOUSEHOLD_FACTS = {
  householdNo: null,
  guardianName: null,
  guardianPhone: null,
  guardianRelation: null,
  povertyRegistered: false,
  leftBehind: false,
  disabilityCategory: null,
  disabilityLevel: null,
};

export interface Fixture {
  staff: { teacherA: number; teacherA2: number; teacherB: number; principalA: number };
  classes: { a1: number; a2: number; b1: number };
  students: {
    /** In class A1 (teacher A's), lives in village A1. */
    a1: number;
    /** In class A2 (not teacher A's), lives in village A2. */
    a2: number;
    /** In school B, town B, lives in village B1. */
    b1: number;
    /** Enrolled in school B but resident in village A1: on town A's government line only. */
    crossLine: number;
  };
  zoneA: number;
  users: Record<Role, { id: number; username: string }>;
}

export async function createFixtureCounty(db: Kysely<Database>): Promise<Fixture> {
  const c = { county_code: COUNTY };
  await db
    .insertInto('counties')
    .values({ ...c, name: '略阳县' })
    .execute();
  await db
    .insertInto('regions')
    .values([
      { ...c, code: COUNTY, name: '略阳县', level: 'county', parent_code: null },
      { ...c, code: TOWN_A, name: '接官亭镇', level: 'town', parent_code: COUNTY },
      { ...c, code: TOWN_B, name: '西淮坝镇', level: 'town', parent_code: COUNTY },
      { ...c, code: VILLAGE_A1, name: '蹇家坝村委会', level: 'village', parent_code: TOWN_A },
      { ...c, code: VILLAGE_A2, name: '甲村委会', level: 'village', parent_code: TOWN_A },
      { ...c, code: VILLAGE_B1, name: '西淮坝村委会', level: 'village', parent_code: TOWN_B },
    ])
    .execute();
  await installBuiltinDictionaries(db, COUNTY);
  const zone = await db
    .insertInto('inspection_zones')
    .values({ ...c, name: '第一责任区' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('zone_towns')
    .values({ ...c, zone_id: zone.id, town_code: TOWN_A })
    .execute();
  await db
    .insertInto('schools')
    .values([
      {
        ...c,
        code: SCHOOL_A,
        name: '接官亭镇中心小学',
        type: 'primary',
        town_code: TOWN_A,
        address: null,
        phone: null,
        boarding: false,
      },
      {
        ...c,
        code: SCHOOL_B,
        name: '西淮坝镇九年制学校',
        type: 'nine_year',
        town_code: TOWN_B,
        address: null,
        phone: null,
        boarding: true,
      },
    ])
    .execute();
  await db
    .insertInto('school_service_areas')
    .values([
      { ...c, school_code: SCHOOL_A, village_code: VILLAGE_A1 },
      { ...c, school_code: SCHOOL_A, village_code: VILLAGE_A2 },
      { ...c, school_code: SCHOOL_B, village_code: VILLAGE_B1 },
    ])
    .execute();
  const staffRow = (name: string, kind: 'teacher' | 'principal', school: string) => ({
    ...c,
    name,
    gender: 'F' as const,
    phone: '10000000001',
    kind,
    title: kind === 'principal' ? '校长' : '班主任',
    school_code: school,
    region_code: null,
    zone_id: null,
  });
  const [teacherA, teacherA2, teacherB, principalA] = await db
    .insertInto('staff')
    .values([
      staffRow('甲老师', 'teacher', SCHOOL_A),
      staffRow('乙老师', 'teacher', SCHOOL_A),
      staffRow('丙老师', 'teacher', SCHOOL_B),
      staffRow('丁校长', 'principal', SCHOOL_A),
    ])
    .returning('id')
    .execute();
  const classRow = (school: string, grade: number, name: string, teacher: number) => ({
    ...c,
    school_code: school,
    school_year: SCHOOL_YEAR,
    grade,
    name,
    head_teacher_staff_id: teacher,
  });
  const [a1, a2, b1] = await db
    .insertInto('classes')
    .values([
      classRow(SCHOOL_A, 3, '1班', teacherA!.id),
      classRow(SCHOOL_A, 4, '1班', teacherA2!.id),
      classRow(SCHOOL_B, 7, '1班', teacherB!.id),
    ])
    .returning('id')
    .execute();
  const studentRow = (
    name: string,
    seq: number,
    school: string,
    classId: number,
    grade: number,
    village: string,
  ) => ({
    ...c,
    id_number: makeIdNumber(COUNTY, `${2026 - grade - 6}-03-0${(seq % 9) + 1}`, seq, seq % 2 ? 'M' : 'F'),
    name,
    gender: (seq % 2 ? 'M' : 'F') as 'M' | 'F',
    birth_date: `${2026 - grade - 6}-03-0${(seq % 9) + 1}`,
    school_code: school,
    class_id: classId,
    grade,
    status: 'enrolled' as const,
    village_code: village,
  });
  const [sa1, sa2, sb1, cross] = await db
    .insertInto('students')
    .values([
      studentRow('赵一', 101, SCHOOL_A, a1!.id, 3, VILLAGE_A1),
      studentRow('钱二', 102, SCHOOL_A, a2!.id, 4, VILLAGE_A2),
      studentRow('孙三', 103, SCHOOL_B, b1!.id, 7, VILLAGE_B1),
      studentRow('李四', 104, SCHOOL_B, b1!.id, 7, VILLAGE_A1),
    ])
    .returning('id')
    .execute();

  const passwordHash = await hashPassword(PASSWORD);
  const accounts: [Role, string, number | null][] = [
    ['county_admin', COUNTY, null],
    ['county_leader', COUNTY, null],
    ['inspector', String(zone.id), null],
    ['town_official', TOWN_A, null],
    ['village_official', VILLAGE_A1, null],
    ['school_admin', SCHOOL_A, principalA!.id],
    ['teacher', String(teacherA!.id), teacherA!.id],
  ];
  const users = {} as Fixture['users'];
  for (const [role, scope, staffId] of accounts) {
    const username = role.replace('_', '-');
    const row = await db
      .insertInto('users')
      .values({
        ...c,
        username,
        display_name: `${role} 用户`,
        password_hash: passwordHash,
        role,
        scope_code: scope,
        staff_id: staffId,
        can_view_full_id: role === 'county_admin',
        must_change_password: false,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    users[role] = { id: row.id, username };
  }
  return {
    staff: {
      teacherA: teacherA!.id,
      teacherA2: teacherA2!.id,
      teacherB: teacherB!.id,
      principalA: principalA!.id,
    },
    classes: { a1: a1!.id, a2: a2!.id, b1: b1!.id },
    students: { a1: sa1!.id, a2: sa2!.id, b1: sb1!.id, crossLine: cross!.id },
    zoneA: zone.id,
    users,
  };
}
