import { describe, expect, it } from 'vitest';
import { GRADES, gradeLabel, isOverAge, parseGrade, stageOfGrade, usualAgeOfGrade } from './grades';

describe('GRADES', () => {
  it('lists 小班 -2 to 高三 12 in order', () => {
    expect(GRADES.map((g) => g.grade)).toEqual([-2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(GRADES.map((g) => g.zh).join(' ')).toBe(
      '小班 中班 大班 一年级 二年级 三年级 四年级 五年级 六年级 七年级 八年级 九年级 高一 高二 高三',
    );
  });
  it('gives each grade the stage stageOfGrade computes', () => {
    for (const g of GRADES) expect(stageOfGrade(g.grade)).toBe(g.stage);
  });
});

describe('parseGrade', () => {
  it('accepts every zh name', () => {
    for (const g of GRADES) expect(parseGrade(g.zh)).toBe(g.grade);
  });
  it.each([
    ['1', 1],
    ['9', 9],
    ['12', 12],
    ['01', 1],
    ['１', 1],
    ['１２', 12],
    [' 3 ', 3],
    ['初一', 7],
    ['初二', 8],
    ['初三', 9],
    ['七年级', 7],
    ['八年级', 8],
    ['九年级', 9],
    ['初中一年级', 7],
    ['初中三年级', 9],
    ['高中一年级', 10],
    ['高中二年级', 11],
    ['高中三年级', 12],
    ['高1', 10],
    ['小学三年级', 3],
    ['3年级', 3],
    ['３年级', 3],
    [' 一 年 级 ', 1],
    ['\u3000高二\u3000', 11],
    ['幼儿园大班', 0],
  ] as const)('%j → %d', (raw, expected) => {
    expect(parseGrade(raw)).toBe(expected);
  });
  it('accepts the numbers 1 to 12', () => {
    for (let n = 1; n <= 12; n++) expect(parseGrade(n)).toBe(n);
  });
  it('rejects numbers outside 1–12 and fractions', () => {
    expect(parseGrade(0)).toBeNull();
    expect(parseGrade(13)).toBeNull();
    expect(parseGrade(-2)).toBeNull();
    expect(parseGrade(1.5)).toBeNull();
    expect(parseGrade(Number.NaN)).toBeNull();
  });
  it.each(['', '0', '13', '十三年级', '初四', '高四', '小学七年级', 'grade 1', 'abc', '1.5'])(
    'rejects %j',
    (raw) => {
      expect(parseGrade(raw)).toBeNull();
    },
  );
});

describe('gradeLabel', () => {
  it('names grades in Chinese by default and in English on request', () => {
    expect(gradeLabel(-2)).toBe('小班');
    expect(gradeLabel(1)).toBe('一年级');
    expect(gradeLabel(10)).toBe('高一');
    expect(gradeLabel(1, 'zh-CN')).toBe('一年级');
    expect(gradeLabel(1, 'en')).toBe('Grade 1');
    expect(gradeLabel(0, 'en')).toBe('Kindergarten (senior class)');
  });
  it('shows an unknown grade as its number', () => {
    expect(gradeLabel(13)).toBe('13');
  });
});

describe('stageOfGrade', () => {
  it('splits at 0/1, 6/7 and 9/10', () => {
    expect(stageOfGrade(-2)).toBe('kindergarten');
    expect(stageOfGrade(0)).toBe('kindergarten');
    expect(stageOfGrade(1)).toBe('primary');
    expect(stageOfGrade(6)).toBe('primary');
    expect(stageOfGrade(7)).toBe('junior');
    expect(stageOfGrade(9)).toBe('junior');
    expect(stageOfGrade(10)).toBe('senior');
    expect(stageOfGrade(12)).toBe('senior');
  });
});

describe('usualAgeOfGrade', () => {
  it('is grade + 5', () => {
    expect(usualAgeOfGrade(-2)).toBe(3);
    expect(usualAgeOfGrade(0)).toBe(5);
    expect(usualAgeOfGrade(1)).toBe(6);
    expect(usualAgeOfGrade(9)).toBe(14);
    expect(usualAgeOfGrade(12)).toBe(17);
  });
});

describe('isOverAge', () => {
  it('flags two or more years above the usual age', () => {
    expect(isOverAge(6, 1)).toBe(false);
    expect(isOverAge(7, 1)).toBe(false);
    expect(isOverAge(8, 1)).toBe(true);
    expect(isOverAge(15, 9)).toBe(false);
    expect(isOverAge(16, 9)).toBe(true);
    expect(isOverAge(17, 7)).toBe(true);
  });
  it('never flags younger children', () => {
    expect(isOverAge(5, 1)).toBe(false);
    expect(isOverAge(12, 9)).toBe(false);
  });
});
