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
 */
export class IdSlots {
  private readonly slots = new Map<string, number>();
  readonly population = new Ints();
  readonly enrollments = new Ints();
  readonly outOfCounty = new Ints();
  readonly exemptions = new Ints();

  /** The slot of `id`, made on first use. */
  slot(id: string): number {
    let slot = this.slots.get(id);
    if (slot === undefined) {
      slot = this.population.push(NONE);
      this.enrollments.push(NONE);
      this.outOfCounty.push(NONE);
      this.exemptions.push(NONE);
      this.slots.set(id, slot);
    }
    return slot;
  }

  get(id: string): number | undefined {
    return this.slots.get(id);
  }

  /** Every number with its slot, in the order the numbers first appeared. */
  forEach(fn: (id: string, slot: number) => void): void {
    for (const [id, slot] of this.slots) fn(id, slot);
  }
}

/** Puts record `i` at the head of the chain that starts in `heads` at `slot`. */
export function link(heads: Ints, slot: number, records: PersonColumns, i: number): void {
  records.next.set(i, heads.at(slot));
  heads.set(slot, i);
}
