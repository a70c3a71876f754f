// The reconciliation engine (RECONCILIATION.md): holds the population roster against
// enrolment, out-of-county and exemption records and gives every compulsory-age child
// exactly one status. It is pure and incremental: file mode feeds it records as the
// files stream past, the app feeds it rows from a database cursor, and `finish()` does
// the matching with hash joins in memory. The same inputs, in any order, give the same
// output.
import { isOverAge } from '@baoxue/shared/domain/grades';
import { isValidIdNumber } from '@baoxue/shared/domain/identity';
import {
  ageInSchoolYear,
  COMPULSORY_AGE_DEFAULT,
  isCompulsoryAge,
  type AgeRange,
} from '@baoxue/shared/domain/school-year';
import { CandidateIndex, type CandidateHit, type CandidateQuery, type PoolRecord } from './candidates';
import {
  EnrollmentColumns,
  ExemptionColumns,
  type EnrollmentPack,
  IdSlots,
  Interner,
  NONE,
  OutOfCountyColumns,
  PopulationColumns,
  ROSTER,
} from './store';
import { decideStatus, latestEnrollment, type ChildMatches, type EnrollmentFacts } from './status';
import {
  CHILD_STATUSES,
  FINDING_CODES,
  type Candidate,
  type ChildFlag,
  type ChildStatus,
  type ChildResult,
  type EnrollmentInput,
  type ExemptionInput,
  type Finding,
  type FindingCode,
  type Gender,
  type OutOfCountyInput,
  type PersonInput,
  type PopulationInput,
  type ReconciliationResult,
  type ReconcilerOptions,
  type RecordSource,
  type StatusSummary,
} from './types';

export interface Reconciler {
  addPopulation(record: PopulationInput): void;
  addEnrollment(record: EnrollmentInput): void;
  /** Enrolment records gathered on another thread by an `EnrollmentGatherer`. */
  addEnrollments(gathered: GatheredEnrollments): void;
  addOutOfCounty(record: OutOfCountyInput): void;
  addExemption(record: ExemptionInput): void;
  /** Matches everything added so far. Call once. */
  finish(): ReconciliationResult;
}

/** What review decisions call a child: the identity number, or the row for a child without one. */
export function childKey(person: { idNumber: string; row: number }): string {
  return person.idNumber !== '' ? person.idNumber : `row:${person.row}`;
}

/** What review decisions call a candidate record: its roster and identity number. */
export function candidateKey(source: RecordSource, idNumber: string): string {
  return `${source}:${idNumber}`;
}

export function createReconciler(options: ReconcilerOptions): Reconciler {
  return new Engine(options);
}

/** Enrolment records as `addEnrollment` keeps them, gathered where they are read. */
export interface GatheredEnrollments {
  columns: EnrollmentPack;
  /** Records without a number: they can only ever be candidates. */
  unnumbered: PoolRecord[];
}

/**
 * Gathers enrolment records on a thread of its own (file mode reads the enrolment roster
 * beside the population) for `Reconciler.addEnrollments` on the engine's thread.
 */
export class EnrollmentGatherer {
  private readonly columns = new EnrollmentColumns(new Interner(), new Interner());
  private readonly unnumbered: PoolRecord[] = [];

  add(r: EnrollmentInput): void {
    if (r.idNumber === '') this.unnumbered.push(poolRecord('enrollment', r, r.schoolCode));
    else this.columns.add(r);
  }

  gathered(): GatheredEnrollments {
    return { columns: this.columns.pack(), unnumbered: this.unnumbered };
  }
}

/** The whole run at once, for callers that hold every record already. */
export function reconcile(
  options: ReconcilerOptions,
  inputs: {
    population: Iterable<PopulationInput>;
    enrollment?: Iterable<EnrollmentInput>;
    outOfCounty?: Iterable<OutOfCountyInput>;
    exemptions?: Iterable<ExemptionInput>;
  },
): ReconciliationResult {
  const reconciler = createReconciler(options);
  for (const r of inputs.population) reconciler.addPopulation(r);
  for (const r of inputs.enrollment ?? []) reconciler.addEnrollment(r);
  for (const r of inputs.outOfCounty ?? []) reconciler.addOutOfCounty(r);
  for (const r of inputs.exemptions ?? []) reconciler.addExemption(r);
  return reconciler.finish();
}

/** A compulsory-age child with no match of any kind, waiting for the candidate search. */
interface Unmatched {
  key: string;
  result: ChildResult;
  query: CandidateQuery;
}

