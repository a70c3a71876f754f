import { describe, expect, it } from 'vitest';
import { makeIdNumber, parseIdNumber } from '@baoxue/shared';
import { candidateKey, childKey, createReconciler, EnrollmentGatherer, reconcile } from './engine';
import { comparable } from './test-results';
import {
  CHILD_STATUSES,
  type EnrollmentInput,
  type ExemptionInput,
  type OutOfCountyInput,
  type PopulationInput,
  type ReconcilerOptions,
  type ReviewDecision,
} from './types';

// ---------------------------------------------------------------- factories

const YEAR = 2026;
const VILLAGE = '610727100201';
const SCHOOL = '2161000001';
const OTHER_SCHOOL = '2161000002';

let nextRow = 1;

/** A valid identity number of a child born on `birthDate`. */
function idOf(birthDate: string, seq = 1, gender: 'M' | 'F' = 'F'): string {
  return makeIdNumber('610727', birthDate, seq, gender);
}

function person(raw: string, name: string, birthDate: string | null, gender: 'M' | 'F' | null) {
  const id = parseIdNumber(raw);
  return {
    row: nextRow++,
    name,
    idNumber: id.normalized,
    idValid: id.valid,
    birthDate: id.birthDate ?? birthDate,
    gender: id.gender ?? gender,
  };
}

function child(
  raw: string,
  opts: { name?: string; birthDate?: string; gender?: 'M' | 'F'; villageCode?: string | null } = {},
): PopulationInput {
  const p = person(raw, opts.name ?? '李娜', opts.birthDate ?? null, opts.gender ?? 'F');
  if (p.birthDate === null || p.gender === null)
    throw new Error('a test child needs a birth date and gender');
  return {
    ...p,
    birthDate: p.birthDate,
    gender: p.gender,
    villageCode: opts.villageCode === undefined ? VILLAGE : opts.villageCode,
  };
}

function enrolment(raw: string, opts: Partial<Omit<EnrollmentInput, 'idNumber'>> = {}): EnrollmentInput {
  const p = person(raw, opts.name ?? '李娜', null, opts.gender ?? 'F');
  return { ...p, schoolCode: SCHOOL, grade: 3, status: 'enrolled', mode: 'regular', ...opts, row: p.row };
}

function outOfCounty(raw: string, name = '李娜'): OutOfCountyInput {
  return person(raw, name, null, null);
}

function exemption(raw: string, schoolYear = YEAR, name = '李娜'): ExemptionInput {
  return { ...person(raw, name, null, null), schoolYear };
}

type Inputs = Parameters<typeof reconcile>[1];

function run(inputs: Inputs, options: Partial<ReconcilerOptions> = {}) {
  return reconcile({ schoolYear: YEAR, ...options }, inputs);
}

function only(inputs: Inputs, options: Partial<ReconcilerOptions> = {}) {
  const result = run(inputs, options);
  expect(result.children).toHaveLength(1);
  return result.children[0]!;
}

const A = idOf('2017-03-04');

// ---------------------------------------------------------------------- age

describe('school year and age', () => {
  it('counts age on 31 August of the school year', () => {
    const born0831 = child(idOf('2020-08-31'));
    const born0901 = child(idOf('2020-09-01'));
    const result = run({ population: [born0831, born0901] });
    expect(result.children.map((c) => c.idNumber)).toEqual([born0831.idNumber]);
    expect(result.children[0]!.age).toBe(6);
  });

  it('keeps 15-year-olds and drops 16-year-olds by default', () => {
    const fifteen = child(idOf('2010-09-01'));
    const sixteen = child(idOf('2010-08-31'));
    const result = run({ population: [fifteen, sixteen] });
    expect(result.children.map((c) => [c.idNumber, c.age])).toEqual([[fifteen.idNumber, 15]]);
  });

  it('follows the county setting for the compulsory ages', () => {
    const sixteen = child(idOf('2010-08-31'));
    const six = child(idOf('2020-01-01'));
    const result = run({ population: [sixteen, six] }, { compulsoryAge: { min: 7, max: 16 } });
    expect(result.children.map((c) => c.age)).toEqual([16]);
  });

  it('takes the birth date of a child without a valid number from the row', () => {
    const c = child('', { birthDate: '2019-05-01' });
    expect(only({ population: [c] }).age).toBe(7);
  });
});

