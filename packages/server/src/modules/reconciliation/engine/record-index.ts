// A hash index from identity number to the records carrying it. Nearly every number
// appears once, so a lone record is stored as itself and only a repeated number gets an
// array: at a million records that saves a million small arrays.

export class RecordIndex<T extends object> {
  private readonly map = new Map<string, T | T[]>();

  get size(): number {
    return this.map.size;
  }

  add(key: string, record: T): void {
    const existing = this.map.get(key);
    if (existing === undefined) this.map.set(key, record);
    else if (Array.isArray(existing)) existing.push(record);
    else this.map.set(key, [existing, record]);
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  /** The records of `key` in the order they were added; empty when there are none. */
  get(key: string): readonly T[] {
    const found = this.map.get(key);
    if (found === undefined) return NONE;
    return Array.isArray(found) ? found : [found];
  }

  /** Every key with its records, in insertion order. */
  *entries(): Generator<[string, readonly T[]]> {
    for (const [key, found] of this.map) yield [key, Array.isArray(found) ? found : [found]];
  }
}

const NONE: readonly never[] = Object.freeze([]);