/** An enrolment as the status rules read it, and where it is stored. */
interface StoredFacts extends EnrollmentFacts {
  at: number;
}

/** An 在读 enrolment whose number stands in no population row, until candidates are known. */
interface UnregisteredStudent {
  id: string;
  shown: StoredFacts;
}

const NO_FLAGS: readonly ChildFlag[] = Object.freeze([]);
const NO_CANDIDATES: readonly Candidate[] = Object.freeze([]);
const NO_NUMBERS: readonly number[] = Object.freeze([]);
const NO_ENROLMENTS: readonly StoredFacts[] = Object.freeze([]);
const SOURCE_ORDER: Readonly<Record<RecordSource, number>> = {
  enrollment: 0,
  out_of_county: 1,
  exemption: 2,
};

class Engine implements Reconciler {
  private readonly schoolYear: number;
  private readonly compulsoryAge: AgeRange;
  private readonly births = new Interner();
  private readonly population = new PopulationColumns(this.births, new Interner());
  private readonly enrollments = new EnrollmentColumns(this.births, new Interner());
  private readonly outOfCounty = new OutOfCountyColumns(this.births);
  private readonly exemptions = new ExemptionColumns(this.births);
  private readonly byId = new IdSlots();
  /** Population rows without any number: each is a child of its own, keyed by row. */
  private readonly unnumbered: number[] = [];
  /** Records of the other rosters without any number: they can only ever be candidates. */
  private readonly unnumberedRecords: PoolRecord[] = [];
  private readonly confirmed = new Map<string, Set<string>>();
  private readonly rejected = new Map<string, Set<string>>();
  /** Candidate keys confirmed for some child: no longer anyone else's candidate. */
  private readonly linked = new Set<string>();
  /** Age in the school year by interned birth date, filled on first use. */
  private readonly ages: number[] = [];
  private finished = false;

  constructor(options: ReconcilerOptions) {
    this.schoolYear = options.schoolYear;
    this.compulsoryAge = options.compulsoryAge ?? COMPULSORY_AGE_DEFAULT;
    for (const d of options.decisions ?? []) {
      const key = candidateKey(d.source, d.idNumber);
      const byChild = d.decision === 'confirmed' ? this.confirmed : this.rejected;
      let set = byChild.get(d.childKey);
      if (set === undefined) byChild.set(d.childKey, (set = new Set()));
      set.add(key);
      if (d.decision === 'confirmed') this.linked.add(key);
    }
  }

  addPopulation(r: PopulationInput): void {
    const i = this.population.add(r);
    if (r.idNumber === '') this.unnumbered.push(i);
    else this.byId.add(r.idNumber, r.idValid, ROSTER.population, i);
  }

  addEnrollment(r: EnrollmentInput): void {
    if (r.idNumber === '') {
      this.unnumberedRecords.push(poolRecord('enrollment', r, r.schoolCode));
      return;
    }
    const i = this.enrollments.add(r);
    this.byId.add(r.idNumber, r.idValid, ROSTER.enrollments, i);
  }

  addEnrollments(gathered: GatheredEnrollments): void {
    const first = this.enrollments.append(gathered.columns);
    this.byId.addPacked(gathered.columns.keys, this.enrollments.id, ROSTER.enrollments, first);
    for (const record of gathered.unnumbered) this.unnumberedRecords.push(record);
  }

  addOutOfCounty(r: OutOfCountyInput): void {
    if (r.idNumber === '') {
      this.unnumberedRecords.push(poolRecord('out_of_county', r, null));
      return;
    }
    const i = this.outOfCounty.add(r);
    this.byId.add(r.idNumber, r.idValid, ROSTER.outOfCounty, i);
  }

  addExemption(r: ExemptionInput): void {
    if (r.idNumber === '') {
      this.unnumberedRecords.push(poolRecord('exemption', r, null));
      return;
    }
    const i = this.exemptions.add(r);
    this.byId.add(r.idNumber, r.idValid, ROSTER.exemptions, i);
  }

