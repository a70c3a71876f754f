// The reconciliation engine (RECONCILIATION.md): holds the population roster against
// enrolment, out-of-county and exemption records and gives every compulsory-age child
// exactly one status. It is pure and incremental: file mode feeds it records as the
// files stream past, the app feeds it rows from a database cursor, and `finish()` does
// the matching with hash joins in memory. The same inputs, in any order, give the same
// output.
import {
  ageInSchoolYear,
  COMPULSORY_AGE_DEFAULT,
  isCompulsoryAge,
  isOverAge,
  type AgeRange,
} from '@baoxue/shared';
import { CandidateIndex, type CandidateHit, type PoolRecord } from './candidates';
import { addTo, IdIndex, listOf, type IdSlot } from './id-index';
import { decideStatus, latestEnrollment, type ChildMatches } from './status';
import {
  CHILD_STATUSES,
  FINDING_CODES,
  type Candidate,
  type ChildFlag,
  type ChildResult,
  type EnrollmentInput,
  type ExemptionInput,
  type Finding,
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

/** A compulsory-age child while the run is worked out. */
interface ChildWork {
  key: string;
  /** The lowest row carrying the number: its name and village are the child's. */
  person: PopulationInput;
  age: number;
  /** All rows with the number, when there is more than one. */
  duplicates: readonly PopulationInput[] | null;
  matches: ChildMatches;
  hits: CandidateHit[];
}

/** An 在读 enrolment whose number stands in no population row, until candidates are known. */
interface UnregisteredStudent {
  id: string;
  shown: EnrollmentInput;
}

const NO_MATCHES: ChildMatches = Object.freeze({ enrollments: [], outOfCounty: [], exemptions: [] });
const SOURCE_ORDER: Readonly<Record<RecordSource, number>> = {
  enrollment: 0,
  out_of_county: 1,
  exemption: 2,
};

class Engine implements Reconciler {
  private readonly schoolYear: number;
  private readonly compulsoryAge: AgeRange;
  private readonly byId = new IdIndex();
  /** Population rows without any number: each is a child of its own, keyed by row. */
  private readonly unnumbered: PopulationInput[] = [];
  /** Records of the other rosters without any number: they can only ever be candidates. */
  private readonly unnumberedRecords: PoolRecord[] = [];
  private readonly confirmed = new Map<string, Set<string>>();
  private readonly rejected = new Map<string, Set<string>>();
  /** Candidate keys confirmed for some child: no longer anyone else's candidate. */
  private readonly linked = new Set<string>();
  private readonly ages = new Map<string, number>();
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

  // Each input is copied down to what matching uses, so the wider records of the
  // import parsers (guardians, classes …) are not kept alive for the whole run.

  addPopulation(r: PopulationInput): void {
    const person: PopulationInput = {
      row: r.row,
      name: r.name,
      idNumber: r.idNumber,
      idValid: r.idValid,
      birthDate: r.birthDate,
      gender: r.gender,
      villageCode: r.villageCode,
    };
    if (person.idNumber === '') {
      this.unnumbered.push(person);
      return;
    }
    const slot = this.byId.slot(person.idNumber);
    slot.population = addTo(slot.population, person);
  }

  addEnrollment(r: EnrollmentInput): void {
    const record: EnrollmentInput = {
      row: r.row,
      name: r.name,
      idNumber: r.idNumber,
      idValid: r.idValid,
      birthDate: r.birthDate,
      gender: r.gender,
      schoolCode: r.schoolCode,
      grade: r.grade,
      status: r.status,
      mode: r.mode,
    };
    if (record.idNumber === '') {
      this.unnumberedRecords.push(poolRecord('enrollment', record, record.schoolCode));
      return;
    }
    const slot = this.byId.slot(record.idNumber);
    slot.enrollments = addTo(slot.enrollments, record);
  }

  addOutOfCounty(r: OutOfCountyInput): void {
    const record: OutOfCountyInput = personOf(r);
    if (record.idNumber === '') {
      this.unnumberedRecords.push(poolRecord('out_of_county', record, null));
      return;
    }
    const slot = this.byId.slot(record.idNumber);
    slot.outOfCounty = addTo(slot.outOfCounty, record);
  }

  addExemption(r: ExemptionInput): void {
    const record: ExemptionInput = { ...personOf(r), schoolYear: r.schoolYear };
    if (record.idNumber === '') {
      this.unnumberedRecords.push(poolRecord('exemption', record, null));
      return;
    }
    const slot = this.byId.slot(record.idNumber);
    slot.exemptions = addTo(slot.exemptions, record);
  }

  finish(): ReconciliationResult {
    if (this.finished) throw new Error('a reconciler can be finished only once');
    this.finished = true;

    // One walk over every number: children, the candidate pool, and the student findings
    // that do not wait for the candidate search.
    const children: ChildWork[] = [];
    const pool: PoolRecord[] = [];
    const unregistered: UnregisteredStudent[] = [];
    const findings: Finding[] = [];
    this.byId.forEach((id, slot) => {
      if (slot.population !== null) this.considerChild(id, listOf(slot.population), slot, children);
      else this.addToPool(id, slot, pool);
      if (slot.enrollments !== null) {
        this.enrollmentFindings(
          id,
          listOf(slot.enrollments),
          slot.population !== null,
          findings,
          unregistered,
        );
      }
    });
    for (const person of this.unnumbered) this.considerChild(childKey(person), [person], null, children);
    for (const record of this.unnumberedRecords) pool.push(record);

    const candidateKeys = this.searchCandidates(
      children.filter((c) => !hasAnyMatch(c.matches)),
      pool,
    );
    for (const { id, shown } of unregistered) {
      const key = candidateKey('enrollment', id);
      if (candidateKeys.has(key) || this.linked.has(key)) continue;
      findings.push({
        code: 'enrolled_not_in_population',
        idNumber: id,
        name: shown.name,
        schoolCode: shown.schoolCode,
        grade: shown.grade,
      });
    }

    const results: ChildResult[] = [];
    const summary = Object.fromEntries(CHILD_STATUSES.map((s) => [s, 0])) as StatusSummary;
    for (const child of sortChildren(children)) {
      const result = this.childResult(child, findings);
      summary[result.status]++;
      results.push(result);
    }
    findings.sort(compareFindings);
    return { schoolYear: this.schoolYear, children: results, findings, summary };
  }

  // ------------------------------------------------------------------ children

  private ageOf(birthDate: string): number {
    // Ages are asked for once per record, but there are only a few thousand birth dates.
    let age = this.ages.get(birthDate);
    if (age === undefined) this.ages.set(birthDate, (age = ageInSchoolYear(birthDate, this.schoolYear)));
    return age;
  }

  private considerChild(
    key: string,
    rows: readonly PopulationInput[],
    slot: IdSlot | null,
    children: ChildWork[],
  ): void {
    const person = lowestRow(rows);
    const age = this.ageOf(person.birthDate);
    if (!isCompulsoryAge(age, this.compulsoryAge)) return;
    children.push({
      key,
      person,
      age,
      duplicates: rows.length > 1 ? rows : null,
      matches: this.matchesOf(key, slot),
      hits: [],
    });
  }

  /** Exact matches by identity number, plus the records a person confirmed for this child. */
  private matchesOf(key: string, slot: IdSlot | null): ChildMatches {
    const exact: ChildMatches =
      slot === null
        ? NO_MATCHES
        : {
            enrollments: listOf(slot.enrollments),
            outOfCounty: listOf(slot.outOfCounty),
            exemptions: listOf(slot.exemptions),
          };
    const links = this.confirmed.get(key);
    if (links === undefined) return exact;
    const enrollments = [...exact.enrollments];
    const outOfCounty = [...exact.outOfCounty];
    const exemptions = [...exact.exemptions];
    for (const link of links) {
      const [source, id] = splitCandidateKey(link);
      const linked = id === key ? undefined : this.byId.get(id);
      if (linked === undefined) continue;
      if (source === 'enrollment') enrollments.push(...listOf(linked.enrollments));
      else if (source === 'out_of_county') outOfCounty.push(...listOf(linked.outOfCounty));
      else exemptions.push(...listOf(linked.exemptions));
    }
    return { enrollments, outOfCounty, exemptions };
  }

  private childResult(child: ChildWork, findings: Finding[]): ChildResult {
    const { person, age } = child;
    const decision = decideStatus(child.matches, this.schoolYear, child.hits.length > 0);
    const flags: ChildFlag[] = [];
    const enrolment = decision.enrollment;
    if (decision.status === 'enrolled_in_county' && enrolment?.mode === 'home_teaching')
      flags.push('home_teaching');
    if (!person.idValid) {
      flags.push('invalid_id');
      findings.push({
        code: 'invalid_id',
        source: 'population',
        idNumber: person.idNumber === '' ? null : person.idNumber,
        name: person.name,
        villageCode: person.villageCode,
      });
    }
    if (decision.status === 'enrolled_in_county' && enrolment && isOverAge(age, enrolment.grade))
      flags.push('over_age');
    if (child.duplicates) {
      findings.push({
        code: 'duplicate_population',
        idNumber: person.idNumber,
        name: person.name,
        count: child.duplicates.length,
        villageCodes: [...new Set(child.duplicates.map((d) => d.villageCode))].sort(compareNullableLast),
      });
    }
    return {
      idNumber: person.idNumber === '' ? null : person.idNumber,
      name: person.name,
      age,
      villageCode: person.villageCode,
      status: decision.status,
      schoolCode: enrolment?.schoolCode ?? null,
      flags,
      candidates: decision.status === 'needs_review' ? child.hits.map(candidateOf) : [],
    };
  }

  // ---------------------------------------------------------------- candidates

  /** The records of a number on no population row, one per roster (its lowest row), unless confirmed for a child. */
  private addToPool(id: string, slot: IdSlot, pool: PoolRecord[]): void {
    if (slot.enrollments !== null && !this.linked.has(candidateKey('enrollment', id))) {
      const first = lowestRow(listOf(slot.enrollments));
      pool.push(poolRecord('enrollment', first, first.schoolCode));
    }
    if (slot.outOfCounty !== null && !this.linked.has(candidateKey('out_of_county', id))) {
      pool.push(poolRecord('out_of_county', lowestRow(listOf(slot.outOfCounty)), null));
    }
    if (slot.exemptions !== null && !this.linked.has(candidateKey('exemption', id))) {
      pool.push(poolRecord('exemption', lowestRow(listOf(slot.exemptions)), null));
    }
  }

  /**
   * Looks for candidates for the children without any match, among the records whose
   * number stands in no population row. Returns the keys of every record found.
   */
  private searchCandidates(unmatched: ChildWork[], pool: readonly PoolRecord[]): Set<string> {
    const found = new Set<string>();
    if (unmatched.length === 0 || pool.length === 0) return found;
    const index = new CandidateIndex();
    for (const record of pool) index.add(record);
    for (const child of unmatched) {
      const { person } = child;
      child.hits = index.find(
        { idNumber: person.idNumber, name: person.name, birthDate: person.birthDate, gender: person.gender },
        this.rejected.get(child.key),
      );
      child.hits.sort(compareHits);
      for (const hit of child.hits) found.add(hit.record.key);
    }
    return found;
  }

  // ------------------------------------------------------------------ findings

  /**
   * The findings about the students of one number: invalid, 在读 at several schools, over
   * age; and, when the number is on no population row, the 在读 enrolment to report as
   * not in the roster unless the candidate search ties it to a child.
   */
  private enrollmentFindings(
    id: string,
    records: readonly EnrollmentInput[],
    registered: boolean,
    findings: Finding[],
    unregistered: UnregisteredStudent[],
  ): void {
    const first = lowestRow(records);
    if (!first.idValid) {
      findings.push({
        code: 'invalid_id',
        source: 'enrollment',
        idNumber: id,
        name: first.name,
        schoolCode: first.schoolCode,
      });
    }
    const enrolled =
      records.length === 1
        ? first.status === 'enrolled'
          ? records
          : []
        : records.filter((r) => r.status === 'enrolled');
    if (enrolled.length === 0) return;
    if (enrolled.length > 1) {
      const schools = [...new Set(enrolled.map((r) => r.schoolCode))].sort();
      if (schools.length > 1)
        findings.push({ code: 'duplicate_enrollment', idNumber: id, name: first.name, schoolCodes: schools });
    }
    if (!registered) unregistered.push({ id, shown: latestEnrollment(enrolled, () => true) ?? first });
    this.overAgeFindings(id, enrolled, findings);
  }

  private overAgeFindings(id: string, enrolled: readonly EnrollmentInput[], findings: Finding[]): void {
    let seen: Set<string> | null = null;
    for (const r of enrolled) {
      if (r.birthDate === null) continue;
      if (enrolled.length > 1) {
        if ((seen ??= new Set()).has(r.schoolCode)) continue;
        seen.add(r.schoolCode);
      }
      const age = this.ageOf(r.birthDate);
      if (isOverAge(age, r.grade)) {
        findings.push({
          code: 'over_age',
          idNumber: id,
          name: r.name,
          age,
          grade: r.grade,
          schoolCode: r.schoolCode,
        });
      }
    }
  }
}

function lowestRow<T extends { row: number }>(records: readonly T[]): T {
  let lowest = records[0] as T;
  for (let i = 1; i < records.length; i++) if ((records[i] as T).row < lowest.row) lowest = records[i] as T;
  return lowest;
}

function personOf(r: PersonInput): PersonInput {
  return {
    row: r.row,
    name: r.name,
    idNumber: r.idNumber,
    idValid: r.idValid,
    birthDate: r.birthDate,
    gender: r.gender,
  };
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

function hasAnyMatch(m: ChildMatches): boolean {
  return m.enrollments.length > 0 || m.outOfCounty.length > 0 || m.exemptions.length > 0;
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

/**
 * By village code, then identity number; children without either come last, by row.
 * Grouped by village first: a county has a few hundred villages and a million children,
 * so most comparisons are then of identity numbers alone, and those are made on numbers
 * where they can be (comparing long strings with the same prefix is several times slower).
 */
function sortChildren(children: readonly ChildWork[]): ChildWork[] {
  const byVillage = new Map<string | null, SortItem[]>();
  for (const child of children) {
    const village = child.person.villageCode;
    const item: SortItem = { child, lead: numericLead(child.person) };
    const group = byVillage.get(village);
    if (group === undefined) byVillage.set(village, [item]);
    else group.push(item);
  }
  const sorted: ChildWork[] = [];
  for (const village of [...byVillage.keys()].sort(compareNullableLast)) {
    const group = byVillage.get(village) as SortItem[];
    group.sort(compareWithinVillage);
    for (const item of group) sorted.push(item.child);
  }
  return sorted;
}

interface SortItem {
  child: ChildWork;
  /** The first 15 digits of a valid number as a number (exact below 2^53), else NaN. */
  lead: number;
}

const LEAD_DIGITS = 15;

function numericLead(person: PopulationInput): number {
  if (!person.idValid) return NaN;
  const id = person.idNumber;
  let n = 0;
  for (let i = 0; i < LEAD_DIGITS; i++) n = n * 10 + (id.charCodeAt(i) - 48);
  return n;
}

/**
 * Equal-length digit strings compare as their numbers do, so comparing the leads of two
 * valid numbers (18 characters each) gives exactly the text order; anything else, and
 * equal leads, fall back to comparing the text.
 */
function compareWithinVillage(a: SortItem, b: SortItem): number {
  if (a.lead !== b.lead && a.lead === a.lead && b.lead === b.lead) return a.lead - b.lead;
  const x = a.child.person.idNumber;
  const y = b.child.person.idNumber;
  if (x !== y) {
    if (x === '') return 1;
    if (y === '') return -1;
    return x < y ? -1 : 1;
  }
  return a.child.person.row - b.child.person.row;
}

function compareHits(a: CandidateHit, b: CandidateHit): number {
  return (
    SOURCE_ORDER[a.record.source] - SOURCE_ORDER[b.record.source] ||
    compareText(a.record.idNumber, b.record.idNumber) ||
    compareText(a.record.key, b.record.key)
  );
}

/** By the order of the findings table, then identity number, then what tells them apart. */
function compareFindings(a: Finding, b: Finding): number {
  return (
    FINDING_CODES.indexOf(a.code) - FINDING_CODES.indexOf(b.code) ||
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
