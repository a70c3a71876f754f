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
import { RecordIndex } from './record-index';
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

const NO_RECORDS: readonly never[] = Object.freeze([]);
const SOURCE_ORDER: Readonly<Record<RecordSource, number>> = {
  enrollment: 0,
  out_of_county: 1,
  exemption: 2,
};

class Engine implements Reconciler {
  private readonly schoolYear: number;
  private readonly compulsoryAge: AgeRange;
  private readonly population = new RecordIndex<PopulationInput>();
  private readonly unnumbered: PopulationInput[] = [];
  private readonly enrollments = new RecordIndex<EnrollmentInput>();
  private readonly outOfCounty = new RecordIndex<OutOfCountyInput>();
  private readonly exemptions = new RecordIndex<ExemptionInput>();
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
    if (person.idNumber === '') this.unnumbered.push(person);
    else this.population.add(person.idNumber, person);
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
    if (record.idNumber === '')
      this.unnumberedRecords.push(poolRecord('enrollment', record, record.schoolCode));
    else this.enrollments.add(record.idNumber, record);
  }

  addOutOfCounty(r: OutOfCountyInput): void {
    const record: OutOfCountyInput = personOf(r);
    if (record.idNumber === '') this.unnumberedRecords.push(poolRecord('out_of_county', record, null));
    else this.outOfCounty.add(record.idNumber, record);
  }

  addExemption(r: ExemptionInput): void {
    const record: ExemptionInput = { ...personOf(r), schoolYear: r.schoolYear };
    if (record.idNumber === '') this.unnumberedRecords.push(poolRecord('exemption', record, null));
    else this.exemptions.add(record.idNumber, record);
  }

  finish(): ReconciliationResult {
    if (this.finished) throw new Error('a reconciler can be finished only once');
    this.finished = true;

    const children = this.compulsoryAgeChildren();
    const unmatched = children.filter((c) => !hasAnyMatch(c.matches));
    const candidateKeys = this.searchCandidates(unmatched);

    const findings: Finding[] = [];
    const results: ChildResult[] = [];
    const summary = Object.fromEntries(CHILD_STATUSES.map((s) => [s, 0])) as StatusSummary;
    children.sort(compareChildren);
    for (const child of children) {
      const result = this.childResult(child, findings);
      summary[result.status]++;
      results.push(result);
    }
    this.enrollmentFindings(candidateKeys, findings);
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

  private compulsoryAgeChildren(): ChildWork[] {
    const children: ChildWork[] = [];
    const consider = (key: string, rows: readonly PopulationInput[]) => {
      const person = rows.reduce((a, b) => (b.row < a.row ? b : a));
      const age = this.ageOf(person.birthDate);
      if (!isCompulsoryAge(age, this.compulsoryAge)) return;
      const duplicates = rows.length > 1 ? rows : null;
      children.push({
        key,
        person,
        age,
        duplicates,
        matches: this.matchesOf(key, person.idNumber),
        hits: [],
      });
    };
    for (const [id, rows] of this.population.entries()) consider(id, rows);
    for (const person of this.unnumbered) consider(childKey(person), [person]);
    return children;
  }

  /** Exact matches by identity number, plus the records a person confirmed for this child. */
  private matchesOf(key: string, idNumber: string): ChildMatches {
    const unnumbered = idNumber === '';
    const matches: ChildMatches = {
      enrollments: unnumbered ? NO_RECORDS : this.enrollments.get(idNumber),
      outOfCounty: unnumbered ? NO_RECORDS : this.outOfCounty.get(idNumber),
      exemptions: unnumbered ? NO_RECORDS : this.exemptions.get(idNumber),
    };
    const links = this.confirmed.get(key);
    if (links === undefined) return matches;
    const enrollments = [...matches.enrollments];
    const outOfCounty = [...matches.outOfCounty];
    const exemptions = [...matches.exemptions];
    for (const link of links) {
      const [source, id] = splitCandidateKey(link);
      if (id === idNumber) continue;
      if (source === 'enrollment') enrollments.push(...this.enrollments.get(id));
      else if (source === 'out_of_county') outOfCounty.push(...this.outOfCounty.get(id));
      else exemptions.push(...this.exemptions.get(id));
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

  /**
   * Looks for candidates for the children without any match, among the records whose
   * number stands in no population row. Returns the keys of every record found.
   */
  private searchCandidates(unmatched: ChildWork[]): Set<string> {
    const found = new Set<string>();
    if (unmatched.length === 0) return found;
    const index = new CandidateIndex();
    for (const record of this.pool()) index.add(record);
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

  /** One pool record per roster and number (its lowest row), unless confirmed for a child. */
  private *pool(): Generator<PoolRecord> {
    const sources: [RecordSource, RecordIndex<PersonInput & { schoolCode?: string }>][] = [
      ['enrollment', this.enrollments],
      ['out_of_county', this.outOfCounty],
      ['exemption', this.exemptions],
    ];
    for (const [source, index] of sources) {
      for (const [id, records] of index.entries()) {
        if (this.population.has(id) || this.linked.has(candidateKey(source, id))) continue;
        const first = records.reduce((a, b) => (b.row < a.row ? b : a));
        yield poolRecord(source, first, first.schoolCode ?? null);
      }
    }
    yield* this.unnumberedRecords;
  }

  // ------------------------------------------------------------------ findings

  /** The findings about students: invalid numbers, duplicates, not in the roster, over age. */
  private enrollmentFindings(candidateKeys: ReadonlySet<string>, findings: Finding[]): void {
    for (const [id, records] of this.enrollments.entries()) {
      const first = records.reduce((a, b) => (b.row < a.row ? b : a));
      if (!first.idValid) {
        findings.push({
          code: 'invalid_id',
          source: 'enrollment',
          idNumber: id,
          name: first.name,
          schoolCode: first.schoolCode,
        });
      }
      const enrolled = records.filter((r) => r.status === 'enrolled');
      if (enrolled.length === 0) continue;
      const schools = [...new Set(enrolled.map((r) => r.schoolCode))].sort();
      if (schools.length > 1) {
        findings.push({ code: 'duplicate_enrollment', idNumber: id, name: first.name, schoolCodes: schools });
      }
      const key = candidateKey('enrollment', id);
      if (!this.population.has(id) && !candidateKeys.has(key) && !this.linked.has(key)) {
        const shown = latestEnrollment(enrolled, () => true) ?? first;
        findings.push({
          code: 'enrolled_not_in_population',
          idNumber: id,
          name: shown.name,
          schoolCode: shown.schoolCode,
          grade: shown.grade,
        });
      }
      this.overAgeFindings(id, enrolled, findings);
    }
  }

  private overAgeFindings(id: string, enrolled: readonly EnrollmentInput[], findings: Finding[]): void {
    const seen = new Set<string>();
    for (const r of enrolled) {
      if (r.birthDate === null || seen.has(r.schoolCode)) continue;
      seen.add(r.schoolCode);
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

/** By village code, then identity number; children without either come last, by row. */
function compareChildren(a: ChildWork, b: ChildWork): number {
  return (
    compareNullableLast(a.person.villageCode, b.person.villageCode) ||
    compareNullableLast(a.person.idNumber || null, b.person.idNumber || null) ||
    a.person.row - b.person.row
  );
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
