// Synthetic rosters at any scale, as CSV in the import formats: a population roster of
// children 0–17 and the enrolment, out-of-county and exemption rosters that account for
// them, with the mix a county really sees: nearly all compulsory-age children enrolled
// in the county, some studying elsewhere, a few deferred or suspended, typing slips in
// identity numbers, invalid numbers, duplicates, migrants enrolled but not registered,
// and about 0.5% accounted for nowhere. Deterministic for a given seed and size.
//
//   node --import tsx bench/gen-rosters.ts [children=45000] [outDir=bench/out/rosters-45000]
import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gradeLabel, makeIdNumber } from '@baoxue/shared';

export interface RosterFiles {
  population: string;
  enrollment: string;
  outOfCounty: string;
  exemptions: string;
}

export interface GeneratedRosters {
  files: RosterFiles;
  rows: Record<keyof RosterFiles, number>;
  /** What the generator meant for the compulsory-age children, to compare with a run. */
  planned: Record<string, number>;
}

export interface GenerateOptions {
  children: number;
  outDir: string;
  schoolYear?: number;
  seed?: number;
}

// The mix for a compulsory-age child (shares of 1); the rest is enrolled in the county.
const MIX = {
  outOfCounty: 0.04,
  exempt: 0.003,
  suspended: 0.004,
  droppedOut: 0.001,
  unaccounted: 0.005,
  /** Enrolled under a number with one typing slip: a candidate for review. */
  enrolmentTypo: 0.004,
  /** The population row carries the slip instead (so its number is usually invalid). */
  populationTypo: 0.002,
} as const;
const HOME_TEACHING = 0.002;
const OVER_AGE = 0.02;
const INVALID_POPULATION_ID = 0.002;
const DUPLICATE_POPULATION = 0.001;
const DUPLICATE_ENROLMENT = 0.001;
/** Migrant children enrolled in the county but registered elsewhere, per population child. */
const MIGRANTS = 0.02;
const KINDERGARTEN_RATE = 0.85;
const SENIOR_RATE = 0.8;

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕聂柴焦向柳邢岳齐梅莫庄辛管祝左涂谷祁时舒耿牟卜路詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵欧阳解强丛华车冉房边'.split(
    '',
  );
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌宇浩凯欣怡子涵梓轩雨婷佳琪思源博文嘉怡晨阳梦瑶俊杰紫萱诗涵一鸣天佑若曦'.split(
    '',
  );
const RELATIONS = ['父亲', '母亲', '祖父母', '外祖父母', '其他'];
const REGIONS = [
  '610727',
  '610721',
  '610722',
  '610723',
  '610724',
  '610725',
  '610726',
  '610728',
  '610729',
  '610730',
];
const REMOTE = [
  '陕西省汉中市汉台区',
  '陕西省西安市雁塔区',
  '四川省广元市利州区',
  '甘肃省陇南市武都区',
  '广东省东莞市',
];

/** mulberry32: small, fast and the same on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Buffered CSV output: one `write` per 64 KiB, waiting when the disk lags. */
class CsvOut {
  private buffer = '';
  rows = 0;
  private readonly stream: WriteStream;

  constructor(
    readonly path: string,
    header: readonly string[],
  ) {
    this.stream = createWriteStream(path);
    this.buffer = `\ufeff${header.join(',')}\r\n`;
  }

  async row(cells: readonly (string | number)[]): Promise<void> {
    this.buffer += `${cells.join(',')}\r\n`;
    this.rows++;
    if (this.buffer.length >= 1 << 16) {
      const ok = this.stream.write(this.buffer);
      this.buffer = '';
      if (!ok) await once(this.stream, 'drain');
    }
  }

  async close(): Promise<void> {
    this.stream.end(this.buffer);
    await once(this.stream, 'finish');
  }
}

interface Child {
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
  id: string;
  age: number;
  village: number;
}

