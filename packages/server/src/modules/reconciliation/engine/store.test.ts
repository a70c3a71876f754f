import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '@baoxue/shared';
import { IdSlots, Interner, Ints, NONE, packValidId } from './store';

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

describe('IdSlots', () => {
  it('keeps one slot per number, valid ones by packed key, others by text, in first-seen order', () => {
    const slots = new IdSlots();
    const valid = makeIdNumber('610727', '2017-03-04', 2, 'F');
    const a = slots.slot(valid, true);
    const b = slots.slot('12345', false);
    expect(slots.slot(valid, true)).toBe(a);
    expect(slots.slot('12345', false)).toBe(b);
    expect(slots.get(valid, true)).toBe(a);
    expect(slots.get('nothing', false)).toBeUndefined();
    const seen: string[] = [];
    slots.forEach((id) => seen.push(id));
    expect(seen).toEqual([valid, '12345']);
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