// ------------------------------------------------------------------- statuses

describe('statuses', () => {
  it('enrolled_in_county: an exact 在读 enrolment, with its school', () => {
    const c = only({ population: [child(A)], enrollment: [enrolment(A, { schoolCode: OTHER_SCHOOL })] });
    expect(c).toMatchObject({ status: 'enrolled_in_county', schoolCode: OTHER_SCHOOL, flags: [] });
  });

  it('enrolled_in_county at any stage, kindergarten included', () => {
    const young = idOf('2020-02-02');
    expect(only({ population: [child(young)], enrollment: [enrolment(young, { grade: 0 })] }).status).toBe(
      'enrolled_in_county',
    );
  });

  it('flags home_teaching when the enrolment is 送教上门', () => {
    const c = only({ population: [child(A)], enrollment: [enrolment(A, { mode: 'home_teaching' })] });
    expect(c).toMatchObject({ status: 'enrolled_in_county', flags: ['home_teaching'] });
  });

  it('enrolled_out_of_county: an exact out-of-county record', () => {
    expect(only({ population: [child(A)], outOfCounty: [outOfCounty(A)] })).toMatchObject({
      status: 'enrolled_out_of_county',
      schoolCode: null,
    });
  });

  it('exempt: an exemption for this school year only', () => {
    expect(only({ population: [child(A)], exemptions: [exemption(A, YEAR)] }).status).toBe('exempt');
    expect(only({ population: [child(A)], exemptions: [exemption(A, YEAR - 1)] }).status).toBe(
      'suspected_out_of_school',
    );
  });

  it('suspended: an exact 休学 enrolment', () => {
    expect(
      only({ population: [child(A)], enrollment: [enrolment(A, { status: 'suspended' })] }),
    ).toMatchObject({
      status: 'suspended',
      schoolCode: SCHOOL,
    });
  });

  it('completed_compulsory: 毕业 at grade 9 or above, not below', () => {
    const old = idOf('2011-01-01');
    expect(
      only({ population: [child(old)], enrollment: [enrolment(old, { status: 'graduated', grade: 9 })] })
        .status,
    ).toBe('completed_compulsory');
    expect(
      only({ population: [child(old)], enrollment: [enrolment(old, { status: 'graduated', grade: 10 })] })
        .status,
    ).toBe('completed_compulsory');
    expect(
      only({ population: [child(old)], enrollment: [enrolment(old, { status: 'graduated', grade: 6 })] })
        .status,
    ).toBe('suspected_out_of_school');
  });

  it('needs_review: a candidate exists', () => {
    const typo = idOf('2017-03-04', 2);
    const c = only({ population: [child(A)], enrollment: [enrolment(typo)] });
    expect(c.status).toBe('needs_review');
    expect(c.candidates).toEqual([
      {
        source: 'enrollment',
        idNumber: typo,
        name: '李娜',
        rule: 'same_birth_date_and_name',
        schoolCode: SCHOOL,
      },
    ]);
  });

  it('suspected_out_of_school: nothing at all, or only 辍学 or 转出, keeping the last school', () => {
    expect(only({ population: [child(A)] })).toMatchObject({
      status: 'suspected_out_of_school',
      schoolCode: null,
    });
    expect(
      only({ population: [child(A)], enrollment: [enrolment(A, { status: 'dropped_out' })] }),
    ).toMatchObject({
      status: 'suspected_out_of_school',
      schoolCode: SCHOOL,
    });
    expect(
      only({
        population: [child(A)],
        enrollment: [enrolment(A, { status: 'transferred_out', schoolCode: OTHER_SCHOOL })],
      }),
    ).toMatchObject({ status: 'suspected_out_of_school', schoolCode: OTHER_SCHOOL });
  });

  it('a 转出 followed by a 在读 elsewhere in the county is enrolled there', () => {
    const c = only({
      population: [child(A)],
      enrollment: [enrolment(A, { status: 'transferred_out' }), enrolment(A, { schoolCode: OTHER_SCHOOL })],
    });
    expect(c).toMatchObject({ status: 'enrolled_in_county', schoolCode: OTHER_SCHOOL });
  });

  it('a 转出 with an out-of-county record is enrolled out of the county', () => {
    const c = only({
      population: [child(A)],
      enrollment: [enrolment(A, { status: 'transferred_out' })],
      outOfCounty: [outOfCounty(A)],
    });
    expect(c.status).toBe('enrolled_out_of_county');
  });
});

