// Where the engine keeps a run's records: one column per field rather than one object
// per record. At a million children, objects that live for the whole run are what costs:
// each one is copied by the young-generation collector before it settles, and the
// collector was most of the run's time. In columns a record leaves behind only its
// identity number and name as objects; numbers live in typed arrays, and the values that
// repeat (birth dates, village and school codes) are stored once and referred to.
import {
  ENROLLMENT_STATUSES,
  STUDY_MODES,
  type EnrollmentStatus,
  type StudyMode,
} from '@baoxue/shared/enums';
import type {
  EnrollmentInput,
  ExemptionInput,
  Gender,
  OutOfCountyInput,
  PersonInput,
  PopulationInput,
} from './types';

/** A growable column of 32-bit integers. */
export class Ints {
  private data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }

  push(value: number): number {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length] = value;
    return this.length++;
  }

  at(i: number): number {
    return this.data[i] as number;
  }

  set(i: number, value: number): void {
    this.data[i] = value;
  }
}

/** Each distinct string once, numbered in order of first appearance. */
export class Interner {
  private readonly numbers = new Map<string, number>();
  readonly values: string[] = [];

  number(value: string): number {
    let n = this.numbers.get(value);
    if (n === undefined) {
      n = this.values.length;
      this.numbers.set(value, n);
      this.values.push(value);
    }
    return n;
  }

  value(n: number): string {
    return this.values[n] as string;
  }
}

/** Marks "none" in an integer column that refers to something. */
export const NONE = -1;

const VALID = 1;
const MALE = 2;
const FEMALE = 4;

/** The columns every roster has; a record is its position in them. */
export class PersonColumns {
  readonly row = new Ints();
  readonly name: string[] = [];
  readonly id: string[] = [];
  readonly flags = new Ints();
  /** Interned birth date, or NONE. */
  readonly birth = new Ints();
  /** The next record of this roster with the same identity number, or NONE. */
  readonly next = new Ints();

  constructor(protected readonly births: Interner) {}

  get length(): number {
    return this.row.length;
  }

  protected addPerson(r: PersonInput): number {
    this.name.push(r.name);
    this.id.push(r.idNumber);
    this.flags.push((r.idValid ? VALID : 0) | (r.gender === 'M' ? MALE : r.gender === 'F' ? FEMALE : 0));
    this.birth.push(r.birthDate === null ? NONE : this.births.number(r.birthDate));
    this.next.push(NONE);
    return this.row.push(r.row);
  }

  valid(i: number): boolean {
    return (this.flags.at(i) & VALID) !== 0;
  }

  gender(i: number): Gender | null {
    const flags = this.flags.at(i);
    return flags & MALE ? 'M' : flags & FEMALE ? 'F' : null;
  }

  birthDate(i: number): string | null {
    const b = this.birth.at(i);
    return b === NONE ? null : this.births.value(b);
  }

  /** The record as the engine's input type, for the few places that want an object. */
  person(i: number): PersonInput {
    return {
      row: this.row.at(i),
      name: this.name[i] as string,
      idNumber: this.id[i] as string,
      idValid: this.valid(i),
      birthDate: this.birthDate(i),
      gender: this.gender(i),
    };
  }

  /** The positions of a chain of records (same number), starting at `first`. */
  chain(first: number): number[] {
    const all: number[] = [];
    for (let i = first; i !== NONE; i = this.next.at(i)) all.push(i);
    return all;
  }

  /** Of a chain, the record with the lowest row: its name and details speak for the number. */
  lowestRow(first: number): number {
    let best = first;
    for (let i = this.next.at(first); i !== NONE; i = this.next.at(i))
      if (this.row.at(i) < this.row.at(best)) best = i;
    return best;
  }
}

export class PopulationColumns extends PersonColumns {
  /** Interned village code, or NONE. */
  readonly village = new Ints();

  constructor(
    births: Interner,
    readonly villages: Interner,
  ) {
    super(births);
  }

  add(r: PopulationInput): number {
    this.village.push(r.villageCode === null ? NONE : this.villages.number(r.villageCode));
    return this.addPerson(r);
  }

  villageCode(i: number): string | null {
    const v = this.village.at(i);
    return v === NONE ? null : this.villages.value(v);
  }
}

export class EnrollmentColumns extends PersonColumns {
  /** Interned school code. */
  readonly school = new Ints();
  readonly grade = new Ints();
  /** Position in ENROLLMENT_STATUSES. */
  readonly status = new Ints();
  /** Position in STUDY_MODES. */
  readonly mode = new Ints();