export async function generateRosters(options: GenerateOptions): Promise<GeneratedRosters> {
  const year = options.schoolYear ?? 2026;
  const random = prng(options.seed ?? 20261129);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const chance = (p: number) => random() < p;
  mkdirSync(options.outDir, { recursive: true });

  const villages = Math.max(20, Math.round(options.children / 90));
  const schools = Math.max(10, Math.round(options.children / 150));
  const villageCode = (v: number) =>
    `610727${String(100 + Math.floor(v / 25)).padStart(3, '0')}${String(201 + (v % 25))}`;
  const schoolCode = (s: number) => `2161${String(s).padStart(6, '0')}`;
  const schoolOf = (village: number) => (village * 7 + Math.floor(random() * 3)) % schools;

  const population = new CsvOut(join(options.outDir, 'population.csv'), [
    '姓名',
    '性别',
    '身份证号',
    '出生日期',
    '区划代码',
    '镇(街道)',
    '村(社区)',
    '户号',
    '监护人姓名',
    '监护人电话',
    '与儿童关系',
    '建档立卡',
    '留守儿童',
  ]);
  const enrollment = new CsvOut(join(options.outDir, 'enrollment.csv'), [
    '姓名',
    '性别',
    '身份证号',
    '全国学籍号',
    '学校标识码',
    '学校名称',
    '年级',
    '班级',
    '学籍状态',
    '就读方式',
  ]);
  const outOfCounty = new CsvOut(join(options.outDir, 'out-of-county.csv'), [
    '姓名',
    '身份证号',
    '就读学校',
    '就读地区',
    '年级',
    '核实方式',
    '核实日期',
  ]);
  const exemptions = new CsvOut(join(options.outDir, 'exemptions.csv'), [
    '姓名',
    '身份证号',
    '类型',
    '原因',
    '批准文号',
    '学年',
  ]);
  const planned: Record<string, number> = {};
  const plan = (what: string) => (planned[what] = (planned[what] ?? 0) + 1);

  // Distinct numbers: a running sequence per birth date and gender, spilling over into
  // the neighbouring counties' region codes once a day's 500 numbers are used.
  const sequences = new Map<string, number>();
  const newId = (birthDate: string, gender: 'M' | 'F'): string => {
    const key = birthDate + gender;
    const n = sequences.get(key) ?? 0;
    sequences.set(key, n + 1);
    return makeIdNumber(
      REGIONS[Math.floor(n / 500) % REGIONS.length] as string,
      birthDate,
      (n % 500) * 2,
      gender,
    );
  };
  const newChild = (): Child => {
    const age = Math.floor(random() * 18);
    const birth = new Date(Date.UTC(year - age - 1, 8, 1) + Math.floor(random() * 365) * 86_400_000);
    const birthDate = birth.toISOString().slice(0, 10);
    const gender = chance(0.52) ? 'M' : 'F';
    const name = pick(SURNAMES) + pick(GIVEN) + (chance(0.7) ? pick(GIVEN) : '');
    return {
      name,
      gender,
      birthDate,
      id: newId(birthDate, gender),
      age,
      village: Math.floor(random() * villages),
    };
  };

  const sex = (g: 'M' | 'F') => (g === 'M' ? '男' : '女');
  let studentNo = 0;
  const writeEnrolment = (
    c: Child,
    id: string,
    school: number,
    grade: number,
    status: string,
    mode = '普通',
  ) =>
    enrollment.row([
      c.name,
      sex(c.gender),
      id,
      `G${id}`,
      schoolCode(school),
      `第${school}学校`,
      gradeLabel(grade),
      `${1 + (studentNo++ % 4)}班`,
      status,
      mode,
    ]);
  const writePopulation = (c: Child, id: string) =>
    population.row([
      c.name,
      sex(c.gender),
      id,
      id === c.id ? '' : c.birthDate,
      villageCode(c.village),
      `第${Math.floor(c.village / 25)}镇`,
      `第${c.village % 25}村`,
      `H${c.village}-${population.rows}`,
      pick(SURNAMES) + pick(GIVEN),
      `138${String(population.rows).padStart(8, '0')}`,
      pick(RELATIONS),
      chance(0.05) ? '是' : '否',
      chance(0.1) ? '是' : '否',
    ]);

  for (let i = 0; i < options.children; i++) {
    const c = newChild();
    const compulsory = c.age >= 6 && c.age <= 15;
    let popId = c.id;
    if (compulsory && chance(MIX.populationTypo)) {
      popId = slip(c.id, random);
    } else if (chance(INVALID_POPULATION_ID)) {
      popId = c.id.slice(0, 17); // one digit short: invalid, so found only as a candidate
    }
    await writePopulation(c, popId);
    if (chance(DUPLICATE_POPULATION))
      await writePopulation({ ...c, village: (c.village + 1) % villages }, popId);

    const school = schoolOf(c.village);
    const usualGrade = c.age - 5;
    if (!compulsory) {
      if (c.age >= 3 && c.age <= 5 && chance(KINDERGARTEN_RATE))
        await writeEnrolment(c, c.id, school, usualGrade, '在读');
      if (c.age >= 16 && chance(SENIOR_RATE))
        await writeEnrolment(c, c.id, school, Math.min(12, usualGrade), '在读');
      if (c.age === 16 && chance(0.1)) await writeEnrolment(c, c.id, school, 9, '毕业');
      continue;
    }
    if (popId !== c.id && popId.length === 18) {
      plan('needs_review');
      await writeEnrolment(c, c.id, school, usualGrade, '在读');
      continue;
    }
    // A child whose own number is invalid has no exact match: any record of theirs is a candidate.
    const status = await accountFor(c, i, school, usualGrade);
    plan(popId !== c.id && status !== 'suspected_out_of_school' ? 'needs_review' : status);
  }

  async function accountFor(c: Child, i: number, school: number, usualGrade: number): Promise<string> {
    const r = random();
    let edge = 0;
    const next = (p: number) => r < (edge += p);
    if (next(MIX.outOfCounty)) {
      await outOfCounty.row([
        c.name,
        c.id,
        `${pick(REMOTE)}第${school}小学`,
        pick(REMOTE),
        usualGrade,
        '学籍系统核查',
        `${year}-09-15`,
      ]);
      return 'enrolled_out_of_county';
    }
    if (next(MIX.exempt)) {
      await exemptions.row([
        c.name,
        c.id,
        chance(0.5) ? '缓学' : '免学',
        '身体原因',
        `略教发〔${year}〕${i % 100}号`,
        year,
      ]);
      return 'exempt';
    }
    if (next(MIX.suspended)) {
      await writeEnrolment(c, c.id, school, usualGrade, '休学');
      return 'suspended';
    }
    if (next(MIX.droppedOut)) {
      await writeEnrolment(c, c.id, school, usualGrade, '辍学');
      return 'suspected_out_of_school';
    }
    if (next(MIX.unaccounted)) {
      if (chance(0.2)) await exemptions.row([c.name, c.id, '缓学', '身体原因', '', year - 1]); // last year's
      return 'suspected_out_of_school';
    }
    if (next(MIX.enrolmentTypo)) {
      await writeEnrolment(c, slip(c.id, random), school, usualGrade, '在读');
      return 'needs_review';
    }
    if (c.age === 15 && chance(0.3)) {
      await writeEnrolment(c, c.id, school, 9, '毕业');
      return 'completed_compulsory';
    }
    const grade = chance(OVER_AGE) ? Math.max(1, usualGrade - 2) : usualGrade;
    await writeEnrolment(c, c.id, school, grade, '在读', chance(HOME_TEACHING) ? '送教上门' : '普通');
    if (chance(DUPLICATE_ENROLMENT)) await writeEnrolment(c, c.id, (school + 1) % schools, grade, '在读');
    return 'enrolled_in_county';
  }

  // Migrant children: enrolled here, registered in another county.
  const migrants = Math.round(options.children * MIGRANTS);
  for (let i = 0; i < migrants; i++) {
    const c = newChild();
    const id = makeIdNumber('510101', c.birthDate, (i % 500) * 2, c.gender);
    if (c.age >= 6 && c.age <= 15) await writeEnrolment(c, id, schoolOf(c.village), c.age - 5, '在读');
  }

  await Promise.all([population.close(), enrollment.close(), outOfCounty.close(), exemptions.close()]);
  return {
    files: {
      population: population.path,
      enrollment: enrollment.path,
      outOfCounty: outOfCounty.path,
      exemptions: exemptions.path,
    },
    rows: {
      population: population.rows,
      enrollment: enrollment.rows,
      outOfCounty: outOfCounty.rows,
      exemptions: exemptions.rows,
    },
    planned,
  };
}

/** One typing slip in the serial part of a number: a substituted digit or two swapped neighbours. */
function slip(id: string, random: () => number): string {
  const at = 14 + Math.floor(random() * 3);
  if (random() < 0.5 && id[at] !== id[at + 1])
    return id.slice(0, at) + id[at + 1] + id[at] + id.slice(at + 2);
  const digit = String((Number(id[at]) + 1 + Math.floor(random() * 8)) % 10);
  return id.slice(0, at) + digit + id.slice(at + 1);
}

async function cli(args: string[]): Promise<void> {
  const children = Number(args[0] ?? 45_000);
  const outDir = args[1] ?? join('bench', 'out', `rosters-${children}`);
  const started = performance.now();
  const generated = await generateRosters({ children, outDir });
  console.log(JSON.stringify({ ...generated, seconds: (performance.now() - started) / 1000 }, null, 2));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  await cli(process.argv.slice(2));
