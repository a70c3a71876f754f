import { describe, expect, it } from 'vitest';
import { namePinyinKey, namesMatch, normalizeName } from './names';

describe('normalizeName', () => {
  it('removes all whitespace', () => {
    expect(normalizeName(' 张 三 ')).toBe('张三');
    expect(normalizeName('张\u3000三\t')).toBe('张三');
  });
  it('removes the invisible characters a name copied from a chat or a web page brings along', () => {
    expect(normalizeName('王\u200b小明')).toBe('王小明');
    expect(normalizeName('\ufeff\u200d王小明\u200e\u2060')).toBe('王小明');
    expect(normalizeName('\u202e王小明\u202c')).toBe('王小明');
    expect(namesMatch('王\u200b小明', '王小明')).toBe(true);
  });
  it('makes full-width ASCII half-width', () => {
    expect(normalizeName('ＡＢＣ张三１')).toBe('ABC张三1');
  });
  it.each([
    ['买买提·艾力', 'U+00B7'],
    ['买买提・艾力', 'U+30FB'],
    ['买买提･艾力', 'U+FF65'],
    ['买买提•艾力', 'U+2022'],
    ['买买提‧艾力', 'U+2027'],
    ['买买提.艾力', 'full stop'],
    ['买买提．艾力', 'full-width full stop'],
    ['买买提 · 艾力', 'dot with spaces'],
  ])('unifies %j (%s) to ·', (raw) => {
    expect(normalizeName(raw)).toBe('买买提·艾力');
  });
  it('leaves other characters alone', () => {
    expect(normalizeName('欧阳娜娜')).toBe('欧阳娜娜');
    expect(normalizeName('')).toBe('');
  });
});

describe('namePinyinKey', () => {
  it('is toneless, lowercase pinyin without separators', () => {
    expect(namePinyinKey('李娜')).toBe('lina');
    expect(namePinyinKey('王小明')).toBe('wangxiaoming');
  });
  it('writes ü as v', () => {
    expect(namePinyinKey('吕')).toBe('lv');
  });
  it('normalises first and drops the name dot', () => {
    expect(namePinyinKey(' 买买提．艾力 ')).toBe('maimaitiaili');
    expect(namePinyinKey('买买提艾力')).toBe('maimaitiaili');
  });
  it('keeps other characters, lowercased', () => {
    expect(namePinyinKey('Ａnna李')).toBe('annali');
    expect(namePinyinKey('张3')).toBe('zhang3');
  });
  it('is the same on repeated calls (memoised)', () => {
    expect(namePinyinKey('李那')).toBe('lina');
    expect(namePinyinKey('李那')).toBe('lina');
  });
  it('is empty for an empty name', () => {
    expect(namePinyinKey('')).toBe('');
  });
});

describe('namesMatch', () => {
  it('matches names equal after normalisation', () => {
    expect(namesMatch('张三', '张三')).toBe(true);
    expect(namesMatch('张 三', '张三')).toBe(true);
    expect(namesMatch('买买提・艾力', '买买提.艾力')).toBe(true);
    expect(namesMatch('ＡＢ', 'AB')).toBe(true);
  });
  it('matches names equal in toneless pinyin', () => {
    expect(namesMatch('李娜', '李那')).toBe(true);
    expect(namesMatch('王明', '汪鸣')).toBe(true);
  });
  it('does not match different names', () => {
    expect(namesMatch('李娜', '王娜')).toBe(false);
    expect(namesMatch('李娜', '李娜娜')).toBe(false);
    expect(namesMatch('张三', '张山峰')).toBe(false);
  });
  it('never matches an empty name', () => {
    expect(namesMatch('', '')).toBe(false);
    expect(namesMatch(' ', '李娜')).toBe(false);
  });
});