describe('status priority: the first rule that applies wins', () => {
  it('在读 beats an out-of-county record', () => {
    expect(
      only({ population: [child(A)], enrollment: [enrolment(A)], outOfCounty: [outOfCounty(A)] }).status,
    ).toBe('enrolled_in_county');
  });

  it('out of county beats an exemption', () => {
    expect(
      only({ population: [child(A)], outOfCounty: [outOfCounty(A)], exemptions: [exemption(A)] }).status,
    ).toBe('enrolled_out_of_county');
  });

  it('an exemption beats 休学', () => {
    expect(
      only({
        population: [child(A)],
        enrollment: [enrolment(A, { status: 'suspended' })],
        exemptions: [exemption(A)],
      }).status,
    ).toBe('exempt');
  });

  it('休学 beats 毕业 at grade 9', () => {
    const old = idOf('2011-01-01');
    const c = only({
      population: [child(old)],
      enrollment: [
        enrolment(old, { status: 'graduated', grade: 9 }),
        enrolment(old, { status: 'suspended', grade: 10 }),
      ],
    });
    expect(c.status).toBe('suspended');
  });

  it('an exact match of any kind stops the candidate search, even one that gives no status', () => {
    const near = idOf('2017-03-04', 2);
    const dropped = only({
      population: [child(A)],
      enrollment: [enrolment(A, { status: 'dropped_out' }), enrolment(near)],
    });
    expect(dropped).toMatchObject({ status: 'suspected_out_of_school', candidates: [] });
    const lastYear = only({
      population: [child(A)],
      exemptions: [exemption(A, YEAR - 1)],
      enrollment: [enrolment(near)],
    });
    expect(lastYear).toMatchObject({ status: 'suspected_out_of_school', candidates: [] });
  });

  it('takes the higher grade when a child is 在读 at two schools', () => {
    const c = only({
      population: [child(A)],
      enrollment: [
        enrolment(A, { grade: 6, schoolCode: SCHOOL }),
        enrolment(A, { grade: 7, schoolCode: OTHER_SCHOOL }),
      ],
    });
    expect(c.schoolCode).toBe(OTHER_SCHOOL);
  });

  it('takes the lower school code when the two grades are equal', () => {
    const c = only({
      population: [child(A)],
      enrollment: [enrolment(A, { schoolCode: OTHER_SCHOOL }), enrolment(A, { schoolCode: SCHOOL })],
    });
    expect(c.schoolCode).toBe(SCHOOL);
  });
});

// ---------------------------------------------------------------- matching

describe('exact matching', () => {
  it('matches normalised identity numbers, even an invalid one shared by both sides', () => {
    const invalid = '61072720170304001'; // 17 digits
    const c = only({
      population: [child(invalid, { birthDate: '2017-03-04' })],
      enrollment: [enrolment(invalid)],
    });
    expect(c).toMatchObject({ status: 'enrolled_in_county', flags: ['invalid_id'] });
  });

  it('matches a legacy 15-digit number against its upgraded form', () => {
    const eighteen = makeIdNumber('610727', '1999-01-01', 5, 'M');
    const fifteen = eighteen.slice(0, 6) + eighteen.slice(8, 17);
    const c = only(
      { population: [child(eighteen)], enrollment: [enrolment(fifteen)] },
      { compulsoryAge: { min: 0, max: 99 } },
    );
    expect(c.status).toBe('enrolled_in_county');
  });
});

