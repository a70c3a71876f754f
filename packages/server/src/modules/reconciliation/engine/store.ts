// Where the engine keeps a run's records: one column per field rather than one object
// per record. At a million children, objects that live for the whole run are what costs:
// each one is copied by the young-generation collector before it settles, and the
// collector was most of the run's time. In columns a record leaves behind only its
// identity number and name as objects; numbers live in typed arrays, and the values that
// repeat (birth dates, village and school codes) are stored once and referred to.
import { digitsAt } from '@baoxue/shared/domain/identity';
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

  /** Appends every value of `values`, as `push` would one by one. */
  append(values: Int32Array): void {
    this.reserve(this.length + values.length);
    this.data.set(values, this.length);
    this.length += values.length;
  }

  /** Appends `count` times `value`. */
  appendRepeated(count: number, value: number): void {
    this.reserve(this.length + count);
    this.data.fill(value, this.length, this.length + count);
    this.length += count;
  }

  private reserve(capacity: number): void {
    if (capacity <= this.data.length) return;
    const grown = new Int32Array(Math.max(capacity, this.data.length * 2));
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }

  /** A copy of the values pushed. */
  values(): Int32Array {
    return this.data.slice(0, this.length);
  }

  /** The values pushed, as one array (a view: valid until the next push). */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
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

  /** How many records a chain holds (none when `first` is NONE). */
  count(first: number): number {
    let n = 0;
    for (let i = first; i !== NONE; i = this.next.at(i)) n++;
    return n;
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

const ENROLLED = ENROLLMENT_STATUSES.indexOf('enrolled');

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

  /** Whether the record is 在读, without making its status a string. */
  isEnrolled(i: number): boolean {
    return this.status.at(i) === ENROLLED;
  }

  statusOf(i: number): EnrollmentStatus {
    return ENROLLMENT_STATUSES[this.status.at(i)] as EnrollmentStatus;
  }

  modeOf(i: number): StudyMode {
    return STUDY_MODES[this.mode.at(i)] as StudyMode;
  }

  /** Every record, to be handed to another thread and appended there (`append`). */
  pack(): EnrollmentPack {
    const texts = (values: readonly string[]) => ({
      text: values.join(''),
      lengths: Int32Array.from(values, (v) => v.length),
    });
    return {
      rows: this.row.values(),
      flags: this.flags.values(),
      births: this.birth.values(),
      birthDates: this.births.values,
      schools: this.school.values(),
      schoolCodes: this.schools.values,
      grades: this.grade.values(),
      statuses: this.status.values(),
      modes: this.mode.values(),
      names: texts(this.name),
      ids: texts(this.id),
      // Packed on the thread that made the pack: the engine's thread only files them.
      keys: Float64Array.from(this.id, (id, i) => (this.valid(i) ? packValidId(id) : NONE)),
    };
  }

  /**
   * Appends the records of a pack made by another thread, a column at a time; returns the
   * position of the first. Only birth dates and schools are renumbered, into this side's
   * lists.
   */
  append(pack: EnrollmentPack): number {
    const first = this.length;
    const count = pack.rows.length;
    cutTexts(pack.names, this.name);
    cutTexts(pack.ids, this.id);
    this.row.append(pack.rows);
    this.flags.append(pack.flags);
    this.birth.append(renumbered(pack.births, pack.birthDates, this.births));
    this.next.appendRepeated(count, NONE);
    this.school.append(renumbered(pack.schools, pack.schoolCodes, this.schools));
    this.grade.append(pack.grades);
    this.status.append(pack.statuses);
    this.mode.append(pack.modes);
    return first;
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

/**
 * Enrolment columns as they cross between threads: typed arrays move without a copy, and
 * the names and numbers go as one string each, which is copied far faster than a million
 * strings are. Birth dates and schools are positions in the lists beside them.
 */
export interface EnrollmentPack {
  rows: Int32Array;
  flags: Int32Array;
  births: Int32Array;
  birthDates: string[];
  schools: Int32Array;
  schoolCodes: string[];
  grades: Int32Array;
  statuses: Int32Array;
  modes: Int32Array;
  names: PackedTexts;
  ids: PackedTexts;
  /** Each record's identity number packed for `IdSlots` (`packValidId`), or NONE to go by its text. */
  keys: Float64Array;
}

/** Strings end to end, with the length of each. */
export interface PackedTexts {
  text: string;
  lengths: Int32Array;
}

/** Appends the strings of `packed` to `to`. */
function cutTexts(packed: PackedTexts, to: string[]): void {
  let at = 0;
  for (let i = 0; i < packed.lengths.length; i++) {
    const end = at + (packed.lengths[i] as number);
    to.push(packed.text.slice(at, end));
    at = end;
  }
}

/** Positions in `values` (NONE kept) as the numbers `interner` gives the same values. */
function renumbered(positions: Int32Array, values: readonly string[], interner: Interner): Int32Array {
  const numbers = values.map((v) => interner.number(v));
  return positions.map((p) => (p === NONE ? NONE : (numbers[p] as number)));
}

/** The typed arrays of a pack, to be moved rather than copied to the other thread. */
export function packBuffers(pack: EnrollmentPack): ArrayBuffer[] {
  const arrays = [pack.rows, pack.flags, pack.births, pack.schools, pack.grades, pack.statuses, pack.modes];
  return [...arrays, pack.names.lengths, pack.ids.lengths, pack.keys].map((a) => a.buffer as ArrayBuffer);
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

/** A growable column of doubles (integers up to 2^53). */
export class Floats {
  private data: Float64Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Float64Array(capacity);
  }

  push(value: number): number {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length] = value;
    return this.length++;
  }

  /** The values pushed, as one array (a view: valid until the next push). */
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/** The four rosters, in the order `IdSlots` numbers them. */
export const ROSTER = { population: 0, enrollments: 1, outOfCounty: 2, exemptions: 3 } as const;
export type Roster = (typeof ROSTER)[keyof typeof ROSTER];

/**
 * Every roster's records under one identity number, built once all records are in.
 * A valid number is reduced to an integer packed from its digits (exact, because its
 * check character follows from the rest) and the records are radix-sorted on it: equal
 * numbers end up side by side and become one slot. No hash table of a million strings
 * is built, which at county or province scale was most of the engine's time. Invalid
 * numbers, compared as written, are grouped by a (small) hash table of their text.
 *
 * A slot holds the first record of each roster; the rest are chained through the
 * rosters' `next` columns.
 */
export class IdSlots {
  private readonly keys = new Floats();
  /** Record index × 4 + roster, beside each packed key. */
  private readonly refs = new Ints();
  private readonly byText = new Map<string, number[]>();
  private readonly textSlots = new Map<string, number>();
  private packedSlots = new Float64Array(0);
  /** Each slot's first record (as a ref), whose number the slot goes by. */
  private firsts = new Int32Array(0);
  private rosters: readonly PersonColumns[] = [];
  readonly population = new Ints();
  readonly enrollments = new Ints();
  readonly outOfCounty = new Ints();
  readonly exemptions = new Ints();
  private sealed = false;

  /** Files record `index` of `roster` under `id`; `valid` must say whether it is a valid number. */
  add(id: string, valid: boolean, roster: Roster, index: number): void {
    this.enter(valid ? packValidId(id) : NONE, id, index * 4 + roster);
  }

  /**
   * Files records of `roster` from position `first` on at once, by keys packed where they
   * were read (`packValidId`, or NONE for a number to go by its text, `ids`).
   */
  addPacked(keys: Float64Array, ids: readonly string[], roster: Roster, first: number): void {
    for (let k = 0; k < keys.length; k++) {
      this.enter(keys[k] as number, ids[first + k] as string, (first + k) * 4 + roster);
    }
  }

  /** A record (`ref`) under its packed key, or under its text when it has none. */
  private enter(packed: number, id: string, ref: number): void {
    if (packed !== NONE) {
      this.keys.push(packed);
      this.refs.push(ref);
      return;
    }
    const refs = this.byText.get(id);
    if (refs === undefined) this.byText.set(id, [ref]);
    else refs.push(ref);
  }

  /** Groups the records into slots and chains them. Call once, after the last `add`. */
  seal(rosters: readonly [PersonColumns, PersonColumns, PersonColumns, PersonColumns]): void {
    if (this.sealed) throw new Error('identity slots are sealed once');
    this.sealed = true;
    const heads = [this.population, this.enrollments, this.outOfCounty, this.exemptions] as const;
    const file = (slot: number, ref: number) => {
      const roster = ref & 3;
      const i = ref >>> 2;
      const columns = rosters[roster] as PersonColumns;
      const head = heads[roster] as Ints;
      columns.next.set(i, head.at(slot));
      head.set(slot, i);
    };

    const sorted = radixSort(this.keys.view(), this.refs.view());
    const keys = sorted.keys;
    // The slots are counted first, so that each column is made once, at its size.
    let packed = 0;
    for (let k = 0; k < keys.length; k++) if (k === 0 || keys[k] !== keys[k - 1]) packed++;
    const count = packed + this.byText.size;
    for (const head of heads) head.appendRepeated(count, NONE);
    const firsts = new Int32Array(count);
    const unique = new Float64Array(packed);
    let slot = NONE;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k] as number;
      const ref = sorted.values[k] as number;
      if (slot === NONE || unique[slot] !== key) {
        unique[++slot] = key;
        firsts[slot] = ref;
      }
      file(slot, ref);
    }
    for (const [id, refs] of this.byText) {
      firsts[++slot] = refs[0] as number;
      this.textSlots.set(id, slot);
      for (const ref of refs) file(slot, ref);
    }
    this.packedSlots = unique;
    this.firsts = firsts;
    this.rosters = rosters;
  }

  /** The slot of `id` after `seal`, if any record carries it. */
  get(id: string, valid: boolean): number | undefined {
    const packed = valid ? packValidId(id) : NONE;
    if (packed === NONE) return this.textSlots.get(id);
    // Slots of packed numbers were opened in key order: search them by halves.
    let lo = 0;
    let hi = this.packedSlots.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const key = this.packedSlots[mid] as number;
      if (key === packed) return mid;
      if (key < packed) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** How many slots are of packed (valid) numbers: they come first, in number order. */
  get packedCount(): number {
    return this.packedSlots.length;
  }

  /** Every number with its slot: first the packed ones in number order, then the others. */
  forEach(fn: (id: string, slot: number) => void): void {
    for (let slot = 0; slot < this.firsts.length; slot++) {
      const ref = this.firsts[slot] as number;
      fn((this.rosters[ref & 3] as PersonColumns).id[ref >>> 2] as string, slot);
    }
  }
}

const RADIX_BITS = 12;
const RADIX = 1 << RADIX_BITS;
const LOW = 2 ** 24;

/**
 * `keys` (integers below 2^48) in ascending order with the `values` beside them, stable:
 * a least significant digit radix sort, four passes of 12 bits, linear in the number of
 * keys. Each pass moves the keys' digits along with the values, so that every pass reads
 * its input in order: read through a list of positions, a million keys were a million
 * cache misses a pass.
 */
export function radixSort(
  keys: Float64Array,
  values: Int32Array,
): { keys: Float64Array; values: Int32Array } {
  const n = keys.length;
  let low = new Uint32Array(n);
  let high = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const key = keys[i] as number;
    const h = Math.floor(key / LOW);
    high[i] = h;
    low[i] = key - h * LOW;
  }
  let moved = Int32Array.from(values);
  let spare = new Int32Array(n);
  let spareLow = new Uint32Array(n);
  let spareHigh = new Uint32Array(n);
  const counts = new Int32Array(RADIX);
  for (let pass = 0; pass < 4; pass++) {
    const part = pass < 2 ? low : high;
    const shift = (pass % 2) * RADIX_BITS;
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const digit = ((part[i] as number) >>> shift) & (RADIX - 1);
      counts[digit] = (counts[digit] as number) + 1;
    }
    let sum = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = counts[d] as number;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const digit = ((part[i] as number) >>> shift) & (RADIX - 1);
      const to = counts[digit] as number;
      counts[digit] = to + 1;
      spare[to] = moved[i] as number;
      spareHigh[to] = high[i] as number;
      spareLow[to] = low[i] as number;
    }
    [moved, spare] = [spare, moved];
    [high, spareHigh] = [spareHigh, high];
    [low, spareLow] = [spareLow, low];
  }
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = (high[i] as number) * LOW + (low[i] as number);
  return { keys: sorted, values: moved };
}

/**
 * Region, birth date and sequence of a valid 18-character number in one integer below
 * 2^47 (exact in a double): the check character is implied by the rest. NONE for a birth
 * year outside 1900–2155, which then goes by text.
 */
export function packValidId(id: string): number {
  const region = digitsAt(id, 0, 6);
  const year = digitsAt(id, 6, 4) - 1900;
  if (year < 0 || year > 255) return NONE;
  const month = digitsAt(id, 10, 2);
  const day = digitsAt(id, 12, 2);
  const sequence = digitsAt(id, 14, 3);
  return (((region * 256 + year) * 16 + month) * 32 + day) * 1024 + sequence;
}
