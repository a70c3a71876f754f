// Candidate search (RECONCILIATION.md, "Matching"): for a child with no exact match,
// records that may be the same person under a mistyped number or name. Both rules are
// hash lookups, so the search costs the same per child however large the pool is:
// - same birth date and gender, names equal or equal in toneless pinyin: a bucket per
//   (birth date, gender), the few names in it compared one by one;
// - numbers one substitution or one adjacent swap apart, names equal: any two such
//   numbers become equal once the same two adjacent positions are cut out, so each
//   number is filed under its cut-outs (with the name, which must be equal anyway).
import { idNumbersNearlyEqual } from '@baoxue/shared/domain/identity';
import { namesMatch, normalizeName } from '@baoxue/shared/domain/names';
import type { CandidateRule, Gender, RecordSource } from './types';

/** A record in the pool: its identity number stands in no row of the population roster. */
export interface PoolRecord {
  /** Source and number (or row, for a record without one): what review decisions refer to. */
  key: string;
  source: RecordSource;
  idNumber: string;
  name: string;
  birthDate: string | null;
  gender: Gender | null;
  schoolCode: string | null;
}

export interface CandidateQuery {
  idNumber: string;
  name: string;
  birthDate: string;
  gender: Gender;
}

export interface CandidateHit {
  record: PoolRecord;
  rule: CandidateRule;
}

export class CandidateIndex {
  private readonly byBirth = new Map<string, PoolRecord[]>();
  private readonly byCutNumber = new Map<string, PoolRecord[]>();
  /** What the children to be asked for have: a record without any of it can be no one's candidate. */
  private readonly births = new Set<string>();
  private readonly names = new Set<string>();

  /**
   * An index for the candidates of `children`, the only ones it will be asked for. The pool
   * is the larger side (at a million children, 15,861 records for 6,522 children), and most
   * of its records share neither a birth date nor a name with any of them: they are left
   * out rather than filed under seventeen cut numbers each.
   */
  constructor(children: Iterable<CandidateQuery>) {
    for (const child of children) {
      this.births.add(birthKey(child.birthDate, child.gender));
      this.names.add(normalizeName(child.name));
    }
  }

  add(record: PoolRecord): void {
    if (record.birthDate !== null && record.gender !== null) {
      const key = birthKey(record.birthDate, record.gender);
      if (this.births.has(key)) push(this.byBirth, key, record);
    }
    const name = normalizeName(record.name);
    if (name !== '' && record.idNumber.length >= 2 && this.names.has(name)) {
      for (const key of cutKeys(name, record.idNumber)) push(this.byCutNumber, key, record);
    }
  }

  /** Hits for one child, each record once (under the first rule it meets), skipping `excluded` keys. */
  find(child: CandidateQuery, excluded: ReadonlySet<string> | undefined): CandidateHit[] {
    const hits = new Map<string, CandidateHit>();
    for (const record of this.byBirth.get(birthKey(child.birthDate, child.gender)) ?? []) {
      if (!excluded?.has(record.key) && namesMatch(child.name, record.name)) {
        hits.set(record.key, { record, rule: 'same_birth_date_and_name' });
      }
    }
    const name = normalizeName(child.name);
    if (name !== '' && child.idNumber.length >= 2) {
      for (const key of cutKeys(name, child.idNumber)) {
        for (const record of this.byCutNumber.get(key) ?? []) {
          if (hits.has(record.key) || excluded?.has(record.key)) continue;
          if (idNumbersNearlyEqual(child.idNumber, record.idNumber)) {
            hits.set(record.key, { record, rule: 'similar_id_number' });
          }
        }
      }
    }
    return [...hits.values()];
  }
}

function birthKey(birthDate: string, gender: Gender): string {
  return `${birthDate}|${gender}`;
}

/** The name with the number cut at each pair of adjacent positions (and which pair it was). */
function cutKeys(name: string, id: string): string[] {
  const keys: string[] = [];
  for (let i = 0; i + 1 < id.length; i++)
    keys.push(`${name}\u0000${i}\u0000${id.slice(0, i)}${id.slice(i + 2)}`);
  return keys;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