describe('candidates', () => {
  const typo = idOf('2017-03-04', 7);

  it('same birth date and gender with a pinyin-equal name: 李娜 / 李那', () => {
    const c = only({ population: [child(A, { name: '李娜' })], outOfCounty: [outOfCounty(typo, '李那')] });
    expect(c.candidates).toMatchObject([
      { source: 'out_of_county', idNumber: typo, rule: 'same_birth_date_and_name' },
    ]);
  });

  it('same birth date and gender with names equal after normalisation', () => {
    const c = only({
      population: [child(A, { name: '李娜' })],
      exemptions: [exemption(typo, YEAR, ' 李 娜 ')],
    });
    expect(c.candidates).toHaveLength(1);
  });

  it('not with another gender, another birth date or another name', () => {
    const boy = idOf('2017-03-04', 8, 'M');
    const otherDay = idOf('2017-03-05');
    expect(only({ population: [child(A)], enrollment: [enrolment(boy)] }).status).toBe(
      'suspected_out_of_school',
    );
    expect(only({ population: [child(A)], enrollment: [enrolment(otherDay)] }).status).toBe(
      'suspected_out_of_school',
    );
    expect(only({ population: [child(A)], enrollment: [enrolment(typo, { name: '王芳' })] }).status).toBe(
      'suspected_out_of_school',
    );
  });

  it('a record without a valid number takes birth date and gender from its own columns', () => {
    const noNumberEnrolment: EnrollmentInput = { ...enrolment('XYZ'), birthDate: '2017-03-04', gender: 'F' };
    expect(only({ population: [child(A)], enrollment: [noNumberEnrolment] }).candidates).toMatchObject([
      { idNumber: 'XYZ', rule: 'same_birth_date_and_name' },
    ]);
  });

  it('one substituted character with an equal name, even across birth dates', () => {
    // The typo is in the birth-date digits, so only the number rule can find it.
    const substituted = A.slice(0, 13) + (A[13] === '5' ? '6' : '5') + A.slice(14);
    const c = only({ population: [child(A)], enrollment: [enrolment(substituted)] });
    expect(c.candidates).toMatchObject([{ idNumber: substituted, rule: 'similar_id_number' }]);
  });

  it('one swap of two adjacent characters with an equal name', () => {
    const id = idOf('2016-12-13', 1); // …1213… swap "12" → "21" (month 21: invalid, no birth date)
    const swapped = id.slice(0, 10) + id[11] + id[10] + id.slice(12);
    const c = only({ population: [child(id)], enrollment: [enrolment(swapped)] });
    expect(c.candidates).toMatchObject([{ idNumber: swapped, rule: 'similar_id_number' }]);
  });

  it('not for two substitutions, nor for a near number under a name equal only in pinyin', () => {
    const two = A.slice(0, 12) + (A[12] === '5' ? '6' : '5') + (A[13] === '5' ? '6' : '5') + A.slice(14);
    expect(only({ population: [child(A)], enrollment: [enrolment(two)] }).status).toBe(
      'suspected_out_of_school',
    );
    const one = A.slice(0, 13) + (A[13] === '5' ? '6' : '5') + A.slice(14);
    expect(
      only({ population: [child(A, { name: '李娜' })], enrollment: [enrolment(one, { name: '李那' })] })
        .status,
    ).toBe('suspected_out_of_school');
  });

  it('finds a candidate for a child whose own number carries the typo (and flags it)', () => {
    const childTypo = A.slice(0, 16) + (A[16] === '2' ? '4' : '2') + A[17]; // same parity: gender kept, check fails
    const c = only({
      population: [child(childTypo, { birthDate: '2017-03-04' })],
      enrollment: [enrolment(A)],
    });
    expect(c).toMatchObject({ status: 'needs_review', flags: ['invalid_id'] });
    expect(c.candidates).toMatchObject([{ idNumber: A }]);
  });

  it('only among records whose number stands in no population row', () => {
    const sister = child(typo, { name: '李娜' });
    const result = run(
      { population: [child(A), sister], enrollment: [enrolment(typo)] },
      { compulsoryAge: { min: 0, max: 99 } },
    );
    const first = result.children.find((c) => c.idNumber === A)!;
    expect(first).toMatchObject({ status: 'suspected_out_of_school', candidates: [] });
  });

  it('lists several candidates in a stable order, each record once', () => {
    const e = enrolment(typo);
    const x = exemption(typo);
    const o = outOfCounty(idOf('2017-03-04', 9));
    const c = only({
      population: [child(A)],
      exemptions: [x],
      outOfCounty: [o],
      enrollment: [e, enrolment(typo)],
    });
    expect(c.candidates.map((k) => k.source)).toEqual(['enrollment', 'out_of_county', 'exemption']);
  });
});