  finish(): ReconciliationResult {
    if (this.finished) throw new Error('a reconciler can be finished only once');
    this.finished = true;

    // One walk over every number: the children (with their status where a record
    // decides it), the candidate pool, and the student findings.
    const children: ChildResult[] = [];
    const persons: number[] = [];
    const unmatched: Unmatched[] = [];
    const pool: PoolRecord[] = [];
    const unregistered: UnregisteredStudent[] = [];
    const findings: Finding[] = [];
    const slots = this.byId;
    slots.seal([this.population, this.enrollments, this.outOfCounty, this.exemptions]);
    let ordered = 0;
    slots.forEach((id, slot) => {
      const firstPerson = slots.population.at(slot);
      if (firstPerson !== NONE)
        this.considerChild(id, firstPerson, slot, children, persons, unmatched, findings);
      else this.addToPool(id, slot, pool);
      const firstEnrolment = slots.enrollments.at(slot);
      if (firstEnrolment !== NONE) {
        this.enrollmentFindings(id, firstEnrolment, firstPerson, findings, unregistered);
      }
      // Children of packed slots come first, in number order: `sortChildren` relies on it.
      if (slot < slots.packedCount) ordered = children.length;
    });
    for (const i of this.unnumbered) {
      this.considerChild(
        childKey({ idNumber: '', row: this.population.row.at(i) }),
        i,
        NONE,
        children,
        persons,
        unmatched,
        findings,
      );
    }
    for (const record of this.unnumberedRecords) pool.push(record);

    const candidateKeys = this.searchCandidates(unmatched, pool);
    for (const { id, shown } of unregistered) {
      const key = candidateKey('enrollment', id);
      if (candidateKeys.has(key) || this.linked.has(key)) continue;
      findings.push({
        code: 'enrolled_not_in_population',
        idNumber: id,
        name: this.enrollments.name[shown.at] as string,
        schoolCode: shown.schoolCode,
        grade: shown.grade,
      });
    }

    const summary = Object.fromEntries(CHILD_STATUSES.map((s) => [s, 0])) as StatusSummary;
    for (const child of children) summary[child.status]++;
    findings.sort(compareFindings);
    const order = this.sortChildren(persons, ordered);
    const P = this.population;
    return {
      schoolYear: this.schoolYear,
      children: order.map((c) => children[c] as ChildResult),
      originOf: (index) => {
        const c = order[index];
        if (c === undefined) throw new RangeError(`no child at ${index} of ${order.length}`);
        const i = persons[c] as number;
        return { row: P.row.at(i), gender: P.gender(i) as Gender, birthDate: P.birthDate(i) as string };
      },
      findings,
      summary,
    };
  }

  // ------------------------------------------------------------------ children

  private ageOf(birth: number): number {
    // Asked for once per record, but a roster has only a few thousand birth dates.
    let age = this.ages[birth];
    if (age === undefined)
      this.ages[birth] = age = ageInSchoolYear(this.births.value(birth), this.schoolYear);
    return age;
  }

  private considerChild(
    key: string,
    first: number,
    slot: number,
    children: ChildResult[],
    persons: number[],
    unmatched: Unmatched[],
    findings: Finding[],
  ): void {
    const P = this.population;
    const i = P.lowestRow(first);
    const age = this.ageOf(P.birth.at(i));
    if (!isCompulsoryAge(age, this.compulsoryAge)) return;
    const idNumber = P.id[i] as string;
    const name = P.name[i] as string;
    const villageCode = P.villageCode(i);
    const valid = P.valid(i);
    const result: ChildResult = {
      idNumber: idNumber === '' ? null : idNumber,
      name,
      age,
      villageCode,
      status: 'suspected_out_of_school',
      schoolCode: null,
      flags: valid ? NO_FLAGS : INVALID_ID_ONLY,
      candidates: NO_CANDIDATES,
    };
    children.push(result);
    persons.push(i);
    if (!valid) {
      findings.push({
        code: 'invalid_id',
        source: 'population',
        idNumber: result.idNumber,
        name,
        villageCode,
      });
    }
    if (P.next.at(first) !== NONE) this.duplicateFinding(idNumber, name, first, findings);

    const sole = this.soleEnrolment(key, slot);
    if (sole !== NONE) {
      this.applyStatus(result, 'enrolled_in_county', sole, valid);
      return;
    }
    const matches = this.matchesOf(key, slot);
    if (matches.enrollments.length > 0 || matches.outOfCounty > 0 || matches.exemptionYears.length > 0) {
      const decision = decideStatus(matches, this.schoolYear, false);
      this.applyStatus(result, decision.status, decision.enrollment?.at ?? NONE, valid);
    } else {
      const gender = P.gender(i) as Gender;
      unmatched.push({ key, result, query: { idNumber, name, birthDate: P.birthDate(i) as string, gender } });
    }
  }

