import { describe, expect, it } from 'vitest';
import {
  idCheckChar,
  idNumbersNearlyEqual,
  isValidIdNumber,
  makeIdNumber,
  maskIdNumber,
  maskIdNumbersIn,
  normalizeIdNumber,
  parseIdNumber,
  upgradeLegacyId,
} from './identity';

// All numbers below are synthetic: region code 990101 does not exist.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const MAP = '10X98765432';

/** Independent re-statement of ISO 7064 MOD 11-2, for cross-checking. */
function referenceCheckChar(first17: string): string {
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0);
  return MAP[sum % 11]!;
}

describe('idCheckChar', () => {
  it('matches a hand computation', () => {
    // 9·7 + 9·9 + 0·10 + 1·5 + 0·8 + 1·4 + 2·2 + 0·1 + 1·6 + 5·3 + 0·7 + 3·9 + 0·10 + 4·5 + 1·8 + 2·4 + 3·2
    // = 63+81+0+5+0+4+4+0+6+15+0+27+0+20+8+8+6 = 247; 247 mod 11 = 5; '10X98765432'[5] = '7'.
    expect(idCheckChar('99010120150304123')).toBe('7');
  });
  it('yields X when the remainder is 2', () => {
    // As above with the last digit 7: 241 + 14 = 255; 255 mod 11 = 2 → 'X'.
    expect(idCheckChar('99010120150304127')).toBe('X');
  });
  it('yields 0 when the remainder is 1', () => {
    // Last digit 1: 241 + 2 = 243; 243 mod 11 = 1 → '0'.
    expect(idCheckChar('99010120150304121')).toBe('0');
  });
  it('agrees with the reference for many sequences', () => {
    for (let seq = 0; seq < 1000; seq += 7) {
      const first17 = `99010120180615${String(seq).padStart(3, '0')}`;
      expect(idCheckChar(first17)).toBe(referenceCheckChar(first17));
    }
  });
  it('throws on anything but 17 digits', () => {
    expect(() => idCheckChar('123')).toThrow(RangeError);
    expect(() => idCheckChar('9901012015030412X')).toThrow(RangeError);
    expect(() => idCheckChar('990101201503041234')).toThrow(RangeError);
  });
});

describe('normalizeIdNumber', () => {
  it('removes all whitespace, including U+3000 and tabs', () => {
    expect(normalizeIdNumber(' 990101 20150304 1237 ')).toBe('990101201503041237');
    expect(normalizeIdNumber('990101\u300020150304\t1237\n')).toBe('990101201503041237');
  });
  it('makes full-width digits and letters half-width and upper-cases x', () => {
    expect(normalizeIdNumber('９９０１０１２０１５０３０４１２７ｘ')).toBe('99010120150304127X');
    expect(normalizeIdNumber('99010120150304127x')).toBe('99010120150304127X');
    expect(normalizeIdNumber('99010120150304127Ｘ')).toBe('99010120150304127X');
  });
  it('does not upgrade legacy numbers or touch other characters', () => {
    expect(normalizeIdNumber('990101150304123')).toBe('990101150304123');
    expect(normalizeIdNumber('abc-12')).toBe('abc-12');
    expect(normalizeIdNumber('')).toBe('');
  });
});

describe('isValidIdNumber', () => {
  it('accepts correct numbers, including check characters 0 and X', () => {
    expect(isValidIdNumber('990101201503041237')).toBe(true);
    expect(isValidIdNumber('99010120150304127X')).toBe(true);
    expect(isValidIdNumber('990101201503041210')).toBe(true);
  });
  it('rejects a wrong check character', () => {
    expect(isValidIdNumber('990101201503041238')).toBe(false);
    expect(isValidIdNumber('990101201503041270')).toBe(false);
  });
  it('expects normalised input (lowercase x is not valid)', () => {
    expect(isValidIdNumber('99010120150304127x')).toBe(false);
    expect(isValidIdNumber(' 990101201503041237')).toBe(false);
  });
  it('rejects wrong lengths and non-digits', () => {
    expect(isValidIdNumber('')).toBe(false);
    expect(isValidIdNumber('99010120150304123')).toBe(false);
    expect(isValidIdNumber('9901012015030412370')).toBe(false);
    expect(isValidIdNumber('990101191503041230'.slice(0, 15))).toBe(false);
    expect(isValidIdNumber('99010120150304A237')).toBe(false);
    expect(isValidIdNumber('X90101201503041237')).toBe(false);
  });
  it('rejects impossible birth dates even with a correct check character', () => {
    const withCheck = (first17: string) => first17 + referenceCheckChar(first17);
    expect(isValidIdNumber(withCheck('99010120230229123'))).toBe(false); // 2023-02-29
    expect(isValidIdNumber(withCheck('99010120151304123'))).toBe(false); // month 13
    expect(isValidIdNumber(withCheck('99010120150431123'))).toBe(false); // 31 April
    expect(isValidIdNumber(withCheck('99010120150300123'))).toBe(false); // day 0
    expect(isValidIdNumber(withCheck('99010118991231123'))).toBe(false); // before 1900
    expect(isValidIdNumber(withCheck('99010120240229123'))).toBe(true); // leap day
    expect(isValidIdNumber(withCheck('99010119000101123'))).toBe(true);
  });
});

