// The synthetic demo county: Lueyang's real division tree (陕西省汉中市略阳县, 610727)
// filled with synthetic schools, staff, children and enrolments shaped like the seed
// report (SEED-NOTES.md). A pure function of its options: the same seed always gives
// byte-identical output, and nothing here touches a database, the clock or Math.random.
import type { Insertable } from 'kysely';
import {
  COMPULSORY_AGE_DEFAULT,
  SCHOOL_TYPE_GRADES,
  ageInSchoolYear,
  idNumbersNearlyEqual,
  isCompulsoryAge,
  isCompulsorySchoolType,
  isValidIdNumber,
  makeIdNumber,
  type Gender,
  type EnrollmentStatus,
  type Role,
  type SchoolType,
  type StaffKind,
  type StudyMode,
} from '@baoxue/shared';
import type { CountyTable } from '../db/schema';
import type { RegionTable } from '../modules/regions/regions.table';
import type { StudentTable } from '../modules/registry/registry.table';
import type { ClassTable, SchoolServiceAreaTable, SchoolTable } from '../modules/schools/schools.table';
import type { InspectionZoneTable, StaffTable, ZoneTownTable } from '../modules/staff/staff.table';
import type { UserTable } from '../modules/users/users.table';
import { LUEYANG_COUNTY, LUEYANG_TOWNS } from './divisions-610727';
import { NameGenerator, PhoneGenerator } from './names';
import { WeightedTable, createRandom, type Random } from './random';

// ---------------------------------------------------------------------------------------
// Public shapes

/** A table row with every column present (explicit ids included), ready for a multi-row insert. */
export type Row<T> = Required<Insertable<T>>;

/** Users without their password hash: the seeder hashes the demo password once and fills it in. */
export type DemoUserRow = Omit<Row<UserTable>, 'password_hash'>;

export interface DemoTables {
  counties: Row<CountyTable>[];
  regions: Row<RegionTable>[];
  inspection_zones: Row<InspectionZoneTable>[];
  zone_towns: Row<ZoneTownTable>[];
  staff: Row<StaffTable>[];
  schools: Row<SchoolTable>[];
  school_service_areas: Row<SchoolServiceAreaTable>[];
  classes: Row<ClassTable>[];
  students: Row<StudentTable>[];
  users: DemoUserRow[];
}

export type DisabilityCategory = '视力' | '听力' | '言语' | '肢体' | '智力' | '精神' | '多重';
export type DisabilityLevel = '一级' | '二级' | '三级' | '四级';
export type GuardianRelation = '父亲' | '母亲' | '祖父母' | '外祖父母' | '其他';

/** One child of the 0–17 population roster (人口花名册), keyed like the population import format. */
export interface PopulationRow {
  name: string;
  gender: Gender;
  idNumber: string;
  birthDate: string;
  villageCode: string;
  householdNo: string;
  guardianName: string;
  guardianPhone: string;
  guardianRelation: GuardianRelation;
  povertyRegistered: boolean;
  leftBehind: boolean;
  disabilityCategory: DisabilityCategory | null;
  disabilityLevel: DisabilityLevel | null;
}

export type VerificationMethod = '学籍系统核查' | '学校证明' | '电话核实';

/** One row of the out-of-county roster (县外就读名册). */
export interface OutOfCountyRow {
  name: string;
  idNumber: string;
  school: string;
  /** province / city / county */
  region: string;
  grade: number | null;
  verificationMethod: VerificationMethod;
  verificationDate: string;
}

/** One row of the exemption roster (缓学免学名册). */
export interface ExemptionRow {
  name: string;
  idNumber: string;
  type: '缓学' | '免学';
  reason: string;
  approvalNo: string | null;
  schoolYear: number;
}

export interface DemoAccount {
  username: string;
  role: Role;
  scopeCode: string;
  password: string;
  displayName: string;
}

export type ReconciliationStatus =
  | 'enrolled_in_county'
  | 'enrolled_out_of_county'
  | 'exempt'
  | 'suspended'
  | 'completed_compulsory'
  | 'needs_review'
  | 'suspected_out_of_school';

/** The deliberate irregularities, so that tests and later reconciliation work can find them. */
export interface DemoAnomalies {
  /** Identity numbers that are deliberately not valid (in the population, the registry or both). */
  invalidIdNumbers: string[];
  /** Enrolments keyed with a one-character slip of the child's real number. */
  typoEnrolments: { populationId: string; enrolledId: string; kind: 'substitution' | 'swap' }[];
  /** Numbers enrolled (在读) at two schools. */
  duplicateEnrolments: string[];
  /** Numbers twice in the population roster. */
  duplicatePopulation: string[];
  /** Enrolled migrant children who are not in the population roster. */
  migrantEnrolments: string[];
  /** Compulsory-age children with only a 辍学 record. */
  dropouts: string[];
  /** Compulsory-age children on no roster at all. */
  missing: string[];
  suspended: string[];
  homeTeaching: string[];
}

export interface DemoCounty {
  seed: number;
  schoolYear: number;
  scale: number;
  countyCode: string;
  countyName: string;
  tables: DemoTables;
  population: PopulationRow[];
  outOfCounty: OutOfCountyRow[];
  exemptions: ExemptionRow[];
  accounts: DemoAccount[];
  anomalies: DemoAnomalies;
  /**
   * What reconciling `population` against the registry, the out-of-county roster and the
   * exemptions should give for the compulsory-age children, by construction (one entry
   * per distinct identity number).
   */
  intendedStatuses: Record<ReconciliationStatus, number>;
}

export interface DemoOptions {
  seed?: number;
  /** The school year the classes and ages refer to (September `schoolYear` – August `schoolYear + 1`). */
  schoolYear?: number;
  /** 1 = the full county of about 40k children and 28k enrolments; 0.1 for quick tests. */
  scale?: number;
}

export const DEMO_COUNTY_CODE = LUEYANG_COUNTY.code;
export const DEMO_COUNTY_NAME = LUEYANG_COUNTY.name;
export const DEMO_PASSWORD = 'Baoxue#2026';
export const DEMO_DEFAULT_SEED = 20260901;

/** Staff titles the demo uses for the responsibility chains (七长) and the field work. */
export const DEMO_TITLES = {
  countyHead: '县长',
  deputyCountyHead: '副县长',
  bureauDirector: '局长',
  deputyBureauDirector: '副局长',
  dropoutOffice: '控辍保学办主任',
  inspectionOffice: '督导室主任',
  townHead: '镇长',
  subdistrictHead: '街道办主任',
  townOfficer: '控辍保学专干',
  villageHead: '村主任',
  communityHead: '社区主任',
  gridWorker: '网格员',
  principal: '校长',
  vicePrincipal: '副校长',
  academicDean: '教导主任',
  teacher: '教师',
  fullTimeInspector: '专职督学',
  partTimeInspector: '兼职督学',
} as const;

// ---------------------------------------------------------------------------------------
// Sizes (at scale 1), after the seed report where it gives a figure

const TOTAL_CHILDREN = 40_000;
/** Relative size of each one-year cohort, age 0 … 17 (births fell after the 2016–2018 peak). */
const COHORT_WEIGHTS = [
  8.8, 9.2, 9.6, 9.8, 10.4, 11.2, 12.4, 13.6, 14.2, 14.6, 14.8, 14.4, 14.2, 14.0, 14.0, 13.8, 13.8, 13.6,
] as const;
const COMPULSORY_TEACHERS = 1_710;
const INSPECTORS = 61;
const POVERTY_STUDENTS = 4_212;
const LEFT_BEHIND_STUDENTS = 948;
const HOME_TEACHING = 35;
const SPECIAL_SCHOOL_STUDENTS = 48;
const INCLUSION_STUDENTS = 120;
const EXEMPT_FREE = 4;
const EXEMPT_DEFER = 6;
const PREVIOUS_YEAR_EXEMPT = 3;
const SUSPENDED = 40;
const DROPOUTS = 10;
const MISSING_SHARE = 0.003;
const TYPO_ENROLMENTS = 40;
const SHARED_INVALID_IDS = 8;
const DUPLICATE_ENROLMENTS = 6;
const DUPLICATE_POPULATION = 3;
const TRANSFERRED_OUT = 15;
const OUT_OF_COUNTY_SHARE = 0.022;
const MIGRANTS = 80;