  /**
   * Most children in a county have one record besides their population row: one 在读
   * enrolment. Such a child is enrolled there, whatever else is on record (being 在读
   * comes first), unless a person linked more records to them. Returns that enrolment,
   * else NONE: the child's records then go through `decideStatus` as objects.
   */
  private soleEnrolment(key: string, slot: number): number {
    if (slot === NONE) return NONE;
    const e = this.byId.enrollments.at(slot);
    if (e === NONE || this.enrollments.next.at(e) !== NONE || !this.enrollments.isEnrolled(e)) return NONE;
    return this.confirmed.has(key) ? NONE : e;
  }

  /** The status, and the enrolment it rests on (NONE if none): the school and the flags. */
  private applyStatus(result: ChildResult, status: ChildStatus, at: number, valid: boolean): void {
    const E = this.enrollments;
    result.status = status;
    result.schoolCode = at === NONE ? null : E.schoolCode(at);
    if (status !== 'enrolled_in_county' || at === NONE) return;
    const homeTeaching = E.modeOf(at) === 'home_teaching';
    const overAge = isOverAge(result.age, E.grade.at(at));
    if (!homeTeaching && !overAge) return;
    const flags: ChildFlag[] = [];
    if (homeTeaching) flags.push('home_teaching');
    if (!valid) flags.push('invalid_id');
    if (overAge) flags.push('over_age');
    result.flags = flags;
  }

  private duplicateFinding(idNumber: string, name: string, first: number, findings: Finding[]): void {
    const rows = this.population.chain(first);
    findings.push({
      code: 'duplicate_population',
      idNumber,
      name,
      count: rows.length,
      villageCodes: [...new Set(rows.map((r) => this.population.villageCode(r)))].sort(compareNullableLast),
    });
  }

  /** Exact matches by identity number, plus the records a person confirmed for this child. */
  private matchesOf(key: string, slot: number): ChildMatches<StoredFacts> {
    const slots = this.byId;
    let enrollments = slot === NONE ? NO_ENROLMENTS : this.enrollmentFacts(slots.enrollments.at(slot));
    let outOfCounty = slot === NONE ? 0 : this.outOfCounty.count(slots.outOfCounty.at(slot));
    let exemptionYears = slot === NONE ? NO_NUMBERS : this.exemptionYears(slots.exemptions.at(slot));
    const links = this.confirmed.get(key);
    if (links === undefined) return { enrollments, outOfCounty, exemptionYears };
    for (const link of links) {
      const [source, id] = splitCandidateKey(link);
      const other = id === key ? undefined : slots.get(id, isValidIdNumber(id));
      if (other === undefined) continue;
      if (source === 'enrollment')
        enrollments = [...enrollments, ...this.enrollmentFacts(slots.enrollments.at(other))];
      else if (source === 'out_of_county') outOfCounty += this.outOfCounty.count(slots.outOfCounty.at(other));
      else exemptionYears = [...exemptionYears, ...this.exemptionYears(slots.exemptions.at(other))];
    }
    return { enrollments, outOfCounty, exemptionYears };
  }

  private enrollmentFacts(first: number): readonly StoredFacts[] {
    if (first === NONE) return NO_ENROLMENTS;
    const E = this.enrollments;
    const facts: StoredFacts[] = [];
    for (let i = first; i !== NONE; i = E.next.at(i)) facts.push(this.factsOf(i));
    return facts;
  }

  private factsOf(i: number): StoredFacts {
    const E = this.enrollments;
    return {
      row: E.row.at(i),
      at: i,
      schoolCode: E.schoolCode(i),
      grade: E.grade.at(i),
      status: E.statusOf(i),
      mode: E.modeOf(i),
    };
  }

  private exemptionYears(first: number): readonly number[] {
    if (first === NONE) return NO_NUMBERS;
    return this.exemptions.chain(first).map((i) => this.exemptions.schoolYear.at(i));
  }