describe('review decisions', () => {
  const typo = idOf('2017-03-04', 7);
  const decision = (
    d: ReviewDecision['decision'],
    source: ReviewDecision['source'] = 'enrollment',
  ): ReviewDecision => ({
    childKey: A,
    source,
    idNumber: typo,
    decision: d,
  });

  it('a confirmed candidate counts as a match for the status rules', () => {
    const result = run(
      { population: [child(A)], enrollment: [enrolment(typo, { schoolCode: OTHER_SCHOOL })] },
      {
        decisions: [decision('confirmed')],
      },
    );
    expect(result.children[0]).toMatchObject({
      status: 'enrolled_in_county',
      schoolCode: OTHER_SCHOOL,
      candidates: [],
    });
    expect(result.findings.filter((f) => f.code === 'enrolled_not_in_population')).toEqual([]);
  });

  it('a confirmed record weighs with the child’s own 在读 enrolment: the higher grade decides', () => {
    const result = run(
      {
        population: [child(A)],
        enrollment: [enrolment(A, { grade: 2 }), enrolment(typo, { schoolCode: OTHER_SCHOOL, grade: 3 })],
      },
      { decisions: [decision('confirmed')] },
    );
    expect(result.children[0]).toMatchObject({ status: 'enrolled_in_county', schoolCode: OTHER_SCHOOL });
  });

  it('a rejected candidate is no longer a candidate', () => {
    const result = run(
      { population: [child(A)], enrollment: [enrolment(typo)] },
      { decisions: [decision('rejected')] },
    );
    expect(result.children[0]).toMatchObject({ status: 'suspected_out_of_school', candidates: [] });
    // …and the student, belonging to nobody on the roster, is reported.
    expect(result.findings).toContainEqual(
      expect.objectContaining({ code: 'enrolled_not_in_population', idNumber: typo }),
    );
  });

  it('rejecting one candidate leaves the others', () => {
    const c = only(
      { population: [child(A)], enrollment: [enrolment(typo)], outOfCounty: [outOfCounty(typo)] },
      {
        decisions: [decision('rejected')],
      },
    );
    expect(c.candidates.map((k) => k.source)).toEqual(['out_of_county']);
  });

  it('a record confirmed for one child is no one else’s candidate', () => {
    const twin = child(idOf('2017-03-04', 3), { name: '李娜' });
    const result = run(
      { population: [child(A), twin], enrollment: [enrolment(typo)] },
      { decisions: [decision('confirmed')] },
    );
    expect(result.children.find((c) => c.idNumber === twin.idNumber)).toMatchObject({
      status: 'suspected_out_of_school',
    });
  });

  it('keys children by number, or by row when they have none', () => {
    expect(childKey({ idNumber: A, row: 3 })).toBe(A);
    expect(childKey({ idNumber: '', row: 3 })).toBe('row:3');
    expect(candidateKey('exemption', typo)).toBe(`exemption:${typo}`);
  });

  it('applies to a child without a number through its row key', () => {
    const c = child('', { birthDate: '2017-03-04' });
    const result = run(
      { population: [c], enrollment: [enrolment(typo)] },
      {
        decisions: [{ childKey: childKey(c), source: 'enrollment', idNumber: typo, decision: 'confirmed' }],
      },
    );
    expect(result.children[0]).toMatchObject({ status: 'enrolled_in_county', idNumber: null });
  });
});

// ------------------------------------------------------------------ findings