/** Kindergarten participation by grade (小班, 中班, 大班) among children living in the county. */
const KINDERGARTEN_SHARE: Record<number, number> = { [-2]: 0.36, [-1]: 0.5, [0]: 0.64 };
const SENIOR_IN_COUNTY_SHARE = 0.46;

/** Where families go to work and take their children (province / city / county, short name). */
const DESTINATIONS: readonly (readonly [string, string, number])[] = [
  ['陕西省汉中市汉台区', '汉台区', 14],
  ['陕西省汉中市勉县', '勉县', 8],
  ['陕西省西安市雁塔区', '雁塔区', 9],
  ['陕西省西安市未央区', '未央区', 7],
  ['陕西省宝鸡市渭滨区', '渭滨区', 4],
  ['甘肃省陇南市武都区', '武都区', 4],
  ['甘肃省陇南市徽县', '徽县', 3],
  ['四川省广元市利州区', '利州区', 4],
  ['四川省成都市双流区', '双流区', 5],
  ['广东省东莞市', '东莞市', 5],
  ['浙江省宁波市鄞州区', '鄞州区', 3],
  ['江苏省苏州市昆山市', '昆山市', 3],
  ['北京市朝阳区', '朝阳区', 1],
];

/** Region codes of neighbouring and destination counties, for children born elsewhere and migrants. */
const OTHER_BIRTH_REGIONS: readonly (readonly [string, number])[] = [
  ['610725', 5], // 勉县
  ['610726', 4], // 宁强县
  ['610702', 4], // 汉台区
  ['621221', 3], // 成县
  ['621224', 4], // 康县
  ['621227', 4], // 徽县
  ['621202', 3], // 武都区
  ['610113', 2], // 雁塔区
  ['510802', 2], // 利州区
];

const CN_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
const cn = (n: number): string => CN_NUMERALS[n - 1] ?? String(n);

// ---------------------------------------------------------------------------------------
// Internal model

interface Village {
  code: string;
  name: string;
  stem: string;
  town: Town;
  community: boolean;
  weight: number;
}

interface Town {
  code: string;
  name: string;
  stem: string;
  seat: boolean;
  subdistrict: boolean;
  villages: Village[];
}

type SchoolRole = 'central' | 'village' | 'seat' | 'county';

interface School {
  code: string;
  name: string;
  type: SchoolType;
  town: Town;
  village: Village | null;
  role: SchoolRole;
  boarding: boolean;
  served: Set<string>;
}

interface Household {
  no: string;
  village: Village;
  surname: string;
  minorityFamily: string | null;
  kids: Kid[];
  poverty: boolean;
  leftBehind: boolean;
  guardianName: string;
  guardianPhone: string;
  guardianRelation: GuardianRelation;
}

interface Kid {
  name: string;
  gender: Gender;
  birthDate: string;
  age: number;
  /** The number in the population roster (deliberately invalid for a few). */
  idNumber: string;
  household: Household;
  grade: number;
  disabilityCategory: DisabilityCategory | null;
  disabilityLevel: DisabilityLevel | null;
  special: boolean;
}

interface Draft {
  kid: Kid | null;
  migrant: Migrant | null;
  idNumber: string;
  school: School;
  grade: number;
  status: EnrollmentStatus;
  studyMode: StudyMode;
  classIndex: number | null;
}

interface Migrant {
  name: string;
  gender: Gender;
  birthDate: string;
  village: Village;
  guardianName: string;
  guardianPhone: string;
}

function townStem(name: string): string {
  const stem = name.replace(/(街道|镇)$/, '');
  return stem.length >= 2 ? stem : name;
}

function villageStem(name: string): string {
  const stem = name.replace(/(社区居民委员会|社区居民委会|社区居委会|居委会|村委会)$/, '');
  return stem.length >= 2 ? stem : `${stem}村`;
}

/** 'YYYY-MM-DD' of a day counted from 1970-01-01 (proleptic Gregorian; H. Hinnant's civil_from_days). */
function isoFromDayNumber(day: number): string {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Days from 1970-01-01 of a 'YYYY-MM-DD' date (days_from_civil). */
function dayNumber(iso: string): number {
  let y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Largest-remainder split of `total` into integer parts proportional to `weights`. */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left--;
  }
  return parts;
}

/**
 * Integer parts summing to `total` (unless the minimums alone exceed it), each at least
 * its minimum and otherwise proportional to its weight.
 */
function allocateWithMinimum(
  total: number,
  weights: readonly number[],
  minimums: readonly number[],
): number[] {
  const floor = minimums.reduce((a, b) => a + b, 0);
  if (total <= floor) return [...minimums];
  const sized = (r: number) => weights.map((w, i) => Math.max(minimums[i] ?? 0, w * r));
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  let lo = 0;
  let hi = 1;
  while (sum(sized(hi)) < total) hi *= 2;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (sum(sized(mid)) < total) lo = mid;
    else hi = mid;
  }
  const exact = sized(hi);
  const parts = exact.map(Math.floor);
  let left = total - sum(parts);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left--;
  }
  return parts;
}

function teaches(school: School, grade: number): boolean {
  const range = SCHOOL_TYPE_GRADES[school.type];
  return grade >= range.from && grade <= range.to;
}

// ---------------------------------------------------------------------------------------