  constructor(
    births: Interner,
    readonly schools: Interner,
  ) {
    super(births);
  }

  add(r: EnrollmentInput): number {
    this.school.push(this.schools.number(r.schoolCode));
    this.grade.push(r.grade);
    this.status.push(ENROLLMENT_STATUSES.indexOf(r.status));
    this.mode.push(STUDY_MODES.indexOf(r.mode));
    return this.addPerson(r);
  }

  schoolCode(i: number): string {
    return this.schools.value(this.school.at(i));
  }

  statusOf(i: number): EnrollmentStatus {
    return ENROLLMENT_STATUSES[this.status.at(i)] as EnrollmentStatus;
  }

  modeOf(i: number): StudyMode {
    return STUDY_MODES[this.mode.at(i)] as StudyMode;
  }

  enrollment(i: number): EnrollmentInput {
    return {
      ...this.person(i),
      schoolCode: this.schoolCode(i),
      grade: this.grade.at(i),
      status: this.statusOf(i),
      mode: this.modeOf(i),
    };
  }
}

export class OutOfCountyColumns extends PersonColumns {
  add(r: OutOfCountyInput): number {
    return this.addPerson(r);
  }
}

export class ExemptionColumns extends PersonColumns {
  readonly schoolYear = new Ints();

  add(r: ExemptionInput): number {
    this.schoolYear.push(r.schoolYear);
    return this.addPerson(r);
  }
}

/**
 * Every roster's records under one identity number: one hash lookup per record added joins
 * the four rosters, and the run walks the numbers once. A number's slot holds the first
 * record of each roster; the rest are chained through the rosters' `next` columns.
 *
 * A valid number is looked up by a number packed from its digits, not by its text: hash
 * tables keyed by numbers are about twice as fast as by strings at a million entries,
 * and the packing is exact because a valid number's check character follows from its
 * other digits. Invalid numbers, compared as written, stay keyed by text.
 */
export class IdSlots {
  private readonly byPacked = new Map<number, number>();
  private readonly byText = new Map<string, number>();
  private readonly ids: string[] = [];
  readonly population = new Ints();
  readonly enrollments = new Ints();
  readonly outOfCounty = new Ints();
  readonly exemptions = new Ints();

  /** The slot of `id`, made on first use; `valid` must say whether it is a valid number. */
  slot(id: string, valid: boolean): number {
    const packed = valid ? packValidId(id) : NONE;
    let slot = packed === NONE ? this.byText.get(id) : this.byPacked.get(packed);
    if (slot === undefined) {
      slot = this.ids.length;
      this.ids.push(id);
      this.population.push(NONE);
      this.enrollments.push(NONE);
      this.outOfCounty.push(NONE);
      this.exemptions.push(NONE);
      if (packed === NONE) this.byText.set(id, slot);
      else this.byPacked.set(packed, slot);
    }
    return slot;
  }

  get(id: string, valid: boolean): number | undefined {
    const packed = valid ? packValidId(id) : NONE;
    return packed === NONE ? this.byText.get(id) : this.byPacked.get(packed);
  }

  /** Every number with its slot, in the order the numbers first appeared. */
  forEach(fn: (id: string, slot: number) => void): void {
    for (let slot = 0; slot < this.ids.length; slot++) fn(this.ids[slot] as string, slot);
  }
}

const ZERO = 48;

/**
 * Region, birth date and sequence of a valid 18-character number in one integer below
 * 2^47 (exact in a double): the check character is implied by the rest. NONE for a birth
 * year outside 1900–2155, which then goes by text.
 */
export function packValidId(id: string): number {
  let region = 0;
  for (let i = 0; i < 6; i++) region = region * 10 + id.charCodeAt(i) - ZERO;
  const year = digitsAt(id, 6, 4) - 1900;
  if (year < 0 || year > 255) return NONE;
  const month = digitsAt(id, 10, 2);
  const day = digitsAt(id, 12, 2);
  const sequence = digitsAt(id, 14, 3);
  return (((region * 256 + year) * 16 + month) * 32 + day) * 1024 + sequence;
}

function digitsAt(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) n = n * 10 + text.charCodeAt(i) - ZERO;
  return n;
}

/** Puts record `i` at the head of the chain that starts in `heads` at `slot`. */
export function link(heads: Ints, slot: number, records: PersonColumns, i: number): void {
  records.next.set(i, heads.at(slot));
  heads.set(slot, i);
}
