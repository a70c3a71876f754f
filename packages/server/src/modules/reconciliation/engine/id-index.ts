// Every roster's records under one identity number, in one hash table: a single lookup
// per record added joins all four rosters, and `finish()` walks the table once, so no
// number is looked up twice. At a million children hash-table traffic is most of the
// engine's cost, which this keeps to one get (and at most one set) per record.
import type { EnrollmentInput, ExemptionInput, OutOfCountyInput, PopulationInput } from './types';

/**
 * One record, several, or none. Nearly every number appears once per roster, so a lone
 * record is stored as itself and only a repeated number gets an array.
 */
export type Some<T> = T | T[] | null;

export function addTo<T extends object>(some: Some<T>, record: T): Some<T> {
  if (some === null) return record;
  if (Array.isArray(some)) {
    some.push(record);
    return some;
  }
  return [some, record];
}

const NONE: readonly never[] = Object.freeze([]);

export function listOf<T extends object>(some: Some<T>): readonly T[] {
  if (some === null) return NONE;
  return Array.isArray(some) ? some : [some];
}

export class IdSlot {
  population: Some<PopulationInput> = null;
  enrollments: Some<EnrollmentInput> = null;
  outOfCounty: Some<OutOfCountyInput> = null;
  exemptions: Some<ExemptionInput> = null;
}

export class IdIndex {
  private readonly slots = new Map<string, IdSlot>();

  /** The slot of `id`, made on first use. */
  slot(id: string): IdSlot {
    let slot = this.slots.get(id);
    if (slot === undefined) this.slots.set(id, (slot = new IdSlot()));
    return slot;
  }

  get(id: string): IdSlot | undefined {
    return this.slots.get(id);
  }

  /** Every number with its slot, in the order the numbers first appeared. */
  forEach(fn: (id: string, slot: IdSlot) => void): void {
    for (const [id, slot] of this.slots) fn(id, slot);
  }
}
