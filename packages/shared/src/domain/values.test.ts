import { describe, expect, it } from 'vitest';
import { fullWidthToHalfWidth, parseGender, parseYesNo } from './values';

describe('fullWidthToHalfWidth', () => {
  it('converts full-width digits, letters and punctuation', () => {
    expect(fullWidthToHalfWidth('１２３ＡＢＣａｂｃ（）－．／')).toBe('123ABCabc()-./');
  });
  it('turns the ideographic space into a plain space', () => {
    expect(fullWidthToHalfWidth('a\u3000b')).toBe('a b');
  });
  it('covers the whole range ！ (U+FF01) to ～ (U+FF5E)', () => {
    expect(fullWidthToHalfWidth('\uff01\uff5e')).toBe('!~');
  });
  it('leaves Chinese characters, half-width text and other symbols alone', () => {
    expect(fullWidthToHalfWidth('张三 abc 12 ·、。')).toBe('张三 abc 12 ·、。');
    expect(fullWidthToHalfWidth('')).toBe('');
  });
});

describe('parseYesNo', () => {
  it.each(['是', 'Y', 'y', '1', 'true', 'TRUE', 'True', ' 是 ', '１', 'Ｙ'])('%j is yes', (v) => {
    expect(parseYesNo(v)).toBe(true);
  });
  it.each(['否', 'N', 'n', '0', 'false', 'FALSE', 'False', ' 否\u3000', '０'])('%j is no', (v) => {
    expect(parseYesNo(v)).toBe(false);
  });
  it('accepts numbers and booleans', () => {
    expect(parseYesNo(1)).toBe(true);
    expect(parseYesNo(0)).toBe(false);
    expect(parseYesNo(true)).toBe(true);
    expect(parseYesNo(false)).toBe(false);
  });
  it('treats an empty cell as no', () => {
    expect(parseYesNo('')).toBe(false);
    expect(parseYesNo('   ')).toBe(false);
    expect(parseYesNo(undefined)).toBe(false);
    expect(parseYesNo(null)).toBe(false);
  });
  it.each(['maybe', '有', '2', 'yes?', '是的', '-1'])('rejects %j', (v) => {
    expect(parseYesNo(v)).toBeNull();
  });
  it('rejects other numbers and non-scalar values', () => {
    expect(parseYesNo(2)).toBeNull();
    expect(parseYesNo(0.5)).toBeNull();
    expect(parseYesNo(Number.NaN)).toBeNull();
    expect(parseYesNo({})).toBeNull();
    expect(parseYesNo(new Date())).toBeNull();
  });
});

describe('parseGender', () => {
  it.each([
    ['男', 'M'],
    ['男性', 'M'],
    ['M', 'M'],
    ['m', 'M'],
    [' 男 ', 'M'],
    ['Ｍ', 'M'],
    ['女', 'F'],
    ['女性', 'F'],
    ['F', 'F'],
    ['f', 'F'],
    ['\u3000女\u3000', 'F'],
  ] as const)('%j → %s', (raw, expected) => {
    expect(parseGender(raw)).toBe(expected);
  });
  it.each(['', '未知', 'male', 'X', '1', '男女'])('%j → null', (raw) => {
    expect(parseGender(raw)).toBeNull();
  });
  it('returns null for non-strings', () => {
    expect(parseGender(undefined)).toBeNull();
    expect(parseGender(null)).toBeNull();
    expect(parseGender(1)).toBeNull();
  });
});
