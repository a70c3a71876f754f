import { describe, expect, it } from 'vitest';
import { ByteInterner, SKIPPED_CELL, Utf8LineCutter } from './utf8-lines';

function cutAll(text: string, select?: number[]): unknown[][] {
  const cutter = new Utf8LineCutter(0x2c);
  if (select) cutter.select(select);
  const buf = Buffer.from(text, 'utf8');
  const out: unknown[][] = [];
  expect(cutter.cut(buf, 0, buf.length, out)).toBe(buf.length);
  return out;
}

describe('Utf8LineCutter', () => {
  it('cuts lines with CRLF or LF endings, and a last line without one', () => {
    expect(cutAll('姓名,性别\r\n李娜,女\n王芳,,\r\n 1 ,2')).toEqual([
      ['姓名', '性别'],
      ['李娜', '女'],
      ['王芳', '', ''],
      [' 1 ', '2'],
    ]);
  });

  it('stops before the first line holding a quote', () => {
    const buf = Buffer.from('a,b\n李娜,"c"\nd,e\n', 'utf8');
    const out: unknown[][] = [];
    const stopped = new Utf8LineCutter(0x2c).cut(buf, 0, buf.length, out);
    expect(out).toEqual([['a', 'b']]);
    expect(buf.subarray(stopped).toString('utf8')).toBe('李娜,"c"\nd,e\n');
  });

  it('decodes only the selected columns; the others are blank or skipped', () => {
    expect(cutAll('李娜,x,\u3000, \t,女\n', [0, 4])).toEqual([['李娜', SKIPPED_CELL, '', '', '女']]);
    // A character that only starts like a space is not one.
    expect(cutAll('a,\u3001\n', [0])).toEqual([['a', SKIPPED_CELL]]);
  });
});

describe('ByteInterner', () => {
  it('gives the same string for the same bytes, and tells different bytes apart', () => {
    const interner = new ByteInterner();
    const buf = Buffer.from('610727100201,610727100202,610727100201,女,女', 'utf8');
    const a = interner.get(buf, 0, 12);
    const b = interner.get(buf, 13, 25);
    const c = interner.get(buf, 26, 38);
    expect([a, b, c]).toEqual(['610727100201', '610727100202', '610727100201']);
    expect(c).toBe(a);
    expect(interner.get(buf, 39, 42)).toBe('女');
  });

  it('tells apart two values whose hashes are equal', () => {
    const interner = new ByteInterner();
    // Found by search: FNV-1a gives both the same 32 bits.
    const buf = Buffer.from('76mmiq,2391dx', 'utf8');
    expect([interner.get(buf, 0, 6), interner.get(buf, 7, 13), interner.get(buf, 0, 6)]).toEqual([
      '76mmiq',
      '2391dx',
      '76mmiq',
    ]);
  });

  it('keeps every value apart through its table growing, then stops interning a column of too many values', () => {
    const interner = new ByteInterner();
    const values = Array.from({ length: 70_000 }, (_, i) => `v${i}`);
    const buf = Buffer.from(values.join(','), 'utf8');
    let at = 0;
    const got = values.map((v) => {
      const text = interner.get(buf, at, at + v.length);
      at += v.length + 1;
      return text;
    });
    expect(got).toEqual(values);
    expect(interner.active).toBe(false);
  });
});
