import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '@baoxue/shared';
import {
  EnrollmentColumns,
  ExemptionColumns,
  IdSlots,
  Interner,
  Ints,
  NONE,
  OutOfCountyColumns,
  packValidId,
  PopulationColumns,
  radixSort,
  ROSTER,
  type Roster,
} from './store';

describe('packValidId', () => {
  it('gives distinct valid numbers distinct keys, exactly representable', () => {
    const ids = [
      makeIdNumber('610727', '2017-03-04', 2, 'F'),
      makeIdNumber('610727', '2017-03-04', 4, 'F'),
      makeIdNumber('610727', '2017-03-05', 2, 'F'),
      makeIdNumber('610728', '2017-03-04', 2, 'F'),
      makeIdNumber('999999', '2155-12-31', 999, 'M'),
      makeIdNumber('110000', '1900-01-01', 0, 'F'),
    ];
    const keys = ids.map(packValidId);
    expect(new Set(keys).size).toBe(ids.length);
    for (const key of keys) expect(Number.isSafeInteger(key)).toBe(true);
  });

  it('leaves birth years it cannot pack to the text index', () => {
    expect(packValidId(makeIdNumber('610727', '2156-01-01', 1, 'M'))).toBe(NONE);
  });
});

describe('radixSort', () => {
  it('orders integers below 2^48 ascending, equal keys in their first order', () => {
    const keys = [2 ** 47 + 5, 3, 2 ** 24, 3, 0, 2 ** 36 - 1, 2 ** 24 - 1, 77];
    const sorted = radixSort(
      Float64Array.from(keys),
      Int32Array.from(keys, (_, i) => i),
    );
    expect(Array.from(sorted.keys)).toEqual([...keys].sort((a, b) => a - b));
    const order = Array.from(sorted.values);
    expect(order.map((i) => keys[i])).toEqual(Array.from(sorted.keys));
    expect(order.slice(1, 3)).toEqual([1, 3]);
  });

  it('orders a hundred thousand keys as a stable sort does, duplicates in their first order', () => {
    // xorshift32: integer arithmetic throughout, so every bit is random.
    let seed = 7;
    const random = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 2 ** 32;
    };
    // Every one of the 47 bits in play, and each key drawn about twice.
    const pool = Array.from(
      { length: 50_000 },
      () => Math.floor(random() * 2 ** 23) * 2 ** 24 + Math.floor(random() * 2 ** 24),
    );
    const keys = Array.from({ length: 100_000 }, () => pool[Math.floor(random() * pool.length)] as number);
    const sorted = radixSort(
      Float64Array.from(keys),
      Int32Array.from(keys, (_, i) => i),
    );
    const order = Array.from(sorted.values);
    const expected = keys.map((_, i) => i).sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
    // The first place they differ, rather than a diff of a hundred thousand numbers.
    expect(order.findIndex((at, i) => at !== expected[i])).toBe(-1);
    expect(sorted.keys.findIndex((key, i) => key !== keys[expected[i] as number])).toBe(-1);
  });
});

describe('IdSlots', () => {
  function rosters() {
    const births = new Interner();
    return [
      new PopulationColumns(births, new Interner()),
      new EnrollmentColumns(births, new Interner()),
      new OutOfCountyColumns(births),
      new ExemptionColumns(births),
    ] as const;
  }
  const person = (row: number, idNumber: string, idValid: boolean) => ({
    row,
    name: '李娜',
    idNumber,
    idValid,
    birthDate: '2017-03-04',
    gender: 'F' as const,
  });

  it('gathers the records of each number into one slot, valid numbers by key and others by text', () => {
    const [P, E, O, X] = rosters();
    const slots = new IdSlots();
    const valid = makeIdNumber('610727', '2017-03-04', 2, 'F');
    const other = makeIdNumber('610727', '2016-01-01', 2, 'F');
    const add = (roster: Roster, i: number, id: string, ok: boolean) => slots.add(id, ok, roster, i);
    add(ROSTER.population, P.add({ ...person(2, valid, true), villageCode: null }), valid, true);
    add(ROSTER.population, P.add({ ...person(3, '12345', false), villageCode: null }), '12345', false);
    add(ROSTER.population, P.add({ ...person(4, valid, true), villageCode: null }), valid, true);
    const e = E.add({
      ...person(2, valid, true),
      schoolCode: '2161000001',
      grade: 3,
      status: 'enrolled',
      mode: 'regular',
    });
    add(ROSTER.enrollments, e, valid, true);
    add(ROSTER.outOfCounty, O.add(person(2, other, true)), other, true);
    add(ROSTER.exemptions, X.add({ ...person(2, '12345', false), schoolYear: 2026 }), '12345', false);
    slots.seal([P, E, O, X]);

    const seen = new Map<string, number>();
    slots.forEach((id, slot) => seen.set(id, slot));
    expect([...seen.keys()].sort()).toEqual(['12345', other, valid].sort());
    const v = slots.get(valid, true)!;
    expect(seen.get(valid)).toBe(v);
    expect(
      P.chain(slots.population.at(v))
        .map((i) => P.row.at(i))
        .sort(),
    ).toEqual([2, 4]);
    expect(slots.enrollments.at(v)).toBe(e);
    expect(slots.outOfCounty.at(v)).toBe(NONE);
    const t = slots.get('12345', false)!;
    expect(P.chain(slots.population.at(t))).toHaveLength(1);
    expect(slots.exemptions.at(t)).not.toBe(NONE);
    expect(slots.get(makeIdNumber('610727', '2010-01-01', 2, 'F'), true)).toBeUndefined();
    expect(slots.get('nothing', false)).toBeUndefined();
  });
});

describe('columns', () => {
  it('Ints grows past its first capacity', () => {
    const ints = new Ints(2);
    for (let i = 0; i < 100; i++) ints.push(i * 3);
    expect([ints.length, ints.at(0), ints.at(99)]).toEqual([100, 0, 297]);
  });

  it('Interner numbers each distinct string once', () => {
    const interner = new Interner();
    expect([interner.number('a'), interner.number('b'), interner.number('a')]).toEqual([0, 1, 0]);
    expect(interner.value(1)).toBe('b');
  });
});