describe('upgradeLegacyId', () => {
  it('inserts 19 before the year and appends the check character', () => {
    // 99010119150304123: sum 254, 254 mod 11 = 1 → '0'.
    expect(upgradeLegacyId('990101150304123')).toBe('990101191503041230');
    expect(isValidIdNumber(upgradeLegacyId('990101850715002')!)).toBe(true);
  });
  it('refuses anything but 15 digits', () => {
    expect(upgradeLegacyId('99010115030412')).toBeNull();
    expect(upgradeLegacyId('9901011503041234')).toBeNull();
    expect(upgradeLegacyId('99010115030412X')).toBeNull();
    expect(upgradeLegacyId('')).toBeNull();
  });
  it('refuses impossible dates', () => {
    expect(upgradeLegacyId('990101850230123')).toBeNull(); // 1985-02-30
    expect(upgradeLegacyId('990101851301123')).toBeNull();
    expect(upgradeLegacyId('990101010229123')).toBeNull(); // 1901 is not a leap year
    expect(upgradeLegacyId('990101960229123')).not.toBeNull(); // 1996 is
  });
});

describe('parseIdNumber', () => {
  it('reads birth date and gender from a valid number', () => {
    expect(parseIdNumber('990101201503041237')).toEqual({
      normalized: '990101201503041237',
      valid: true,
      legacy: false,
      birthDate: '2015-03-04',
      gender: 'M',
    });
    expect(parseIdNumber('990101201503041210')).toMatchObject({ valid: true, gender: 'M' });
    const female = makeIdNumber('990101', '2016-11-30', 124, 'F');
    expect(parseIdNumber(female)).toMatchObject({ valid: true, birthDate: '2016-11-30', gender: 'F' });
  });
  it('normalises first', () => {
    expect(parseIdNumber(' ９９０１０１２０１５０３０４１２７ｘ ')).toMatchObject({
      normalized: '99010120150304127X',
      valid: true,
      birthDate: '2015-03-04',
      gender: 'M',
    });
  });
  it('upgrades a legacy number', () => {
    expect(parseIdNumber('990101 150304 123')).toEqual({
      normalized: '990101191503041230',
      valid: true,
      legacy: true,
      birthDate: '1915-03-04',
      gender: 'M',
    });
  });
  it('keeps an un-upgradable 15-digit number as it is, invalid and not legacy', () => {
    expect(parseIdNumber('990101850230123')).toEqual({
      normalized: '990101850230123',
      valid: false,
      legacy: false,
      birthDate: null,
      gender: null,
    });
  });
  it('gives no birth date or gender for an invalid number', () => {
    expect(parseIdNumber('990101201503041238')).toEqual({
      normalized: '990101201503041238',
      valid: false,
      legacy: false,
      birthDate: null,
      gender: null,
    });
    expect(parseIdNumber('')).toMatchObject({ normalized: '', valid: false });
  });
});

describe('maskIdNumbersIn', () => {
  it('masks every number standing alone in a text, and nothing else', () => {
    expect(maskIdNumbersIn('{"q":"610727201503041234","page":1}')).toBe(
      '{"q":"610727************","page":1}',
    );
    expect(maskIdNumbersIn('99010120150304127x 与 990101150304123，G610727201503041234')).toBe(
      '990101************ 与 990**********23，G610727************',
    );
    // Codes of villages (12), schools (10) and phones (11), and longer runs of digits, stay.
    const other = '610727101201 2161000001 13800000000 6107272015030412345';
    expect(maskIdNumbersIn(other)).toBe(other);
  });
});

describe('maskIdNumber', () => {
  it('shows only the region of 18 characters: the birth date shown beside it must not give the rest', () => {
    expect(maskIdNumber('610727201503041234')).toBe('610727************');
    expect(maskIdNumber('99010120150304127X')).toBe('990101************');
  });
  it('shows at most the first 3 and last 2 of other lengths', () => {
    expect(maskIdNumber('990101150304123')).toBe('990**********23');
    expect(maskIdNumber('12345678901234567890')).toBe('123***************90');
  });
  it('never shows much of a short value', () => {
    expect(maskIdNumber('123456789')).toBe('12******9');
    expect(maskIdNumber('123456')).toBe('1****6');
    expect(maskIdNumber('123')).toBe('1**');
    expect(maskIdNumber('12')).toBe('**');
    expect(maskIdNumber('1')).toBe('*');
  });
  it('keeps the length, counting characters not code units', () => {
    for (const v of ['1234567', '一二三四五六七八九', 'abcdefghijklmnopq']) {
      expect(Array.from(maskIdNumber(v))).toHaveLength(Array.from(v).length);
    }
    expect(maskIdNumber('号码缺了几位数')).toBe('号*****数');
  });
  it('leaves an empty value empty', () => {
    expect(maskIdNumber('')).toBe('');
  });
});