describe('findings', () => {
  it('invalid_id for a child and for a student, once each', () => {
    const badChild = child('61072720170304', { birthDate: '2017-03-04', name: '张三' });
    const badStudent = enrolment('12345', { name: '王五' });
    const result = run({
      population: [badChild],
      enrollment: [badStudent, enrolment('12345', { name: '王五' })],
    });
    expect(result.findings.filter((f) => f.code === 'invalid_id')).toEqual([
      { code: 'invalid_id', source: 'enrollment', idNumber: '12345', name: '王五', schoolCode: SCHOOL },
      {
        code: 'invalid_id',
        source: 'population',
        idNumber: '61072720170304',
        name: '张三',
        villageCode: VILLAGE,
      },
    ]);
  });

  it('invalid_id for a child without any number', () => {
    const result = run({ population: [child('', { birthDate: '2017-03-04' })] });
    expect(result.children[0]!.flags).toEqual(['invalid_id']);
    expect(result.findings).toEqual([
      { code: 'invalid_id', source: 'population', idNumber: null, name: '李娜', villageCode: VILLAGE },
    ]);
  });

  it('enrolled_not_in_population for a 在读 student on no roster row, exactly or as a candidate', () => {
    const migrant = idOf('2015-06-01', 3, 'M');
    const candidate = idOf('2017-03-04', 7);
    const result = run({
      population: [child(A)],
      enrollment: [
        enrolment(migrant, { name: '赵六', grade: 5 }),
        enrolment(candidate),
        enrolment(idOf('2014-01-01', 5), { status: 'graduated' }),
      ],
    });
    expect(result.findings.filter((f) => f.code === 'enrolled_not_in_population')).toEqual([
      { code: 'enrolled_not_in_population', idNumber: migrant, name: '赵六', schoolCode: SCHOOL, grade: 5 },
    ]);
  });

  it('counts a student on the roster outside compulsory age as on the roster', () => {
    const toddler = idOf('2023-01-01');
    const result = run({ population: [child(toddler)], enrollment: [enrolment(toddler, { grade: -2 })] });
    expect(result.children).toEqual([]);
    expect(result.findings).toEqual([]);
  });

  it('duplicate_enrollment: one number 在读 at two schools, not twice at one', () => {
    const twice = idOf('2016-01-01');
    const result = run({
      population: [child(A), child(twice)],
      enrollment: [
        enrolment(A, { schoolCode: OTHER_SCHOOL }),
        enrolment(A, { schoolCode: SCHOOL }),
        enrolment(twice),
        enrolment(twice),
        enrolment(twice, { schoolCode: OTHER_SCHOOL, status: 'transferred_out' }),
      ],
    });
    expect(result.findings.filter((f) => f.code === 'duplicate_enrollment')).toEqual([
      { code: 'duplicate_enrollment', idNumber: A, name: '李娜', schoolCodes: [SCHOOL, OTHER_SCHOOL] },
    ]);
  });

  it('duplicate_population: one number twice on the roster, one child in the output', () => {
    const first = child(A, { name: '李娜', villageCode: '610727100202' });
    const second = child(A, { name: '李娜', villageCode: VILLAGE });
    const result = run({ population: [second, first].sort((a, b) => b.row - a.row) });
    expect(result.children).toHaveLength(1);
    expect(result.children[0]!.villageCode).toBe('610727100202');
    expect(result.findings).toEqual([
      {
        code: 'duplicate_population',
        idNumber: A,
        name: '李娜',
        count: 2,
        villageCodes: [VILLAGE, '610727100202'],
      },
    ]);
  });

  it('over_age: two or more years older than usual for the grade, as a finding and a flag', () => {
    // Age 9 in 2026: usual for grade 4; grade 2 is two years behind, grade 3 only one.
    const nine = idOf('2017-01-01');
    const behind = idOf('2017-01-02');
    const result = run({
      population: [child(nine), child(behind)],
      enrollment: [enrolment(nine, { grade: 2 }), enrolment(behind, { grade: 3 })],
    });
    expect(result.findings).toEqual([
      { code: 'over_age', idNumber: nine, name: '李娜', age: 9, grade: 2, schoolCode: SCHOOL },
    ]);
    expect(result.children.find((c) => c.idNumber === nine)!.flags).toEqual(['over_age']);
    expect(result.children.find((c) => c.idNumber === behind)!.flags).toEqual([]);
  });

  it('over_age of a student whose invalid number stands on a child’s row: the child’s birth date, finding and flag alike', () => {
    const result = run({
      population: [child('BAD-1', { birthDate: '2014-01-01' })],
      enrollment: [enrolment('BAD-1', { grade: 1 })],
    });
    expect(result.children[0]).toMatchObject({ age: 12, flags: ['invalid_id', 'over_age'] });
    expect(result.findings.filter((f) => f.code === 'over_age')).toEqual([
      { code: 'over_age', idNumber: 'BAD-1', name: '李娜', age: 12, grade: 1, schoolCode: SCHOOL },
    ]);
  });

  it('orders findings by the table of the spec, then identity number', () => {
    const result = run({
      population: [child(A), child(A), child('bad', { birthDate: '2016-01-01' })],
      enrollment: [enrolment(A, { grade: 1 }), enrolment(A, { schoolCode: OTHER_SCHOOL, grade: 1 })],
    });
    expect(result.findings.map((f) => f.code)).toEqual([
      'invalid_id',
      'duplicate_enrollment',
      'duplicate_population',
      'over_age',
      'over_age',
    ]);
  });
});

