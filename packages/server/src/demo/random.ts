// A small seeded pseudo-random generator for the demo county. Everything the demo
// generates comes from here, so the same seed always gives the same county; nothing
// may call Math.random or read the clock.

/** A 32-bit hash of a text (FNV-1a followed by a murmur3 finaliser), to derive seeds from labels. */
export function hashString(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128 bits of state, fast, good enough. */
function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

export class Random {
  readonly seed: number;
  private readonly next: () => number;

  constructor(seed: number) {
    this.seed = seed >>> 0;
    this.next = sfc32(0x9e3779b9, 0x243f6a88, 0xb7e15162, this.seed);
    // Warm up: the first outputs of sfc32 still show the structure of the seed.
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A generator of its own for one concern ('schools', 'names' …), independent of how much this one was used. */
  fork(label: string): Random {
    return new Random(hashString(label, this.seed));
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next();
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`int(${min}, ${max}): empty range`);
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One item, chosen with probability proportional to its weight (weights ≥ 0, not all 0). */
  weighted<T>(items: readonly T[], weight: (item: T, index: number) => number): T {
    let total = 0;
    const weights = items.map((item, i) => {
      const w = Math.max(0, weight(item, i));
      total += w;
      return w;
    });
    if (items.length === 0 || total <= 0) throw new RangeError('weighted pick without positive weights');
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i] ?? 0;
      if (r < 0) return items[i] as T;
    }
    return items[items.length - 1] as T;
  }

  /** A value from a table of [value, weight] pairs. */
  table<T>(entries: readonly (readonly [T, number])[]): T {
    return this.weighted(entries, (e) => e[1])[0];
  }

  /** Fisher–Yates, in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  /** A shuffled copy. */
  shuffled<T>(items: readonly T[]): T[] {
    return this.shuffle([...items]);
  }

  /** `n` distinct items (fewer when the list is shorter), in random order. */
  sample<T>(items: readonly T[], n: number): T[] {
    return this.shuffled(items).slice(0, Math.max(0, n));
  }

  /**
   * A random order in which heavier items tend to come first (Efraimidis–Spirakis):
   * draw items without replacement, each time with probability proportional to weight.
   */
  weightedOrder<T>(items: readonly T[], weight: (item: T) => number): T[] {
    const keyed = items.map((item) => {
      const w = weight(item);
      return { item, key: w > 0 ? Math.log(this.next() || Number.MIN_VALUE) / w : -Infinity };
    });
    keyed.sort((a, b) => b.key - a.key);
    return keyed.map((k) => k.item);
  }
}

/**
 * A fixed table of [value, weight] pairs prepared once (cumulative weights and a binary
 * search), for draws made tens of thousands of times.
 */
export class WeightedTable<T> {
  private readonly values: T[];
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    this.values = [];
    this.cumulative = [];
    let total = 0;
    for (const [value, weight] of entries) {
      if (weight <= 0) continue;
      total += weight;
      this.values.push(value);
      this.cumulative.push(total);
    }
    if (total <= 0) throw new RangeError('WeightedTable without positive weights');
    this.total = total;
  }

  draw(rng: Random): T {
    const r = rng.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (r < (this.cumulative[mid] ?? 0)) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo] as T;
  }
}

export function createRandom(seed: number): Random {
  return new Random(seed);
}