describe('makeIdNumber', () => {
  it('builds valid numbers with the given birth date and gender', () => {
    for (const [date, gender] of [
      ['2015-03-04', 'M'],
      ['2015-03-04', 'F'],
      ['2024-02-29', 'F'],
      ['2009-12-31', 'M'],
      ['1990-01-01', 'F'],
    ] as const) {
      for (const seq of [0, 1, 2, 500, 998, 999]) {
        const id = makeIdNumber('990101', date, seq, gender);
        expect(id).toHaveLength(18);
        expect(isValidIdNumber(id)).toBe(true);
        expect(id.slice(17)).toBe(referenceCheckChar(id.slice(0, 17)));
        expect(parseIdNumber(id)).toMatchObject({ valid: true, birthDate: date, gender });
      }
    }
  });
  it('keeps the sequence when its parity already matches and moves it by one otherwise', () => {
    expect(makeIdNumber('990101', '2015-03-04', 123, 'M').slice(14, 17)).toBe('123');
    expect(makeIdNumber('990101', '2015-03-04', 123, 'F').slice(14, 17)).toBe('122');
    expect(makeIdNumber('990101', '2015-03-04', 0, 'M').slice(14, 17)).toBe('001');
    expect(makeIdNumber('990101', '2015-03-04', 999, 'F').slice(14, 17)).toBe('998');
    expect(makeIdNumber('990101', '2015-03-04', 7, 'M').slice(14, 17)).toBe('007');
  });
  it('reproduces the hand-checked number', () => {
    expect(makeIdNumber('990101', '2015-03-04', 123, 'M')).toBe('990101201503041237');
  });
  it('throws on malformed arguments', () => {
    expect(() => makeIdNumber('99010', '2015-03-04', 1, 'M')).toThrow(RangeError);
    expect(() => makeIdNumber('990101', '2015-3-4', 1, 'M')).toThrow(RangeError);
    expect(() => makeIdNumber('990101', '2023-02-29', 1, 'M')).toThrow(RangeError);
    expect(() => makeIdNumber('990101', '1899-12-31', 1, 'M')).toThrow(RangeError);
    expect(() => makeIdNumber('990101', '2015-03-04', 1000, 'M')).toThrow(RangeError);
    expect(() => makeIdNumber('990101', '2015-03-04', -1, 'M')).toThrow(RangeError);
    expect(() => makeIdNumber('990101', '2015-03-04', 1.5, 'M')).toThrow(RangeError);
  });
});

describe('idNumbersNearlyEqual', () => {
  const id = '990101201503041237';
  it('accepts one substituted character', () => {
    expect(idNumbersNearlyEqual(id, '990101201503041238')).toBe(true);
    expect(idNumbersNearlyEqual(id, '890101201503041237')).toBe(true);
    expect(idNumbersNearlyEqual(id, '99010120150304123X')).toBe(true);
  });
  it('accepts one swap of adjacent characters', () => {
    expect(idNumbersNearlyEqual(id, '990101201503041273')).toBe(true);
    expect(idNumbersNearlyEqual(id, '909101201503041237')).toBe(true);
    expect(idNumbersNearlyEqual(id, '990101201530041237')).toBe(true);
  });
  it('rejects two substitutions', () => {
    expect(idNumbersNearlyEqual(id, '990101201503041248')).toBe(false);
    expect(idNumbersNearlyEqual(id, '880101201503041237')).toBe(false);
    expect(idNumbersNearlyEqual(id, '090101201503041238')).toBe(false);
  });
  it('rejects adjacent positions that differ without being a swap', () => {
    expect(idNumbersNearlyEqual(id, '990101201503041275')).toBe(false);
  });
  it('rejects a swap of non-adjacent characters', () => {
    expect(idNumbersNearlyEqual(id, '990101201503041732')).toBe(false);
    expect(idNumbersNearlyEqual(id, '190109201503041237')).toBe(false);
  });
  it('rejects more than two differences', () => {
    expect(idNumbersNearlyEqual(id, '123456789012345678')).toBe(false);
  });
  it('rejects different lengths', () => {
    expect(idNumbersNearlyEqual(id, '99010120150304123')).toBe(false);
    expect(idNumbersNearlyEqual(id, '9901012015030412370')).toBe(false);
    expect(idNumbersNearlyEqual('', '1')).toBe(false);
  });
  it('rejects equal strings', () => {
    expect(idNumbersNearlyEqual(id, id)).toBe(false);
    expect(idNumbersNearlyEqual('', '')).toBe(false);
  });
  it('is symmetric', () => {
    expect(idNumbersNearlyEqual('990101201503041238', id)).toBe(true);
    expect(idNumbersNearlyEqual('990101201503041273', id)).toBe(true);
  });
});