  /**
   * By village code, then identity number; children without either come last, by row.
   * The walk over the slots yields the children with packed (valid) numbers first and
   * already in number order (`IdSlots` opens those slots in key order, which is the
   * numbers' text order), so only the few others are compared: a stable counting sort by
   * village, then in each village the ordered run merged with the others, sorted.
   * Returns the children's indexes in that order.
   */
  private sortChildren(persons: readonly number[], ordered: number): number[] {
    const P = this.population;
    const villageRank = rankOf(P.villages.values);
    const villages = villageRank.length + 1;
    const n = persons.length;
    const rank = new Int32Array(n);
    const starts = new Int32Array(villages + 1);
    for (let c = 0; c < n; c++) {
      const v = P.village.at(persons[c] as number);
      const r = v === NONE ? villages - 1 : (villageRank[v] as number);
      rank[c] = r;
      starts[r + 1] = (starts[r + 1] as number) + 1;
    }
    for (let r = 0; r < villages; r++) starts[r + 1] = (starts[r + 1] as number) + (starts[r] as number);
    const grouped = new Int32Array(n);
    const fill = starts.slice(0, villages);
    for (let c = 0; c < n; c++) {
      const r = rank[c] as number;
      const to = fill[r] as number;
      fill[r] = to + 1;
      grouped[to] = c;
    }

    const compare = (a: number, b: number): number => {
      const i = persons[a] as number;
      const j = persons[b] as number;
      const x = P.id[i] as string;
      const y = P.id[j] as string;
      if (x !== y) {
        if (x === '') return 1;
        if (y === '') return -1;
        return x < y ? -1 : 1;
      }
      return P.row.at(i) - P.row.at(j);
    };
    const sorted: number[] = [];
    for (let r = 0; r < villages; r++) {
      const from = starts[r] as number;
      const to = starts[r + 1] as number;
      let split = from;
      while (split < to && (grouped[split] as number) < ordered) split++;
      const others = Array.from(grouped.subarray(split, to)).sort(compare);
      let a = from;
      let b = 0;
      while (a < split || b < others.length) {
        const takeOrdered =
          b >= others.length || (a < split && compare(grouped[a] as number, others[b] as number) <= 0);
        sorted.push(takeOrdered ? (grouped[a++] as number) : (others[b++] as number));
      }
    }
    return sorted;
  }

  // ---------------------------------------------------------------- candidates

  /** The records of a number on no population row, one per roster (its lowest row), unless confirmed for a child. */
  private addToPool(id: string, slot: number, pool: PoolRecord[]): void {
    const slots = this.byId;
    const e = slots.enrollments.at(slot);
    if (e !== NONE && !this.linked.has(candidateKey('enrollment', id))) {
      const first = this.enrollments.lowestRow(e);
      pool.push(poolRecord('enrollment', this.enrollments.person(first), this.enrollments.schoolCode(first)));
    }
    const o = slots.outOfCounty.at(slot);
    if (o !== NONE && !this.linked.has(candidateKey('out_of_county', id))) {
      pool.push(poolRecord('out_of_county', this.outOfCounty.person(this.outOfCounty.lowestRow(o)), null));
    }
    const x = slots.exemptions.at(slot);
    if (x !== NONE && !this.linked.has(candidateKey('exemption', id))) {
      pool.push(poolRecord('exemption', this.exemptions.person(this.exemptions.lowestRow(x)), null));
    }
  }

  /**
   * Looks for candidates for the children without any match, among the records whose
   * number stands in no population row, and settles those children's status. Returns the
   * keys of every record found.
   */
  private searchCandidates(unmatched: readonly Unmatched[], pool: readonly PoolRecord[]): Set<string> {
    const found = new Set<string>();
    if (unmatched.length === 0) return found;
    const index = new CandidateIndex(unmatched.map((u) => u.query));
    for (const record of pool) index.add(record);
    for (const { key, result, query } of unmatched) {
      const hits = pool.length === 0 ? [] : index.find(query, this.rejected.get(key));
      if (hits.length === 0) continue;
      hits.sort(compareHits);
      for (const hit of hits) found.add(hit.record.key);
      result.status = 'needs_review';
      result.candidates = hits.map(candidateOf);
    }
    return found;
  }

  // ------------------------------------------------------------------ findings