// -------------------------------------------------------------------- output

describe('output', () => {
  it('has the exact shape of the spec, beside the origins the app asks for', () => {
    const result = run({ population: [child(A)], enrollment: [enrolment(A, { mode: 'home_teaching' })] });
    expect(Object.keys(result)).toEqual(['schoolYear', 'children', 'originOf', 'findings', 'summary']);
    expect(JSON.parse(JSON.stringify(result))).not.toHaveProperty('originOf');
    expect(Object.keys(result.children[0]!)).toEqual([
      'idNumber',
      'name',
      'age',
      'villageCode',
      'status',
      'schoolCode',
      'flags',
      'candidates',
    ]);
    expect(Object.keys(result.summary)).toEqual([...CHILD_STATUSES]);
    expect(result.summary).toEqual({
      enrolled_in_county: 1,
      enrolled_out_of_county: 0,
      exempt: 0,
      suspended: 0,
      completed_compulsory: 0,
      needs_review: 0,
      suspected_out_of_school: 0,
    });
  });

  it('tells for each child, in the same order, the population row it was taken from', () => {
    const older = idOf('2015-03-04', 1, 'M');
    const result = run({
      population: [
        { ...child(A), row: 7 },
        { ...child(older, { gender: 'M', birthDate: '2015-03-04' }), row: 3 },
        { ...child(A), row: 2 },
        { ...child('', { name: '无号', birthDate: '2016-05-06', gender: 'M' }), row: 9 },
      ],
    });
    const byRow = result.children.map((c, i) => [c.idNumber, result.originOf(i)]);
    expect(byRow).toEqual([
      [older, { row: 3, gender: 'M', birthDate: '2015-03-04' }],
      [A, { row: 2, gender: 'F', birthDate: '2017-03-04' }],
      [null, { row: 9, gender: 'M', birthDate: '2016-05-06' }],
    ]);
    expect(() => result.originOf(3)).toThrow(RangeError);
  });

  it('sorts children by village code, then identity number; unknown village and no number last', () => {
    const ids = [idOf('2016-01-01'), idOf('2015-01-01'), idOf('2014-01-01'), idOf('2013-01-01')];
    const population = [
      child(ids[0]!, { villageCode: '610727100202' }),
      child(ids[1]!, { villageCode: '610727100201' }),
      child(ids[2]!, { villageCode: '610727100202' }),
      child(ids[3]!, { villageCode: null }),
      child('', { birthDate: '2016-05-05', villageCode: '610727100201' }),
    ];
    const result = run({ population });
    expect(result.children.map((c) => [c.villageCode, c.idNumber])).toEqual([
      ['610727100201', ids[1]],
      ['610727100201', null],
      ['610727100202', ids[2]],
      ['610727100202', ids[0]],
      [null, ids[3]],
    ]);
  });

  it('orders valid and invalid numbers within a village as plain text', () => {
    const valid = [idOf('2016-01-01'), idOf('2016-01-01', 3), idOf('2012-05-05', 4, 'M')];
    const invalid = ['12345', '7', 'A1', valid[0]!.slice(0, 17), `${valid[1]!.slice(0, 15)}999`];
    const population = [...valid, ...invalid].map((id) => child(id, { birthDate: '2015-05-05' }));
    const result = run({ population: [...population].reverse() });
    const expected = [...valid, ...invalid].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(result.children.map((c) => c.idNumber)).toEqual(expected);
  });

  it('keeps children without a number apart, one per row', () => {
    const result = run({
      population: [child('', { birthDate: '2016-05-05' }), child('', { birthDate: '2016-05-05' })],
    });
    expect(result.children).toHaveLength(2);
  });

  it('is deterministic: the same inputs in another order give the same output', () => {
    const inputs = {
      population: [
        child(A),
        child(idOf('2016-02-02')),
        child('', { birthDate: '2015-01-01' }),
        child(idOf('2012-12-12', 4)),
      ],
      enrollment: [
        enrolment(A, { schoolCode: OTHER_SCHOOL }),
        enrolment(A),
        enrolment(idOf('2016-02-02', 9)),
        enrolment(idOf('2010-10-10', 2, 'M'), { name: '周七' }),
      ],
      outOfCounty: [outOfCounty(idOf('2012-12-12', 7))],
      exemptions: [exemption(idOf('2015-01-01', 8))],
    };
    const forward = run(inputs);
    const backward = run({
      population: [...inputs.population].reverse(),
      enrollment: [...inputs.enrollment].reverse(),
      outOfCounty: [...inputs.outOfCounty].reverse(),
      exemptions: [...inputs.exemptions].reverse(),
    });
    expect(JSON.stringify(backward)).toBe(JSON.stringify(forward));
    expect(forward.summary.needs_review).toBe(3);
  });

  it('takes enrolment gathered on another thread as it takes the records one by one', () => {
    const population = [
      child(A),
      child(idOf('2016-02-02')),
      child(idOf('2014-04-04', 5), { name: '王芳' }),
      child('', { birthDate: '2015-01-01', name: '无号' }),
    ];
    const enrollment = [
      enrolment(A, { schoolCode: OTHER_SCHOOL, grade: 4 }),
      enrolment(A),
      enrolment(A, { status: 'suspended', schoolCode: '2161000004' }),
      enrolment(idOf('2016-02-02'), { mode: 'home_teaching', grade: 1 }),
      enrolment(idOf('2014-04-04', 6), { name: '王芳', grade: 9 }),
      enrolment('12345', { name: '周七', gender: 'M' }),
      enrolment('', { name: '无号', birthDate: '2015-01-01' }),
      enrolment(idOf('2010-10-10', 2, 'M'), { name: '赵六', schoolCode: '2161000003' }),
    ];
    const oneByOne = run({ population, enrollment });
    // The last records come first, one by one: the engine has schools and records of its own then.
    // The gathered ones start with a birth date the engine numbers otherwise, and hold an
    // invalid number, which goes by its text.
    const gatheredHere = [...enrollment.slice(4, 6), ...enrollment.slice(0, 4)];
    const addedHere = enrollment.slice(6);
    const gatherer = new EnrollmentGatherer();
    for (const r of gatheredHere) gatherer.add(r);
    // As the records cross between threads: a structured clone.
    const gathered = structuredClone(gatherer.gathered());
    const reconciler = createReconciler({ schoolYear: YEAR });
    for (const r of population) reconciler.addPopulation(r);
    for (const r of addedHere) reconciler.addEnrollment(r);
    reconciler.addEnrollments(gathered);
    const packed = reconciler.finish();
    expect(comparable(packed)).toEqual(comparable(oneByOne));
    expect(oneByOne.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['invalid_id', 'duplicate_enrollment', 'enrolled_not_in_population']),
    );
    expect(oneByOne.summary).toMatchObject({ enrolled_in_county: 2, needs_review: 2 });
  });

  it('adds records from any roster in any order before finishing, and finishes once', () => {
    const reconciler = createReconciler({ schoolYear: YEAR });
    reconciler.addEnrollment(enrolment(A));
    reconciler.addPopulation(child(A));
    expect(reconciler.finish().summary.enrolled_in_county).toBe(1);
    expect(() => reconciler.finish()).toThrow();
  });
});
