import { describe, expect, it } from 'vitest';
import { ImportFileError } from './errors';
import { matchHeaders, normalizeHeader, type HeaderSpec } from './headers';

describe('normalizeHeader', () => {
  it.each([
    ['身份证号', '身份证号'],
    ['  身份证号  ', '身份证号'],
    ['身份证号*', '身份证号'],
    ['身份证号 *', '身份证号'],
    ['身份证号＊', '身份证号'],
    ['镇（街道）', '镇(街道)'],
    [' 村（社区）* ', '村(社区)'],
    ['身份证　号', '身份证号'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeHeader(raw)).toBe(expected);
  });
});

type Key = 'name' | 'id' | 'birth' | 'code' | 'town' | 'village';
const SPECS: Record<Key, HeaderSpec> = {
  name: { header: '姓名', en: 'Name', required: true },
  id: { header: '身份证号', en: 'Identity number', required: false },
  birth: { header: '出生日期', en: 'Birth date', required: false },
  code: { header: '区划代码', en: 'Village code', required: false },
  town: { header: '镇(街道)', en: 'Town', required: false },
  village: { header: '村(社区)', en: 'Village', required: false },
};
const ALTERNATIVES = [
  [['id'], ['birth']],
  [['code'], ['town', 'village']],
] as const;

function match(headers: string[]) {
  return matchHeaders<Key>('名册.xlsx', headers, SPECS, ALTERNATIVES as unknown as Key[][][]);
}

function refusal(headers: string[]): ImportFileError {
  try {
    match(headers);
  } catch (error) {
    if (error instanceof ImportFileError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('matchHeaders', () => {
  it('maps template headers, however typed, to the file’s own header text', () => {
    const result = match(['姓名*', '身份证号', '镇（街道）', '村(社区) ']);
    expect(result.columns).toEqual({
      name: '姓名*',
      id: '身份证号',
      town: '镇（街道）',
      village: '村(社区) ',
    });
    expect(result.warnings).toEqual([]);
  });

  it('ignores unknown columns with a warning each', () => {
    const result = match(['姓名', '出生日期', '区划代码', '备注', '学号']);
    expect(result.warnings.map((w) => [w.code, w.column, w.row])).toEqual([
      ['unknown_column', '备注', 0],
      ['unknown_column', '学号', 0],
    ]);
    expect(result.warnings[0]!.zh).toContain('备注');
  });

  it('reads the first of two columns with the same header and warns about the second', () => {
    const result = match(['姓名', '身份证号', '区划代码', '身份证号#2']);
    expect(result.columns.id).toBe('身份证号');
    expect(result.warnings.map((w) => w.code)).toEqual(['duplicate_column']);
  });

  it('refuses a file without a required column, naming it', () => {
    const error = refusal(['身份证号', '区划代码']);
    expect(error.code).toBe('missing_column');
    expect(error.messages.zh).toContain('姓名');
    expect(error.messages.zh).toContain('名册.xlsx');
  });

  it('needs one option of each alternative in full', () => {
    expect(() => match(['姓名', '出生日期', '镇(街道)', '村(社区)'])).not.toThrow();
    const error = refusal(['姓名', '镇(街道)']);
    expect(error.messages.zh).toContain('身份证号 或 出生日期');
    expect(error.messages.zh).toContain('区划代码 或 镇(街道)+村(社区)');
    expect(error.messages.en).toContain('区划代码 or 镇(街道) + 村(社区)');
  });
});