export function generateDemoCounty(options: DemoOptions = {}): DemoCounty {
  const seed = options.seed ?? DEMO_DEFAULT_SEED;
  const schoolYear = options.schoolYear ?? 2026;
  const scale = options.scale ?? 1;
  if (!Number.isInteger(schoolYear) || schoolYear < 2000 || schoolYear > 2100) {
    throw new RangeError(`schoolYear must be a year, got ${schoolYear}`);
  }
  if (!(scale > 0 && scale <= 10)) throw new RangeError(`scale must be in (0, 10], got ${scale}`);
  /** A figure at this scale; a figure that exists at all stays at least 1. */
  const n = (full: number): number => (full === 0 ? 0 : Math.max(1, Math.round(full * scale)));

  const root = createRandom(seed);
  const county = DEMO_COUNTY_CODE;

  // --- Regions -----------------------------------------------------------------------
  const towns: Town[] = LUEYANG_TOWNS.map((t, i) => {
    const town: Town = {
      code: t.code,
      name: t.name,
      stem: townStem(t.name),
      seat: i === 0,
      subdistrict: t.name.endsWith('街道'),
      villages: [],
    };
    const jitter = root.fork(`village-weights:${t.code}`);
    town.villages = t.villages.map(([code, name]) => {
      const community = /(居委会|社区)/.test(name);
      let weight: number;
      if (town.seat) weight = community ? 7 : 1.6;
      else if (town.subdistrict) weight = community ? 4 : 1.3;
      else weight = community ? 3 : 0.6 + jitter.float() * 0.8;
      return { code, name, stem: villageStem(name), town, community, weight };
    });
    return town;
  });
  const villages = towns.flatMap((t) => t.villages);
  const villageByCode = new Map(villages.map((v) => [v.code, v]));
  const seat = towns[0] as Town;
  const townByCode = new Map(towns.map((t) => [t.code, t]));

  const regions: Row<RegionTable>[] = [
    { county_code: county, code: county, name: DEMO_COUNTY_NAME, level: 'county', parent_code: null },
    ...towns.map((t) => ({
      county_code: county,
      code: t.code,
      name: t.name,
      level: 'town' as const,
      parent_code: county,
    })),
    ...villages.map((v) => ({
      county_code: county,
      code: v.code,
      name: v.name,
      level: 'village' as const,
      parent_code: v.town.code,
    })),
  ];

  // --- Schools -----------------------------------------------------------------------
  const schoolRng = root.fork('schools');
  const schools: School[] = [];
  const usedSchoolCodes = new Set<string>();
  const addSchool = (
    name: string,
    type: SchoolType,
    town: Town,
    role: SchoolRole,
    village: Village | null = null,
  ): School => {
    let code: string;
    do code = `2161${String(schoolRng.int(0, 999_999)).padStart(6, '0')}`;
    while (usedSchoolCodes.has(code));
    usedSchoolCodes.add(code);
    const rural = !town.seat && !town.subdistrict;
    const boarding =
      type === 'senior' ||
      type === 'complete_secondary' ||
      type === 'special' ||
      (rural && (type === 'junior' || type === 'nine_year'));
    const school: School = { code, name, type, town, village, role, boarding, served: new Set() };
    schools.push(school);
    return school;
  };
  const serve = (school: School, vs: readonly Village[]) => vs.forEach((v) => school.served.add(v.code));

  // County seat (兴州街道): four big primaries, two juniors, a nine-year school for its
  // rural villages and one teaching point; the county's own schools also stand here.
  const seatCommunities = seat.villages.filter((v) => v.community);
  const seatRural = seat.villages.filter((v) => !v.community);
  const seatPrimaries = [1, 2, 3, 4].map((i) =>
    addSchool(`略阳县兴州第${cn(i)}小学`, 'primary', seat, 'seat'),
  );
  const seatJuniors = [1, 2].map((i) => addSchool(`略阳县兴州第${cn(i)}初级中学`, 'junior', seat, 'seat'));
  const seatNineVillage = seatRural[0] as Village;
  const seatNine = addSchool(
    `略阳县${seatNineVillage.stem}九年制学校`,
    'nine_year',
    seat,
    'central',
    seatNineVillage,
  );
  const seatPointVillage = seatRural[seatRural.length - 1] as Village;
  const seatPoint = addSchool(
    `略阳县兴州${seatPointVillage.stem}教学点`,
    'teaching_point',
    seat,
    'village',
    seatPointVillage,
  );
  apportion(seatCommunities.length, [1, 1, 1, 1]).reduce((start, size, i) => {
    serve(seatPrimaries[i] as School, seatCommunities.slice(start, start + size));
    return start + size;
  }, 0);
  const nearRural = seatRural.slice(0, Math.ceil(seatRural.length / 2));
  nearRural.forEach((v, i) => serve(seatPrimaries[i % seatPrimaries.length] as School, [v]));
  serve(seatNine, seatRural);
  serve(seatPoint, [seatPointVillage]);
  const half = Math.ceil(seatCommunities.length / 2);
  serve(seatJuniors[0] as School, [...seatCommunities.slice(0, half), ...nearRural]);
  serve(seatJuniors[1] as School, seatCommunities.slice(half));

  // Second sub-district (横现河街道): a primary, a junior, and the county's 完全中学.
  const second = towns[1] as Town;
  const secondPrimary = addSchool(`略阳县${second.stem}中心小学`, 'primary', second, 'central');
  const secondJunior = addSchool(`略阳县${second.stem}初级中学`, 'junior', second, 'central');
  serve(secondPrimary, second.villages);
  serve(secondJunior, second.villages);

  // Towns: small towns keep one nine-year school, larger ones a central primary and a
  // junior school; 20 village primaries and teaching points go to the towns by size.
  const ruralTowns = towns.slice(2);
  const centralPrimary = new Map<string, School>();
  const juniorOf = new Map<string, School>();
  for (const town of ruralTowns) {
    if (town.villages.length <= 6) {
      const nine = addSchool(`略阳县${town.stem}九年制学校`, 'nine_year', town, 'central');
      serve(nine, town.villages);
      centralPrimary.set(town.code, nine);
      juniorOf.set(town.code, nine);
    } else {
      const primary = addSchool(`略阳县${town.stem}中心小学`, 'primary', town, 'central');
      const junior = addSchool(`略阳县${town.stem}初级中学`, 'junior', town, 'central');
      serve(primary, town.villages);
      serve(junior, town.villages);
      centralPrimary.set(town.code, primary);
      juniorOf.set(town.code, junior);
    }
  }
  const plainSoFar = schools.length;
  const extras = apportion(
    55 - plainSoFar,
    ruralTowns.map((t) => t.villages.length),
  );
  const extraSlots: { town: Town; village: Village }[] = [];
  ruralTowns.forEach((town, i) => {
    // Not the town's own seat village: that one walks to the central school.
    const candidates = schoolRng.shuffled(town.villages.slice(1));
    for (let k = 0; k < (extras[i] ?? 0) && k < candidates.length; k++) {
      extraSlots.push({ town, village: candidates[k] as Village });
    }
  });
  const pointCount = Math.floor(extraSlots.length / 2);
  schoolRng.shuffle(extraSlots).forEach(({ town, village }, i) => {
    const point = i < pointCount;
    const school = addSchool(
      point ? `略阳县${town.name}${village.stem}教学点` : `略阳县${town.name}${village.stem}小学`,
      point ? 'teaching_point' : 'primary',
      town,
      'village',
      village,
    );
    serve(school, [village]);
    if (!point) {
      // A village primary also takes the children of one neighbouring village.
      const idx = town.villages.indexOf(village);
      const neighbour = town.villages[idx + 1] ?? town.villages[idx - 1];
      if (neighbour && neighbour !== town.villages[0]) serve(school, [neighbour]);
    }
  });

  // The county's own schools: a 完全中学 (with a junior department) in 横现河, the senior
  // high school and the special-education school in the county seat.
  const completeSecondary = addSchool('略阳县第二中学', 'complete_secondary', second, 'county');
  serve(completeSecondary, [...second.villages, ...seatCommunities.slice(-3)]);
  const seniorHigh = addSchool('略阳县第一高级中学', 'senior', seat, 'county');
  const specialSchool = addSchool('略阳县特殊教育学校', 'special', seat, 'county');

  // Kindergartens: three in the county seat, one per other town of five or more villages.
  const kindergartens: School[] = [
    addSchool('略阳县第一幼儿园', 'kindergarten', seat, 'seat'),
    addSchool('略阳县第二幼儿园', 'kindergarten', seat, 'seat'),
    addSchool(`略阳县${seat.stem}中心幼儿园`, 'kindergarten', seat, 'seat'),
  ];
  const kindergartenOf = new Map<string, School>();
  for (const town of towns.slice(1)) {
    if (town.villages.length < 5 && !town.subdistrict) continue;
    const kg = addSchool(`略阳县${town.stem}中心幼儿园`, 'kindergarten', town, 'central');
    serve(kg, town.villages);
    kindergartenOf.set(town.code, kg);
    kindergartens.push(kg);
  }
  kindergartens.slice(0, 3).forEach((kg) => serve(kg, seat.villages));

  // A few villages near a town border also belong to the neighbouring town's junior school.
  const borderRng = root.fork('border');
  for (const village of borderRng.sample(
    ruralTowns.flatMap((t) => t.villages.slice(1)),
    5,
  )) {
    const idx = ruralTowns.indexOf(village.town);
    const neighbourTown = ruralTowns[idx + 1] ?? ruralTowns[idx - 1];
    const junior = neighbourTown ? juniorOf.get(neighbourTown.code) : undefined;
    if (junior) junior.served.add(village.code);
  }

  const servingSchools = new Map<string, School[]>();
  for (const school of schools) {
    for (const code of school.served) {
      const list = servingSchools.get(code) ?? [];
      list.push(school);
      servingSchools.set(code, list);
    }
  }
  const seatChoices = schools.filter(
    (s) =>
      (s.town === seat || s.town === second) &&
      s.role !== 'village' &&
      s.type !== 'kindergarten' &&
      s.type !== 'special',
  );

  // --- Population --------------------------------------------------------------------
  const popRng = root.fork('population');
  const names = new NameGenerator(root.fork('names'));
  const phones = new PhoneGenerator(root.fork('phones'));
  const usedIds = new Set<string>();
  const newId = (region6: string, birthDate: string, gender: Gender): string => {
    for (;;) {
      const id = makeIdNumber(region6, birthDate, popRng.int(0, 999), gender);
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };
  // Age a on 31 August of the school year: born 1 September (Y−a−1) … 31 August (Y−a).
  const birthDateForAge = (rng: Random, age: number): string => {
    const from = dayNumber(`${schoolYear - age - 1}-09-01`);
    const to = dayNumber(`${schoolYear - age}-08-31`);
    return isoFromDayNumber(rng.int(from, to));
  };
  // Most children are in the usual grade for their age; some started late or repeated a year.
  const gradeOffsets = new WeightedTable([
    [-2, 0.004],
    [-1, 0.07],
    [0, 0.9],
    [1, 0.026],
  ]);
  const ages = new WeightedTable(COHORT_WEIGHTS.map((w, age) => [age, w] as const));
  const householdSizes = new WeightedTable([
    [1, 45],
    [2, 43],
    [3, 12],
  ]);
  const otherRegions = new WeightedTable(OTHER_BIRTH_REGIONS);

  const totalChildren = Math.round(TOTAL_CHILDREN * scale);
  const perVillage = apportion(
    totalChildren,
    villages.map((v) => v.weight),
  );
  const households: Household[] = [];
  const kids: Kid[] = [];
  villages.forEach((village, vi) => {
    const target = perVillage[vi] ?? 0;
    let count = 0;
    let seq = 0;
    while (count < target) {
      const size = Math.min(target - count, householdSizes.draw(popRng));
      const minority = popRng.chance(0.003);
      seq++;
      const household: Household = {
        no: `${village.code.slice(6)}${String(seq).padStart(4, '0')}`,
        village,
        surname: names.surname(),
        minorityFamily: minority ? names.minorityFamily() : null,
        kids: [],
        poverty: false,
        leftBehind: false,
        guardianName: '',
        guardianPhone: '',
        guardianRelation: '父亲',
      };
      const kidAges: number[] = [];
      while (kidAges.length < size) {
        const age = ages.draw(popRng);
        // Siblings are born at least a year apart, except the odd pair of twins.
        if (kidAges.includes(age) && !popRng.chance(0.02)) continue;
        kidAges.push(age);
      }
      for (const age of kidAges) {
        const gender: Gender = popRng.chance(0.53) ? 'M' : 'F';
        const birthDate = birthDateForAge(popRng, age);
        const region = popRng.chance(0.012) ? otherRegions.draw(popRng) : county;
        const name = household.minorityFamily
          ? names.minority(gender, household.minorityFamily)
          : names.full(gender, 'child', household.surname);
        const kid: Kid = {
          name,
          gender,
          birthDate,
          age: ageInSchoolYear(birthDate, schoolYear),
          idNumber: newId(region, birthDate, gender),
          household,
          grade: age - 5 + gradeOffsets.draw(popRng),
          disabilityCategory: null,
          disabilityLevel: null,
          special: false,
        };
        household.kids.push(kid);
        kids.push(kid);
      }
      households.push(household);
      count += size;
    }
  });

  // --- Who is where: scenarios for the compulsory-age children ---------------------
  const scenarioRng = root.fork('scenarios');
  const compulsory = kids.filter((k) => isCompulsoryAge(k.age, COMPULSORY_AGE_DEFAULT));
  const pool = scenarioRng.shuffled(compulsory);
  const take = (count: number, ok: (k: Kid) => boolean): Kid[] => {
    const taken: Kid[] = [];
    for (const kid of pool) {
      if (taken.length >= count) break;
      if (kid.special || !ok(kid)) continue;
      kid.special = true;
      taken.push(kid);
    }
    return taken;
  };
  const inCompulsoryGrades = (k: Kid) => k.grade >= 1 && k.grade <= 9;
  const disable = (
    kid: Kid,
    categories: readonly DisabilityCategory[],
    levels: readonly DisabilityLevel[],
  ) => {
    kid.disabilityCategory = scenarioRng.pick(categories);
    kid.disabilityLevel = scenarioRng.pick(levels);
  };

  const homeTaught = take(n(HOME_TEACHING), inCompulsoryGrades);
  homeTaught.forEach((k) => disable(k, ['肢体', '智力', '多重', '精神'], ['一级', '二级']));
  const specialStudents = take(n(SPECIAL_SCHOOL_STUDENTS), (k) => inCompulsoryGrades(k) && k.age >= 7);
  specialStudents.forEach((k) => {
    disable(k, ['智力', '听力', '视力', '多重'], ['二级', '三级']);
    // Children at the special school often started late.
    k.grade = Math.max(1, k.grade - scenarioRng.int(0, 2));
  });
  const included = take(n(INCLUSION_STUDENTS), inCompulsoryGrades);
  included.forEach((k) => disable(k, ['智力', '肢体', '言语', '听力', '视力'], ['三级', '四级']));
  const exemptFree = take(n(EXEMPT_FREE), () => true);
  exemptFree.forEach((k) => disable(k, ['多重', '智力'], ['一级']));
  const exemptDefer = take(n(EXEMPT_DEFER), (k) => k.age <= 7 && k.grade <= 1);
  const previouslyExempt = take(n(PREVIOUS_YEAR_EXEMPT), (k) => k.age === 7 && k.grade >= 1 && k.grade <= 2);
  const suspendedKids = take(n(SUSPENDED), inCompulsoryGrades);
  const dropouts = take(n(DROPOUTS), (k) => k.age >= 12 && k.grade >= 6 && k.grade <= 9);
  const missing = take(Math.max(1, Math.round(compulsory.length * MISSING_SHARE)), () => true);
  const typoKids = take(n(TYPO_ENROLMENTS), inCompulsoryGrades);
  const invalidKids = take(n(SHARED_INVALID_IDS), inCompulsoryGrades);
  const duplicateKids = take(n(DUPLICATE_ENROLMENTS), inCompulsoryGrades);
  const transferredKids = take(n(TRANSFERRED_OUT), inCompulsoryGrades);

  // Other disabled children outside compulsory age or studying normally.
  for (const kid of kids) {
    if (!kid.special && kid.disabilityCategory === null && scenarioRng.chance(0.004)) {
      disable(kid, ['视力', '听力', '言语', '肢体', '智力', '精神', '多重'], ['二级', '三级', '四级']);
    }
  }

  // Deliberately invalid numbers, shared by the population roster and the registry.
  const invalidIdNumbers: string[] = [];
  for (const kid of invalidKids) {
    const check = kid.idNumber[17] ?? '0';
    const wrong = '0123456789X'.split('').filter((c) => c !== check);
    kid.idNumber = kid.idNumber.slice(0, 17) + scenarioRng.pick(wrong);
    invalidIdNumbers.push(kid.idNumber);
  }

  // --- Enrolments ----------------------------------------------------------------------
  const enrolRng = root.fork('enrolments');
  const drafts: Draft[] = [];
  const outOfCounty: OutOfCountyRow[] = [];
  const exemptions: ExemptionRow[] = [];
  const intended: Record<ReconciliationStatus, number> = {
    enrolled_in_county: 0,
    enrolled_out_of_county: 0,
    exempt: 0,
    suspended: 0,
    completed_compulsory: 0,
    needs_review: 0,
    suspected_out_of_school: 0,
  };
  const intend = (kid: Kid, status: ReconciliationStatus) => {
    if (isCompulsoryAge(kid.age, COMPULSORY_AGE_DEFAULT)) intended[status]++;
  };

  const chooseSchool = (village: Village, grade: number, allowSeat = true): School => {
    if (grade <= 0) {
      const own = kindergartenOf.get(village.town.code);
      if (own && !enrolRng.chance(0.1)) return own;
      return enrolRng.pick(kindergartens.slice(0, 3));
    }
    if (grade >= 10) return enrolRng.chance(0.6) ? seniorHigh : completeSecondary;
    // Some rural families send their children to the county seat (进城择校).
    if (allowSeat && village.town !== seat && enrolRng.chance(grade <= 6 ? 0.06 : 0.12)) {
      const inSeat = seatChoices.filter((s) => teaches(s, grade));
      if (inSeat.length > 0) return enrolRng.pick(inSeat);
    }
    const candidates = (servingSchools.get(village.code) ?? []).filter((s) => teaches(s, grade));
    if (candidates.length === 0) throw new Error(`no school serves ${village.code} for grade ${grade}`);
    return enrolRng.weighted(candidates, (s) => {
      if (s.role === 'village') return 4;
      if (s.type === 'complete_secondary') return 0.5;
      return 1;
    });
  };
  const otherSchool = (school: School, grade: number): School => {
    const others = schools.filter((s) => s !== school && s.type !== 'special' && teaches(s, grade));
    return enrolRng.pick(others);
  };
  const enrol = (
    kid: Kid,
    school: School,
    grade: number,
    status: EnrollmentStatus = 'enrolled',
    studyMode: StudyMode = 'regular',
    idNumber: string = kid.idNumber,
  ) => {
    drafts.push({ kid, migrant: null, idNumber, school, grade, status, studyMode, classIndex: null });
  };
  const destination = () => enrolRng.weighted(DESTINATIONS, (d) => d[2]);
  const recordOutOfCounty = (kid: Kid, vocational: boolean) => {
    const [region, stem] = destination();
    let school: string;
    if (vocational) {
      school = enrolRng.chance(0.6) ? `${stem}职业教育中心` : `${stem}第${cn(enrolRng.int(1, 4))}高级中学`;
    } else if (kid.grade <= 6) {
      school = enrolRng.chance(0.3) ? `${stem}实验小学` : `${stem}第${cn(enrolRng.int(1, 12))}小学`;
    } else {
      school = `${stem}第${cn(enrolRng.int(1, 12))}中学`;
    }
    const day = dayNumber(`${schoolYear}-09-01`) + enrolRng.int(3, 55);
    outOfCounty.push({
      name: kid.name,
      idNumber: kid.idNumber,
      school,
      region,
      grade: kid.grade,
      verificationMethod: enrolRng.table([
        ['学籍系统核查', 60],
        ['学校证明', 25],
        ['电话核实', 15],
      ] as const),
      verificationDate: isoFromDayNumber(day),
    });
  };
  let approvalSeq = 0;
  const approvalNo = (year: number) => `略教体发〔${year}〕${10 + approvalSeq++ * 3}号`;

  for (const kid of homeTaught) {
    enrol(kid, chooseSchool(kid.household.village, kid.grade, false), kid.grade, 'enrolled', 'home_teaching');
    intend(kid, 'enrolled_in_county');
  }
  for (const kid of specialStudents) {
    enrol(kid, specialSchool, kid.grade, 'enrolled', 'special_school');
    intend(kid, 'enrolled_in_county');
  }
  for (const kid of included) {
    enrol(kid, chooseSchool(kid.household.village, kid.grade, false), kid.grade, 'enrolled', 'inclusion');
    intend(kid, 'enrolled_in_county');
  }
  for (const kid of exemptFree) {
    exemptions.push({
      name: kid.name,
      idNumber: kid.idNumber,
      type: '免学',
      reason: `${kid.disabilityCategory ?? '多重'}残疾${kid.disabilityLevel ?? '一级'},经县残疾儿童少年入学评估委员会评估,暂不具备学习条件`,
      approvalNo: approvalNo(schoolYear),
      schoolYear,
    });
    intend(kid, 'exempt');
  }
  for (const kid of exemptDefer) {
    exemptions.push({
      name: kid.name,
      idNumber: kid.idNumber,
      type: '缓学',
      reason: enrolRng.pick([
        '患病需住院治疗,经医疗机构诊断,申请缓学一年',
        '先天性心脏病术后康复,申请缓学一年',
        '发育迟缓,经评估申请缓学一年',
      ]),
      approvalNo: approvalNo(schoolYear),
      schoolYear,
    });
    intend(kid, 'exempt');
  }
  for (const kid of previouslyExempt) {
    exemptions.push({
      name: kid.name,
      idNumber: kid.idNumber,
      type: '缓学',
      reason: '患病需住院治疗,经医疗机构诊断,申请缓学一年',
      approvalNo: approvalNo(schoolYear - 1),
      schoolYear: schoolYear - 1,
    });
    kid.grade = 1;
    enrol(kid, chooseSchool(kid.household.village, 1), 1);
    intend(kid, 'enrolled_in_county');
  }
  for (const kid of suspendedKids) {
    enrol(kid, chooseSchool(kid.household.village, kid.grade), kid.grade, 'suspended');
    intend(kid, 'suspended');
  }
  for (const kid of dropouts) {
    enrol(kid, chooseSchool(kid.household.village, kid.grade, false), kid.grade, 'dropped_out');
    intend(kid, 'suspected_out_of_school');
  }
  for (const kid of missing) intend(kid, 'suspected_out_of_school');

  const populationIds = () => new Set(kids.map((k) => k.idNumber));
  const typoEnrolments: DemoAnomalies['typoEnrolments'] = [];
  {
    const taken = populationIds();
    for (const kid of typoKids) {
      let typo = kid.idNumber;
      let kind: 'substitution' | 'swap' = 'substitution';
      while (typo === kid.idNumber || taken.has(typo) || usedIds.has(typo)) {
        const chars = kid.idNumber.split('');
        kind = enrolRng.chance(0.5) ? 'swap' : 'substitution';
        const p = enrolRng.int(6, 16);
        if (kind === 'swap') {
          const a = chars[p] as string;
          chars[p] = chars[p + 1] as string;
          chars[p + 1] = a;
        } else {
          const digits = '0123456789'.split('').filter((d) => d !== chars[p]);
          chars[p] = enrolRng.pick(digits);
        }
        typo = chars.join('');
      }
      usedIds.add(typo);
      typoEnrolments.push({ populationId: kid.idNumber, enrolledId: typo, kind });
      if (!isValidIdNumber(typo)) invalidIdNumbers.push(typo);
      enrol(kid, chooseSchool(kid.household.village, kid.grade), kid.grade, 'enrolled', 'regular', typo);
      intend(kid, 'needs_review');
    }
  }
  for (const kid of invalidKids) {
    enrol(kid, chooseSchool(kid.household.village, kid.grade), kid.grade);
    intend(kid, 'enrolled_in_county');
  }
  for (const kid of duplicateKids) {
    const first = chooseSchool(kid.household.village, kid.grade);
    enrol(kid, first, kid.grade);
    enrol(kid, otherSchool(first, kid.grade), kid.grade);
    intend(kid, 'enrolled_in_county');
  }
  for (const kid of transferredKids) {
    enrol(kid, chooseSchool(kid.household.village, kid.grade), kid.grade, 'transferred_out');
    recordOutOfCounty(kid, false);
    intend(kid, 'enrolled_out_of_county');
  }

  // Everyone else, by age and grade.
  for (const kid of kids) {
    if (kid.special) continue;
    const village = kid.household.village;
    const isCompulsory = isCompulsoryAge(kid.age, COMPULSORY_AGE_DEFAULT);
    if (kid.grade < -2 || kid.grade > 12) continue;
    if (kid.grade <= 0) {
      // A compulsory-age child still in kindergarten (a late starter) is always enrolled.
      if (isCompulsory || enrolRng.chance(KINDERGARTEN_SHARE[kid.grade] ?? 0)) {
        enrol(kid, chooseSchool(village, kid.grade), kid.grade);
        if (isCompulsory) intend(kid, 'enrolled_in_county');
      }
      continue;
    }
    if (kid.grade <= 9) {
      if (isCompulsory && enrolRng.chance(OUT_OF_COUNTY_SHARE)) {
        recordOutOfCounty(kid, false);
        intend(kid, 'enrolled_out_of_county');
        continue;
      }
      enrol(kid, chooseSchool(village, kid.grade), kid.grade);
      if (isCompulsory) intend(kid, 'enrolled_in_county');
      continue;
    }
    // Senior grades: the county's high schools, a school elsewhere, or done after grade 9.
    if (enrolRng.chance(SENIOR_IN_COUNTY_SHARE)) {
      enrol(kid, chooseSchool(village, kid.grade), kid.grade);
      if (isCompulsory) intend(kid, 'enrolled_in_county');
    } else if (isCompulsory) {
      if (enrolRng.chance(0.3)) {
        recordOutOfCounty(kid, true);
        intend(kid, 'enrolled_out_of_county');
      } else {
        const junior = chooseSchool(village, 9, false);
        enrol(kid, junior, 9, 'graduated');
        intend(kid, 'completed_compulsory');
      }
    }
  }

  // Migrant children (随迁子女): enrolled here, registered elsewhere.
  const migrantRng = root.fork('migrants');
  const migrantEnrolments: string[] = [];
  for (let i = 0; i < n(MIGRANTS); i++) {
    const age = migrantRng.int(6, 14);
    const gender: Gender = migrantRng.chance(0.53) ? 'M' : 'F';
    const birthDate = birthDateForAge(migrantRng, age);
    const school = migrantRng.chance(0.7)
      ? migrantRng.pick(seatChoices.filter((s) => teaches(s, age - 5)))
      : migrantRng.pick(schools.filter((s) => s.role === 'central' && teaches(s, age - 5)));
    const served = [...school.served].sort();
    const village = served.length > 0 ? villageByCode.get(migrantRng.pick(served)) : seat.villages[0];
    if (!village) continue;
    const idNumber = newId(otherRegions.draw(migrantRng), birthDate, gender);
    const surname = names.surname();
    const migrant: Migrant = {
      name: names.full(gender, 'child', surname),
      gender,
      birthDate,
      village,
      guardianName: names.full(migrantRng.chance(0.6) ? 'M' : 'F', 'adult', surname),
      guardianPhone: phones.next(),
    };
    migrantEnrolments.push(idNumber);
    drafts.push({
      kid: null,
      migrant,
      idNumber,
      school,
      grade: age - 5,
      status: 'enrolled',
      studyMode: 'regular',
      classIndex: null,
    });
  }

  // --- Households: poverty registration, left-behind children, guardians -------------
  const familyRng = root.fork('families');
  const compulsoryStudentsOf = new Map<Household, number>();
  for (const d of drafts) {
    if (d.kid && d.status === 'enrolled' && d.grade >= 1 && d.grade <= 9) {
      const h = d.kid.household;
      compulsoryStudentsOf.set(h, (compulsoryStudentsOf.get(h) ?? 0) + 1);
    }
  }
  const ruralWeight = (h: Household) =>
    h.village.town === seat ? (h.village.community ? 0.1 : 0.6) : h.village.community ? 0.4 : 1;
  let povertyCount = 0;
  for (const h of familyRng.weightedOrder(households, ruralWeight)) {
    if (povertyCount >= n(POVERTY_STUDENTS)) break;
    h.poverty = true;
    povertyCount += compulsoryStudentsOf.get(h) ?? 0;
  }
  let leftBehindCount = 0;
  for (const h of familyRng.weightedOrder(households, (h) => ruralWeight(h) * (h.poverty ? 3 : 1))) {
    if (leftBehindCount >= n(LEFT_BEHIND_STUDENTS)) break;
    if (!compulsoryStudentsOf.get(h)) continue;
    h.leftBehind = true;
    leftBehindCount += compulsoryStudentsOf.get(h) ?? 0;
  }
  for (const h of households) {
    const relation: GuardianRelation = h.leftBehind
      ? familyRng.table([
          ['祖父母', 75],
          ['外祖父母', 20],
          ['其他', 5],
        ] as const)
      : familyRng.table([
          ['父亲', 52],
          ['母亲', 40],
          ['祖父母', 6],
          ['其他', 2],
        ] as const);
    const sameSurname = relation === '父亲' || (relation === '祖父母' && familyRng.chance(0.6));
    const gender: Gender =
      relation === '父亲' ? 'M' : relation === '母亲' ? 'F' : familyRng.chance(0.5) ? 'M' : 'F';
    if (h.minorityFamily) {
      h.guardianName = sameSurname ? names.minority(gender, h.minorityFamily) : names.minority(gender);
    } else {
      h.guardianName = names.full(gender, 'adult', sameSurname ? h.surname : undefined);
    }
    h.guardianPhone = phones.next();
    h.guardianRelation = relation;
  }

  // --- Population rows -----------------------------------------------------------------
  const toPopulationRow = (kid: Kid, household: Household = kid.household): PopulationRow => ({
    name: kid.name,
    gender: kid.gender,
    idNumber: kid.idNumber,
    birthDate: kid.birthDate,
    villageCode: household.village.code,
    householdNo: household.no,
    guardianName: household.guardianName,
    guardianPhone: household.guardianPhone,
    guardianRelation: household.guardianRelation,
    povertyRegistered: household.poverty,
    leftBehind: household.leftBehind,
    disabilityCategory: kid.disabilityCategory,
    disabilityLevel: kid.disabilityLevel,
  });
  const population = kids.map((k) => toPopulationRow(k));
  // A few children registered twice after a move (same number, another household).
  const duplicatePopulation: string[] = [];
  for (const kid of familyRng.sample(
    kids.filter((k) => !k.special && k.household.village.town !== seat),
    n(DUPLICATE_POPULATION),
  )) {
    const town = kid.household.village.town;
    const otherVillage = familyRng.pick(town.villages.filter((v) => v !== kid.household.village));
    const no = `${otherVillage.code.slice(6)}9${String(duplicatePopulation.length + 1).padStart(3, '0')}`;
    const moved: Household = { ...kid.household, village: otherVillage, no };
    population.push(toPopulationRow(kid, moved));
    duplicatePopulation.push(kid.idNumber);
  }

  // --- Classes -------------------------------------------------------------------------
  const classRng = root.fork('classes');
  const byClassKey = new Map<string, Draft[]>();
  for (const d of drafts) {
    if (d.status !== 'enrolled' && d.status !== 'suspended') continue;
    const key = `${d.school.code}|${String(d.grade + 10).padStart(2, '0')}`;
    const list = byClassKey.get(key) ?? [];
    list.push(d);
    byClassKey.set(key, list);
  }
  interface ClassDraft {
    school: School;
    grade: number;
    name: string;
    size: number;
  }
  const classDrafts: ClassDraft[] = [];
  const classStart = new Map<string, number>();
  for (const key of [...byClassKey.keys()].sort()) {
    const list = byClassKey.get(key) ?? [];
    const first = list[0];
    if (!first) continue;
    const { school, grade } = first;
    const target = school.type === 'special' ? 10 : grade <= 0 ? 30 : grade >= 10 ? 50 : 42;
    const max = school.type === 'special' ? 14 : grade <= 0 ? 35 : grade >= 10 ? 56 : 48;
    let count = Math.max(1, Math.round(list.length / target));
    while (list.length / count > max) count++;
    classStart.set(key, classDrafts.length);
    for (let c = 1; c <= count; c++) classDrafts.push({ school, grade, name: `${c}班`, size: 0 });
    classRng.shuffle(list).forEach((d, i) => {
      d.classIndex = classDrafts.length - count + (i % count);
      const cd = classDrafts[d.classIndex];
      if (cd) cd.size++;
    });
  }
  const classesOf = new Map<School, number[]>();
  classDrafts.forEach((c, i) => {
    const list = classesOf.get(c.school) ?? [];
    list.push(i);
    classesOf.set(c.school, list);
  });

  // --- Staff ---------------------------------------------------------------------------
  const staffRng = root.fork('staff');
  const staffNames = new NameGenerator(root.fork('staff-names'));
  const staff: Row<StaffTable>[] = [];
  const addStaff = (
    kind: StaffKind,
    title: string,
    fields: { school?: School; region?: string; zone?: number; femaleShare?: number; partyShare?: number },
  ): Row<StaffTable> => {
    const gender: Gender = staffRng.chance(fields.femaleShare ?? 0.4) ? 'F' : 'M';
    const row: Row<StaffTable> = {
      county_code: county,
      id: staff.length + 1,
      name: staffNames.full(gender, 'adult'),
      gender,
      phone: phones.next(),
      kind,
      title,
      school_code: fields.school?.code ?? null,
      region_code: fields.region ?? null,
      zone_id: fields.zone ?? null,
      party_member: staffRng.chance(fields.partyShare ?? 0.25),
      active: true,
    };
    staff.push(row);
    return row;
  };
  const countyHead = addStaff('leader', DEMO_TITLES.countyHead, {
    region: county,
    femaleShare: 0.2,
    partyShare: 1,
  });
  addStaff('leader', DEMO_TITLES.deputyCountyHead, { region: county, partyShare: 1 });
  addStaff('bureau', DEMO_TITLES.bureauDirector, { region: county, femaleShare: 0.3, partyShare: 1 });
  addStaff('bureau', DEMO_TITLES.deputyBureauDirector, { region: county, partyShare: 1 });
  const dropoutOffice = addStaff('bureau', DEMO_TITLES.dropoutOffice, { region: county, partyShare: 0.9 });
  addStaff('bureau', DEMO_TITLES.inspectionOffice, { region: county, partyShare: 0.9 });

  const townOfficer = new Map<string, Row<StaffTable>>();
  for (const town of towns) {
    addStaff('official', town.subdistrict ? DEMO_TITLES.subdistrictHead : DEMO_TITLES.townHead, {
      region: town.code,
      femaleShare: 0.2,
      partyShare: 1,
    });
    townOfficer.set(
      town.code,
      addStaff('official', DEMO_TITLES.townOfficer, { region: town.code, femaleShare: 0.5, partyShare: 0.7 }),
    );
  }
  const villageHead = new Map<string, Row<StaffTable>>();
  for (const village of villages) {
    villageHead.set(
      village.code,
      addStaff('official', village.community ? DEMO_TITLES.communityHead : DEMO_TITLES.villageHead, {
        region: village.code,
        femaleShare: village.community ? 0.5 : 0.15,
        partyShare: 0.8,
      }),
    );
    addStaff('official', DEMO_TITLES.gridWorker, { region: village.code, femaleShare: 0.5, partyShare: 0.3 });
  }

  // Inspection zones (督学责任区): neighbouring towns grouped, the county seat on its own.
  const zoneGroups: string[][] = [
    ['610727001'],
    ['610727002', '610727101'],
    ['610727102', '610727103', '610727104'],
    ['610727105', '610727108'],
    ['610727106', '610727107'],
    ['610727109', '610727110'],
    ['610727111', '610727112'],
    ['610727113', '610727114', '610727115'],
  ];
  const inspectionZones: Row<InspectionZoneTable>[] = zoneGroups.map((group, i) => ({
    county_code: county,
    id: i + 1,
    name: `第${cn(i + 1)}督学责任区(${group.map((c) => townByCode.get(c)?.stem ?? c).join('、')})`,
  }));
  const zoneTowns: Row<ZoneTownTable>[] = zoneGroups.flatMap((group, i) =>
    group.map((town_code) => ({ county_code: county, zone_id: i + 1, town_code })),
  );
  const schoolsPerZone = zoneGroups.map((group) => schools.filter((s) => group.includes(s.town.code)).length);
  const inspectorsPerZone = allocateWithMinimum(
    n(INSPECTORS),
    schoolsPerZone,
    schoolsPerZone.map(() => 1),
  );
  const inspectorsOf = new Map<number, Row<StaffTable>[]>();
  inspectorsPerZone.forEach((count, i) => {
    const list: Row<StaffTable>[] = [];
    for (let k = 0; k < count; k++) {
      const fullTime = k === 0 || staffRng.chance(0.2);
      list.push(
        addStaff('inspector', fullTime ? DEMO_TITLES.fullTimeInspector : DEMO_TITLES.partTimeInspector, {
          zone: i + 1,
          femaleShare: 0.35,
          partyShare: 0.75,
        }),
      );
    }
    inspectorsOf.set(i + 1, list);
  });

  // Teachers: 1,710 in the compulsory schools in proportion to their pupils (junior
  // grades need more subject teachers, the special school far more), never fewer than
  // one per class (two at a teaching point, whose teachers take mixed grades);
  // kindergartens, the senior high school and the senior part of the 完全中学 on top.
  const classesWhere = (s: School, pred: (c: ClassDraft) => boolean) =>
    (classesOf.get(s) ?? [])
      .map((i) => classDrafts[i])
      .filter((c): c is ClassDraft => c !== undefined && pred(c));
  const pupils = (s: School, pred: (c: ClassDraft) => boolean) =>
    classesWhere(s, pred).reduce((sum, c) => sum + c.size, 0);
  const compulsorySchools = schools.filter((s) => isCompulsorySchoolType(s.type));
  const minimum = compulsorySchools.map((s) =>
    s.type === 'teaching_point' ? 2 : Math.max(1, classesWhere(s, (c) => c.grade <= 9).length),
  );
  const weights = compulsorySchools.map((s) =>
    s.type === 'special'
      ? pupils(s, () => true) * 4
      : pupils(s, (c) => c.grade >= 1 && c.grade <= 6) + pupils(s, (c) => c.grade >= 7 && c.grade <= 9) * 1.5,
  );
  const compulsoryTeachers = allocateWithMinimum(n(COMPULSORY_TEACHERS), weights, minimum);
  const teacherCount = new Map<School, number>();
  compulsorySchools.forEach((s, i) => teacherCount.set(s, compulsoryTeachers[i] ?? 0));
  for (const s of schools) {
    if (s.type === 'kindergarten') teacherCount.set(s, classesWhere(s, () => true).length * 2 + 1);
    const seniorClasses = classesWhere(s, (c) => c.grade >= 10).length;
    if (seniorClasses > 0) teacherCount.set(s, (teacherCount.get(s) ?? 0) + Math.ceil(seniorClasses * 3.4));
  }

  const principalOf = new Map<School, Row<StaffTable>>();
  const headTeacher = new Map<number, Row<StaffTable>>();
  for (const school of schools) {
    const kg = school.type === 'kindergarten';
    principalOf.set(
      school,
      addStaff('principal', DEMO_TITLES.principal, {
        school,
        femaleShare: kg ? 0.9 : 0.3,
        partyShare: 0.85,
      }),
    );
    const count = teacherCount.get(school) ?? 0;
    const teachers: Row<StaffTable>[] = [];
    for (let k = 0; k < count; k++) {
      let title: string = DEMO_TITLES.teacher;
      if (k === 0 && count >= 20) title = DEMO_TITLES.vicePrincipal;
      else if (k === 1 && count >= 8) title = DEMO_TITLES.academicDean;
      teachers.push(
        addStaff('teacher', title, {
          school,
          femaleShare: kg ? 0.95 : school.type === 'senior' ? 0.5 : 0.64,
          partyShare: title === DEMO_TITLES.teacher ? 0.24 : 0.8,
        }),
      );
    }
    // Head teachers (班主任): a different teacher for each class where there are enough.
    const heads = staffRng.shuffled(teachers.filter((t) => t.title === DEMO_TITLES.teacher));
    const fallback =
      heads.length > 0
        ? heads
        : teachers.length > 0
          ? teachers
          : [principalOf.get(school) as Row<StaffTable>];
    (classesOf.get(school) ?? []).forEach((ci, k) => {
      const teacher = fallback[k % fallback.length];
      if (teacher) headTeacher.set(ci, teacher);
    });
  }

  const classes: Row<ClassTable>[] = classDrafts.map((c, i) => ({
    county_code: county,
    id: i + 1,
    school_code: c.school.code,
    school_year: schoolYear,
    grade: c.grade,
    name: c.name,
    head_teacher_staff_id: headTeacher.get(i)?.id ?? null,
  }));

  // --- Student rows ------------------------------------------------------------------
  const schoolOrder = new Map(schools.map((s, i) => [s, i]));
  const orderedDrafts = drafts
    .map((d, i) => ({ d, i }))
    .sort(
      (a, b) =>
        (schoolOrder.get(a.d.school) ?? 0) - (schoolOrder.get(b.d.school) ?? 0) ||
        a.d.grade - b.d.grade ||
        (a.d.classIndex ?? 1e9) - (b.d.classIndex ?? 1e9) ||
        a.i - b.i,
    )
    .map((x) => x.d);
  const students: Row<StudentTable>[] = orderedDrafts.map((d, i) => {
    const person = d.kid ?? d.migrant;
    if (!person) throw new Error('enrolment without a child');
    const household = d.kid?.household;
    const wellFormed = /^\d{17}[\dX]$/.test(d.idNumber);
    return {
      county_code: county,
      id: i + 1,
      id_number: d.idNumber,
      name: person.name,
      gender: person.gender,
      birth_date: person.birthDate,
      national_student_no: wellFormed ? `G${d.idNumber}` : null,
      school_code: d.school.code,
      class_id: d.classIndex === null ? null : d.classIndex + 1,
      grade: d.grade,
      status: d.status,
      study_mode: d.studyMode,
      village_code: household?.village.code ?? d.migrant?.village.code ?? null,
      guardian_name: household?.guardianName ?? d.migrant?.guardianName ?? null,
      guardian_phone: household?.guardianPhone ?? d.migrant?.guardianPhone ?? null,
      poverty_registered: household?.poverty ?? false,
      left_behind: household?.leftBehind ?? false,
      pending_school_code: null,
    };
  });

  // --- Schools, service areas ----------------------------------------------------------
  const addressRng = root.fork('addresses');
  const schoolRows: Row<SchoolTable>[] = schools.map((s) => ({
    county_code: county,
    code: s.code,
    name: s.name,
    type: s.type,
    town_code: s.town.code,
    address: `陕西省汉中市略阳县${s.town.name}${(s.village ?? s.town.villages[0])?.stem ?? ''}${addressRng.int(1, 199)}号`,
    boarding: s.boarding,
    phone: phones.next(),
    active: true,
  }));
  const serviceAreas: Row<SchoolServiceAreaTable>[] = schools.flatMap((s) =>
    [...s.served].sort().map((village_code) => ({ county_code: county, school_code: s.code, village_code })),
  );

  // --- Demo accounts -------------------------------------------------------------------
  const focusTown = townByCode.get('610727101') as Town;
  const focusVillage = focusTown.villages[0] as Village;
  const focusSchool = centralPrimary.get(focusTown.code) as School;
  const focusZone = zoneGroups.findIndex((g) => g.includes(focusTown.code)) + 1;
  const focusInspector = (inspectorsOf.get(focusZone) ?? [])[0];
  const focusClasses = (classesOf.get(focusSchool) ?? []).filter((ci) => (classDrafts[ci]?.grade ?? 0) >= 1);
  const focusClass = focusClasses.find((ci) => classDrafts[ci]?.grade === 3) ?? focusClasses[0];
  const focusTeacher = focusClass === undefined ? undefined : headTeacher.get(focusClass);
  const focusVillageHead = villageHead.get(focusVillage.code);
  const focusPrincipal = principalOf.get(focusSchool);
  const focusTownOfficer = townOfficer.get(focusTown.code);
  if (!focusInspector || !focusTeacher || !focusVillageHead || !focusPrincipal || !focusTownOfficer) {
    throw new Error('demo county: a demo account has no staff row to stand for');
  }
  const accountSpecs: {
    username: string;
    role: Role;
    scope: string;
    person: Row<StaffTable>;
    fullId?: boolean;
  }[] = [
    { username: 'admin', role: 'county_admin', scope: county, person: dropoutOffice, fullId: true },
    { username: 'leader', role: 'county_leader', scope: county, person: countyHead },
    { username: 'inspector', role: 'inspector', scope: String(focusZone), person: focusInspector },
    { username: 'town', role: 'town_official', scope: focusTown.code, person: focusTownOfficer },
    { username: 'village', role: 'village_official', scope: focusVillage.code, person: focusVillageHead },
    { username: 'school', role: 'school_admin', scope: focusSchool.code, person: focusPrincipal },
    { username: 'teacher', role: 'teacher', scope: String(focusTeacher.id), person: focusTeacher },
  ];
  const users: DemoUserRow[] = accountSpecs.map((a, i) => ({
    county_code: county,
    id: i + 1,
    username: a.username,
    display_name: a.person.name,
    phone: a.person.phone,
    role: a.role,
    scope_code: a.scope,
    staff_id: a.person.id,
    can_view_full_id: a.fullId ?? false,
    must_change_password: false,
    is_demo: true,
    active: true,
    failed_attempts: 0,
    locked_until: null,
    locale: 'zh-CN',
    password_changed_at: null,
  }));
  const accounts: DemoAccount[] = accountSpecs.map((a) => ({
    username: a.username,
    role: a.role,
    scopeCode: a.scope,
    password: DEMO_PASSWORD,
    displayName: a.person.name,
  }));

  // Sanity of the deliberate typos: each is one slip away from the real number.
  for (const t of typoEnrolments) {
    if (!idNumbersNearlyEqual(t.populationId, t.enrolledId)) throw new Error('demo county: bad typo');
  }

  return {
    seed,
    schoolYear,
    scale,
    countyCode: county,
    countyName: DEMO_COUNTY_NAME,
    tables: {
      counties: [{ county_code: county, name: DEMO_COUNTY_NAME }],
      regions,
      inspection_zones: inspectionZones,
      zone_towns: zoneTowns,
      staff,
      schools: schoolRows,
      school_service_areas: serviceAreas,
      classes,
      students,
      users,
    },
    population,
    outOfCounty,
    exemptions,
    accounts,
    anomalies: {
      invalidIdNumbers,
      typoEnrolments,
      duplicateEnrolments: duplicateKids.map((k) => k.idNumber),
      duplicatePopulation,
      migrantEnrolments,
      dropouts: dropouts.map((k) => k.idNumber),
      missing: missing.map((k) => k.idNumber),
      suspended: suspendedKids.map((k) => k.idNumber),
      homeTeaching: homeTaught.map((k) => k.idNumber),
    },
    intendedStatuses: intended,
  };
}