  /**
   * The findings about the students of one number: invalid, 在读 at several schools, over
   * age; and, when the number is on no population row (`firstPerson` NONE), the 在读
   * enrolment to report as not in the roster unless the candidate search ties it to a child.
   */
  private enrollmentFindings(
    id: string,
    first: number,
    firstPerson: number,
    findings: Finding[],
    unregistered: UnregisteredStudent[],
  ): void {
    const E = this.enrollments;
    const lowest = E.lowestRow(first);
    if (!E.valid(lowest)) {
      findings.push({
        code: 'invalid_id',
        source: 'enrollment',
        idNumber: id,
        name: E.name[lowest] as string,
        schoolCode: E.schoolCode(lowest),
      });
    }
    // The 在读 records by position: facts as objects only for the rare number on no row.
    let enrolled: number[] | null = null;
    for (let i = first; i !== NONE; i = E.next.at(i)) if (E.isEnrolled(i)) (enrolled ??= []).push(i);
    if (enrolled === null) return;
    if (enrolled.length > 1) {
      const schools = [...new Set(enrolled.map((i) => E.schoolCode(i)))].sort();
      if (schools.length > 1) {
        findings.push({
          code: 'duplicate_enrollment',
          idNumber: id,
          name: E.name[lowest] as string,
          schoolCodes: schools,
        });
      }
    }
    if (firstPerson === NONE) {
      const shown = latestEnrollment(
        enrolled.map((i) => this.factsOf(i)),
        () => true,
      );
      if (shown !== null) unregistered.push({ id, shown });
    }
    // An invalid number gives a student no birth date; the child's row of the same number
    // may (its 出生日期), and the child's over_age flag is taken from it.
    const P = this.population;
    const childBirth = firstPerson === NONE ? NONE : P.birth.at(P.lowestRow(firstPerson));
    this.overAgeFindings(id, enrolled, childBirth, findings);
  }

  /** Over age at each school of the 在读 records `enrolled` (positions), once a school. */
  private overAgeFindings(
    id: string,
    enrolled: readonly number[],
    childBirth: number,
    findings: Finding[],
  ): void {
    const E = this.enrollments;
    let seen: Set<string> | null = null;
    for (const i of enrolled) {
      const own = E.birth.at(i);
      const birth = own === NONE ? childBirth : own;
      if (birth === NONE) continue;
      const schoolCode = E.schoolCode(i);
      if (enrolled.length > 1) {
        if ((seen ??= new Set()).has(schoolCode)) continue;
        seen.add(schoolCode);
      }
      const age = this.ageOf(birth);
      const grade = E.grade.at(i);
      if (isOverAge(age, grade)) {
        findings.push({ code: 'over_age', idNumber: id, name: E.name[i] as string, age, grade, schoolCode });
      }
    }
  }
}

const INVALID_ID_ONLY: readonly ChildFlag[] = Object.freeze(['invalid_id'] as ChildFlag[]);

/** Each interned village's place in the sorted order of the codes. */
function rankOf(values: readonly string[]): Int32Array {
  const sorted = values
    .map((v, i) => [v, i] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const rank = new Int32Array(values.length);
  sorted.forEach(([, i], r) => (rank[i] = r));
  return rank;
}

function poolRecord(source: RecordSource, r: PersonInput, schoolCode: string | null): PoolRecord {
  return {
    key: r.idNumber !== '' ? candidateKey(source, r.idNumber) : `${source}:row:${r.row}`,
    source,
    idNumber: r.idNumber,
    name: r.name,
    birthDate: r.birthDate,
    gender: r.gender,
    schoolCode,
  };
}

function splitCandidateKey(key: string): [RecordSource, string] {
  const colon = key.indexOf(':');
  return [key.slice(0, colon) as RecordSource, key.slice(colon + 1)];
}

function candidateOf(hit: CandidateHit): Candidate {
  const { record } = hit;
  return {
    source: record.source,
    idNumber: record.idNumber,
    name: record.name,
    rule: hit.rule,
    schoolCode: record.schoolCode,
  };
}

// ------------------------------------------------------------------- ordering
// Plain code-unit comparison, never locale-dependent, so every machine sorts alike.

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareNullableLast(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return compareText(a, b);
}

function compareHits(a: CandidateHit, b: CandidateHit): number {
  return (
    SOURCE_ORDER[a.record.source] - SOURCE_ORDER[b.record.source] ||
    compareText(a.record.idNumber, b.record.idNumber) ||
    compareText(a.record.key, b.record.key)
  );
}

const FINDING_RANK = Object.fromEntries(FINDING_CODES.map((code, i) => [code, i])) as Record<
  FindingCode,
  number
>;

/** By the order of the findings table, then identity number, then what tells them apart. */
function compareFindings(a: Finding, b: Finding): number {
  return (
    FINDING_RANK[a.code] - FINDING_RANK[b.code] ||
    compareNullableLast(a.idNumber, b.idNumber) ||
    compareText(findingDetail(a), findingDetail(b))
  );
}

function findingDetail(f: Finding): string {
  switch (f.code) {
    case 'invalid_id':
      return f.source === 'population' ? `0${f.villageCode ?? ''}${f.name}` : `1${f.schoolCode}`;
    case 'enrolled_not_in_population':
    case 'over_age':
      return f.schoolCode;
    case 'duplicate_enrollment':
    case 'duplicate_population':
      return '';
  }
}
