import { createHash } from 'node:crypto';
import {
  COMPULSORY_AGE_DEFAULT,
  SCHOOL_TYPE_GRADES,
  ageInSchoolYear,
  isCompulsoryAge,
  isCompulsorySchoolType,
  isValidIdNumber,
  parseIdNumber,
} from '@baoxue/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  DEMO_TITLES,
  generateDemoCounty,
  type DemoCounty,
  type PopulationRow,
} from './generate';
import { isSyntheticPhone } from './names';
import { createRandom, WeightedTable } from './random';

describe('random', () => {
  it('is deterministic from its seed, and forks are independent of use', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const xs = Array.from({ length: 50 }, () => a.int(0, 1000));
    expect(Array.from({ length: 50 }, () => b.int(0, 1000))).toEqual(xs);
    expect(createRandom(43).int(0, 1_000_000)).not.toBe(createRandom(42).int(0, 1_000_000));
    const used = createRandom(1);
    used.float();
    expect(used.fork('x').float()).toBe(createRandom(1).fork('x').float());
  });

  it('draws within range and by weight', () => {
    const rng = createRandom(7);
    const counts = { a: 0, b: 0 };
    const table = new WeightedTable<'a' | 'b'>([
      ['a', 9],
      ['b', 1],
    ]);
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      seen.add(rng.int(3, 5));
      counts[table.draw(rng)]++;
    }
    expect([...seen].sort()).toEqual([3, 4, 5]);
    expect(counts.a / 10_000).toBeCloseTo(0.9, 1);
    expect(rng.shuffled([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(rng.weighted(['x', 'y'], (v) => (v === 'y' ? 1 : 0))).toBe('y');
  });
});

describe('generateDemoCounty', () => {
  let demo: DemoCounty;
  beforeAll(() => {
    demo = generateDemoCounty();
  }, 60_000);
  const digest = (d: DemoCounty) => createHash('sha256').update(JSON.stringify(d)).digest('hex');

  const t = () => demo.tables;
  const compulsoryAge = () =>
    demo.population.filter((p) =>
      isCompulsoryAge(ageInSchoolYear(p.birthDate, demo.schoolYear), COMPULSORY_AGE_DEFAULT),
    );

  it('is deterministic: the same seed gives byte-identical output, another seed another county', () => {
    expect(digest(generateDemoCounty())).toBe(digest(demo));
    const small = digest(generateDemoCounty({ seed: 5, scale: 0.1 }));
    expect(digest(generateDemoCounty({ seed: 5, scale: 0.1 }))).toBe(small);
    expect(digest(generateDemoCounty({ seed: 6, scale: 0.1 }))).not.toBe(small);
  }, 60_000);

  it('has the real division tree of 略阳县', () => {
    const regions = t().regions;
    expect(regions).toHaveLength(1 + 17 + 165);
    expect(regions.filter((r) => r.level === 'county')).toEqual([
      { county_code: '610727', code: '610727', name: '略阳县', level: 'county', parent_code: null },
    ]);
    const towns = regions.filter((r) => r.level === 'town');
    expect(towns).toHaveLength(17);
    expect(towns.every((r) => r.parent_code === '610727' && /^610727\d{3}$/.test(r.code))).toBe(true);
    const townCodes = new Set(towns.map((r) => r.code));
    const villages = regions.filter((r) => r.level === 'village');
    expect(
      villages.every((v) => townCodes.has(v.parent_code ?? '') && v.code.startsWith(v.parent_code ?? 'x')),
    ).toBe(true);
    expect(regions.find((r) => r.code === '610727101')?.name).toBe('接官亭镇');
    expect(t().counties).toEqual([{ county_code: '610727', name: '略阳县' }]);
  });

  it('has 57 compulsory-education schools plus kindergartens, senior high schools and a special school', () => {
    const schools = t().schools;
    expect(schools.filter((s) => isCompulsorySchoolType(s.type))).toHaveLength(57);
    const byType = (type: string) => schools.filter((s) => s.type === type).length;
    expect(byType('kindergarten')).toBeGreaterThanOrEqual(15);
    expect(byType('kindergarten')).toBeLessThanOrEqual(19);
    expect(byType('senior') + byType('complete_secondary')).toBe(2);
    expect(byType('special')).toBe(1);
    expect(byType('teaching_point')).toBeGreaterThan(5);
    expect(new Set(schools.map((s) => s.code)).size).toBe(schools.length);
    expect(new Set(schools.map((s) => s.name)).size).toBe(schools.length);
    expect(schools.every((s) => /^2161\d{6}$/.test(s.code))).toBe(true);
    // The county seat has more and bigger schools than any town.
    const perTown = new Map<string, number>();
    for (const s of schools) perTown.set(s.town_code, (perTown.get(s.town_code) ?? 0) + 1);
    expect(Math.max(...perTown.values())).toBe(perTown.get('610727001'));
    expect(perTown.size).toBe(17);
    // Rural junior and nine-year schools board.
    const rural = schools.filter(
      (s) =>
        (s.type === 'junior' || s.type === 'nine_year') && !['610727001', '610727002'].includes(s.town_code),
    );
    expect(rural.length).toBeGreaterThan(10);
    expect(rural.every((s) => s.boarding)).toBe(true);
  });

  it('serves every village with a primary-level and a junior-level school, mostly in its own town', () => {
    const typeOf = new Map(t().schools.map((s) => [s.code, s]));
    const villages = t().regions.filter((r) => r.level === 'village');
    let sameTown = 0;
    for (const v of villages) {
      const schools = t()
        .school_service_areas.filter((a) => a.village_code === v.code)
        .map((a) => typeOf.get(a.school_code));
      const covers = (grade: number) =>
        schools.some(
          (s) => s && SCHOOL_TYPE_GRADES[s.type].from <= grade && SCHOOL_TYPE_GRADES[s.type].to >= grade,
        );
      expect(covers(1) && covers(6), `primary for ${v.code}`).toBe(true);
      expect(covers(7) && covers(9), `junior for ${v.code}`).toBe(true);
      if (schools.some((s) => s?.town_code === v.parent_code)) sameTown++;
    }
    expect(sameTown).toBe(villages.length);
    const regionCodes = new Set(villages.map((v) => v.code));
    expect(
      t().school_service_areas.every((a) => regionCodes.has(a.village_code) && typeOf.has(a.school_code)),
    ).toBe(true);
  });

  it('has classes of a sensible size, each with a head teacher of its own school', () => {
    const staffById = new Map(t().staff.map((s) => [s.id, s]));
    const schoolOf = new Map(t().schools.map((s) => [s.code, s]));
    const size = new Map<number, number>();
    for (const s of t().students)
      if (s.class_id !== null) size.set(s.class_id, (size.get(s.class_id) ?? 0) + 1);
    for (const c of t().classes) {
      const head = staffById.get(c.head_teacher_staff_id ?? -1);
      expect(head?.school_code, `class ${c.id}`).toBe(c.school_code);
      expect(c.school_year).toBe(2026);
      const school = schoolOf.get(c.school_code);
      expect(
        school &&
          SCHOOL_TYPE_GRADES[school.type].from <= c.grade &&
          SCHOOL_TYPE_GRADES[school.type].to >= c.grade,
      ).toBe(true);
      expect(size.get(c.id) ?? 0).toBeGreaterThan(0);
      expect(size.get(c.id) ?? 0).toBeLessThanOrEqual(56);
    }
    const compulsory = t().classes.filter((c) => c.grade >= 1 && c.grade <= 9 && (size.get(c.id) ?? 0) >= 20);
    const average = compulsory.reduce((sum, c) => sum + (size.get(c.id) ?? 0), 0) / compulsory.length;
    expect(average).toBeGreaterThan(33);
    expect(average).toBeLessThan(46);
    const keys = t().classes.map((c) => `${c.school_code}/${c.grade}/${c.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has the staff of the seed: teachers, principals, officials, inspectors, leaders', () => {
    const staff = t().staff;
    const of = (kind: string) => staff.filter((s) => s.kind === kind);
    expect(of('teacher').length).toBeGreaterThanOrEqual(1710);
    const compulsorySchools = new Set(
      t()
        .schools.filter((s) => isCompulsorySchoolType(s.type))
        .map((s) => s.code),
    );
    // 1,710 in the compulsory schools, plus the senior department of the 完全中学.
    const inCompulsory = of('teacher').filter((s) => compulsorySchools.has(s.school_code ?? '')).length;
    expect(inCompulsory).toBeGreaterThanOrEqual(1710);
    expect(inCompulsory).toBeLessThan(1900);
    const party = of('teacher').filter((s) => s.party_member).length / of('teacher').length;
    expect(party).toBeGreaterThan(0.2);
    expect(party).toBeLessThan(0.32);
    expect(of('principal')).toHaveLength(t().schools.length);
    expect(new Set(of('principal').map((p) => p.school_code)).size).toBe(t().schools.length);
    expect(of('inspector')).toHaveLength(61);
    expect(of('inspector').every((s) => s.zone_id !== null)).toBe(true);
    expect(staff.filter((s) => s.title === DEMO_TITLES.countyHead)).toHaveLength(1);
    expect(staff.filter((s) => s.title === DEMO_TITLES.bureauDirector)).toHaveLength(1);
    for (const region of t().regions) {
      const titles = staff.filter((s) => s.region_code === region.code).map((s) => s.title);
      if (region.level === 'town') {
        expect(titles).toContain(DEMO_TITLES.townOfficer);
        expect(titles.some((x) => x === DEMO_TITLES.townHead || x === DEMO_TITLES.subdistrictHead)).toBe(
          true,
        );
      }
      if (region.level === 'village') {
        expect(titles).toContain(DEMO_TITLES.gridWorker);
        expect(titles.some((x) => x === DEMO_TITLES.villageHead || x === DEMO_TITLES.communityHead)).toBe(
          true,
        );
      }
    }
    expect(new Set(staff.map((s) => s.id)).size).toBe(staff.length);
    expect(staff.every((s) => s.phone !== null && isSyntheticPhone(s.phone))).toBe(true);
  });

  it('groups the 17 towns into about 8 inspection zones, each town in exactly one', () => {
    expect(t().inspection_zones.length).toBeGreaterThanOrEqual(6);
    expect(t().inspection_zones.length).toBeLessThanOrEqual(10);
    const towns = t().zone_towns.map((z) => z.town_code);
    expect(towns).toHaveLength(17);
    expect(new Set(towns).size).toBe(17);
    const zones = new Set(t().inspection_zones.map((z) => z.id));
    expect(t().zone_towns.every((z) => zones.has(z.zone_id))).toBe(true);
    for (const zone of zones) expect(t().staff.filter((s) => s.zone_id === zone).length).toBeGreaterThan(0);
  });

  it('has a population of children aged 0–17 with valid, consistent identity numbers', () => {
    const pop = demo.population;
    expect(pop.length).toBeGreaterThan(36_000);
    expect(pop.length).toBeLessThan(48_000);
    const invalid = new Set(demo.anomalies.invalidIdNumbers);
    const villages = new Set(
      t()
        .regions.filter((r) => r.level === 'village')
        .map((r) => r.code),
    );
    let local = 0;
    const problems: string[] = [];
    for (const p of pop) {
      const age = ageInSchoolYear(p.birthDate, demo.schoolYear);
      if (age < 0 || age > 17) problems.push(`${p.idNumber}: age ${age}`);
      if (!villages.has(p.villageCode)) problems.push(`${p.idNumber}: village ${p.villageCode}`);
      if (!isSyntheticPhone(p.guardianPhone)) problems.push(`${p.idNumber}: phone ${p.guardianPhone}`);
      if (invalid.has(p.idNumber)) continue;
      const parsed = parseIdNumber(p.idNumber);
      if (!parsed.valid || parsed.birthDate !== p.birthDate || parsed.gender !== p.gender) {
        problems.push(`${p.idNumber}: ${JSON.stringify(parsed)} vs ${p.birthDate} ${p.gender}`);
      }
      if (p.idNumber.startsWith('610727')) local++;
    }
    expect(problems).toEqual([]);
    expect(local / pop.length).toBeGreaterThan(0.97);
    expect(local).toBeLessThan(pop.length);
    // The county seat holds the most children.
    const seat = pop.filter((p) => p.villageCode.startsWith('610727001')).length;
    expect(seat / pop.length).toBeGreaterThan(0.25);
    expect(pop.some((p) => p.name.includes('·'))).toBe(true);
    expect(new Set(pop.map((p) => p.idNumber)).size).toBe(
      pop.length - demo.anomalies.duplicatePopulation.length,
    );
  });

  it('has valid identity numbers in the registry except the deliberate anomalies', () => {
    const invalid = new Set(demo.anomalies.invalidIdNumbers);
    expect(invalid.size).toBeGreaterThan(0);
    const bad = t().students.filter((s) => !invalid.has(s.id_number) && !isValidIdNumber(s.id_number));
    expect(bad).toEqual([]);
    for (const id of invalid) expect(isValidIdNumber(id)).toBe(false);
  });

  it('enrols about 25k students, derived consistently from the population', () => {
    const students = t().students;
    expect(students.length).toBeGreaterThan(24_000);
    expect(students.length).toBeLessThan(31_000);
    // The first row of a child registered twice is the one the registry follows.
    const byId = new Map<string, PopulationRow>();
    for (const p of demo.population) if (!byId.has(p.idNumber)) byId.set(p.idNumber, p);
    let matched = 0;
    const problems: string[] = [];
    const schoolOf = new Map(t().schools.map((s) => [s.code, s]));
    const classOf = new Map(t().classes.map((c) => [c.id, c]));
    for (const s of students) {
      const p = byId.get(s.id_number);
      if (p) {
        matched++;
        const same =
          s.name === p.name &&
          s.gender === p.gender &&
          s.birth_date === p.birthDate &&
          s.village_code === p.villageCode &&
          s.guardian_name === p.guardianName &&
          s.guardian_phone === p.guardianPhone &&
          s.poverty_registered === p.povertyRegistered &&
          s.left_behind === p.leftBehind;
        if (!same) problems.push(`student ${s.id} differs from the population row`);
      }
      if (!schoolOf.has(s.school_code)) problems.push(`student ${s.id}: school ${s.school_code}`);
      if (s.class_id !== null) {
        const c = classOf.get(s.class_id);
        if (c?.school_code !== s.school_code || c.grade !== s.grade) problems.push(`student ${s.id}: class`);
      } else if (s.status === 'enrolled') problems.push(`student ${s.id}: enrolled without a class`);
      if (s.village_code === null || s.guardian_phone === null)
        problems.push(`student ${s.id}: no village/guardian`);
    }
    expect(problems).toEqual([]);
    expect(matched / students.length).toBeGreaterThan(0.99);
  });

  it('gives reconciliation a realistic mix', () => {
    const students = t().students;
    const compulsoryEnrolled = students.filter(
      (s) => s.status === 'enrolled' && s.grade >= 1 && s.grade <= 9,
    );
    const poverty = compulsoryEnrolled.filter((s) => s.poverty_registered).length;
    const leftBehind = compulsoryEnrolled.filter((s) => s.left_behind).length;
    expect(Math.abs(poverty - 4212)).toBeLessThan(50);
    expect(Math.abs(leftBehind - 948)).toBeLessThan(20);
    expect(students.filter((s) => s.study_mode === 'home_teaching')).toHaveLength(35);
    expect(students.filter((s) => s.study_mode === 'inclusion').length).toBeGreaterThan(50);
    expect(students.filter((s) => s.study_mode === 'special_school').length).toBeGreaterThan(20);
    expect(students.filter((s) => s.status === 'suspended').length).toBeGreaterThan(10);
    expect(students.filter((s) => s.status === 'dropped_out').length).toBeGreaterThan(3);

    const children = compulsoryAge();
    const statuses = demo.intendedStatuses;
    const total = Object.values(statuses).reduce((a, b) => a + b, 0);
    expect(total).toBe(new Set(children.map((c) => c.idNumber)).size);
    expect(statuses.enrolled_out_of_county / total).toBeGreaterThan(0.03);
    expect(statuses.enrolled_out_of_county / total).toBeLessThan(0.04);
    expect(statuses.suspected_out_of_school / total).toBeGreaterThan(0.002);
    expect(statuses.suspected_out_of_school / total).toBeLessThan(0.005);
    expect(statuses.exempt).toBeGreaterThan(0);
    expect(statuses.needs_review).toBeGreaterThan(10);
    expect(statuses.enrolled_in_county / total).toBeGreaterThan(0.9);

    // The deliberate irregularities are where they claim to be.
    const popIds = new Set(demo.population.map((p) => p.idNumber));
    const enrolledIds = students.map((s) => s.id_number);
    const anyRecord = new Set([
      ...enrolledIds,
      ...demo.outOfCounty.map((o) => o.idNumber),
      ...demo.exemptions.map((e) => e.idNumber),
    ]);
    for (const id of demo.anomalies.missing) expect(anyRecord.has(id)).toBe(false);
    for (const typo of demo.anomalies.typoEnrolments) {
      expect(popIds.has(typo.enrolledId)).toBe(false);
      expect(anyRecord.has(typo.enrolledId)).toBe(true);
      expect(anyRecord.has(typo.populationId)).toBe(false);
    }
    for (const id of demo.anomalies.duplicateEnrolments) {
      const schools = students
        .filter((s) => s.id_number === id && s.status === 'enrolled')
        .map((s) => s.school_code);
      expect(new Set(schools).size).toBe(2);
    }
    for (const id of demo.anomalies.migrantEnrolments) {
      expect(popIds.has(id)).toBe(false);
      expect(id.startsWith('610727')).toBe(false);
    }
    expect(demo.anomalies.migrantEnrolments.length).toBeGreaterThan(20);
    for (const id of demo.anomalies.dropouts) {
      expect(students.filter((s) => s.id_number === id).map((s) => s.status)).toEqual(['dropped_out']);
    }

    const outIds = new Set(demo.outOfCounty.map((o) => o.idNumber));
    expect(outIds.size).toBe(demo.outOfCounty.length);
    expect(
      demo.outOfCounty.filter(
        (o) =>
          !popIds.has(o.idNumber) ||
          !['学籍系统核查', '学校证明', '电话核实'].includes(o.verificationMethod) ||
          !o.verificationDate.startsWith('2026-'),
      ),
    ).toEqual([]);
    expect(students.filter((s) => s.status === 'enrolled' && outIds.has(s.id_number))).toEqual([]);
    for (const e of demo.exemptions) {
      expect(popIds.has(e.idNumber)).toBe(true);
      expect(['缓学', '免学']).toContain(e.type);
      expect(e.reason.length).toBeGreaterThan(4);
    }
  });

  it('has one demo account per role, each scoped to rows that exist', () => {
    const users = t().users;
    expect(users.map((u) => u.username)).toEqual([
      'admin',
      'leader',
      'inspector',
      'town',
      'village',
      'school',
      'teacher',
    ]);
    expect(new Set(users.map((u) => u.role)).size).toBe(7);
    expect(demo.accounts.every((a) => a.password === DEMO_PASSWORD)).toBe(true);
    expect(users.every((u) => u.is_demo && !u.must_change_password)).toBe(true);
    const staffById = new Map(t().staff.map((s) => [s.id, s]));
    const regions = new Map(t().regions.map((r) => [r.code, r]));
    const schools = new Map(t().schools.map((s) => [s.code, s]));
    for (const u of users) expect(staffById.has(u.staff_id ?? -1), u.username).toBe(true);
    const get = (name: string) => users.find((u) => u.username === name);

    expect(get('admin')).toMatchObject({
      role: 'county_admin',
      scope_code: '610727',
      can_view_full_id: true,
    });
    expect(get('leader')).toMatchObject({ role: 'county_leader', scope_code: '610727' });
    const inspector = get('inspector');
    expect(t().zone_towns).toContainEqual({
      county_code: '610727',
      zone_id: Number(inspector?.scope_code),
      town_code: '610727101',
    });
    expect(staffById.get(inspector?.staff_id ?? -1)?.zone_id).toBe(Number(inspector?.scope_code));
    expect(get('town')?.scope_code).toBe('610727101');
    expect(regions.get(get('village')?.scope_code ?? '')?.parent_code).toBe('610727101');
    const school = schools.get(get('school')?.scope_code ?? '');
    expect(school?.town_code).toBe('610727101');
    expect(school && isCompulsorySchoolType(school.type)).toBe(true);
    const teacher = get('teacher');
    expect(teacher?.scope_code).toBe(String(teacher?.staff_id));
    expect(staffById.get(teacher?.staff_id ?? -1)?.school_code).toBe(school?.code);
    expect(
      t().classes.some(
        (c) => c.head_teacher_staff_id === teacher?.staff_id && c.school_code === school?.code,
      ),
    ).toBe(true);
    expect(demo.accounts.map((a) => [a.username, a.scopeCode])).toEqual(
      users.map((u) => [u.username, u.scope_code]),
    );
  });

  it('scales down for quick tests and keeps the division tree', () => {
    const small = generateDemoCounty({ scale: 0.05, schoolYear: 2025 });
    expect(small.tables.regions).toHaveLength(183);
    expect(small.population.length).toBeGreaterThan(1500);
    expect(small.population.length).toBeLessThan(2500);
    expect(small.tables.classes.every((c) => c.school_year === 2025)).toBe(true);
    expect(small.tables.users).toHaveLength(7);
  });
});
