// Resident identity numbers (公民身份号码), GB 11643-1999:
// 6-digit region code, 8-digit birth date YYYYMMDD, 3-digit sequence (odd = male),
// and an ISO 7064 MOD 11-2 check character. The 15-digit legacy form has a 2-digit
// year and no check character.
import { isRealDate, splitIsoDate } from './dates';
import { fullWidthToHalfWidth } from './values';

const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
/** Nobody on a school-age roster was born before this; it also rejects garbage years. */
const MIN_BIRTH_YEAR = 1900;

/**
 * Spaces (including U+3000) removed, full-width digits/letters made half-width and `x`
 * upper-cased, so that the same number typed differently compares equal. Does not
 * upgrade 15-digit numbers: see `parseIdNumber`.
 */
export function normalizeIdNumber(raw: string): string {
  // Most numbers arrive clean; reconciliation normalises a million of them, so skip the regexes then.
  if (isDigitsOrX(raw)) return raw;
  return fullWidthToHalfWidth(raw).replace(/\s+/g, '').replace(/x/g, 'X');
}

function isDigitsOrX(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || c === 88)) return false;
  }
  return s.length > 0;
}

/** The check character of a string's first 17 characters, which the caller knows are digits. */
function checkCharOfDigits(digits: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (digits.charCodeAt(i) - 48) * (CHECK_WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/** ISO 7064 MOD 11-2 check character of the first 17 digits. Throws on anything else. */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('idCheckChar expects exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < CHECK_WEIGHTS.length; i++) {
    sum += Number(first17[i]) * (CHECK_WEIGHTS[i] ?? 0);
  }
  return CHECK_CHARS[sum % 11] ?? '';
}

/** Whether YYYYMMDD (as in an 18-digit number) is a real date in or after 1900. */
function isBirthDateDigits(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  return (
    year >= MIN_BIRTH_YEAR && isRealDate(year, Number(yyyymmdd.slice(4, 6)), Number(yyyymmdd.slice(6, 8)))
  );
}

/** 18 characters, 17 digits plus the right check character, and a real birth date. Expects a normalised number. */
export function isValidIdNumber(id: string): boolean {
  // 17 digits and a digit or X: an X anywhere but last makes it invalid.
  if (id.length !== 18 || !isDigitsOrX(id)) return false;
  const x = id.indexOf('X');
  if (x !== -1 && x !== 17) return false;
  if (checkCharOfDigits(id) !== id[17]) return false;
  return isBirthDateDigits(id.slice(6, 14));
}

/** The 18-digit form of a 15-digit legacy number (all legacy numbers are 19xx births), or null. */
export function upgradeLegacyId(id15: string): string | null {
  if (!/^\d{15}$/.test(id15)) return null;
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  if (!isBirthDateDigits(first17.slice(6, 14))) return null;
  return first17 + idCheckChar(first17);
}

export interface ParsedId {
  /** Normalised number; the upgraded 18-digit form when the input was a valid legacy number. */
  normalized: string;
  valid: boolean;
  /** The input was a 15-digit number that was upgraded. */
  legacy: boolean;
  /** 'YYYY-MM-DD', only when valid. */
  birthDate: string | null;
  /** From the parity of the 17th digit, only when valid. */
  gender: 'M' | 'F' | null;
}

/** Normalises, upgrades a legacy number, validates, and reads birth date and gender. */
export function parseIdNumber(raw: string): ParsedId {
  let normalized = normalizeIdNumber(raw);
  const upgraded = upgradeLegacyId(normalized);
  const legacy = upgraded !== null;
  if (upgraded !== null) normalized = upgraded;
  if (!isValidIdNumber(normalized)) {
    return { normalized, valid: false, legacy, birthDate: null, gender: null };
  }
  const birthDate = `${normalized.slice(6, 10)}-${normalized.slice(10, 12)}-${normalized.slice(12, 14)}`;
  const gender = Number(normalized[16]) % 2 === 1 ? 'M' : 'F';
  return { normalized, valid: true, legacy, birthDate, gender };
}

/**
 * Masked for display and logs: `610727********1234` for 18 characters. Other (invalid)
 * values show at most the first 3 and last 2 characters and never more than a third of
 * the value, so that short garbage is not shown in full.
 */
export function maskIdNumber(id: string): string {
  const chars = Array.from(id);
  const n = chars.length;
  if (n === 0) return '';
  if (n === 18) return `${id.slice(0, 6)}********${id.slice(14)}`;
  const shown = Math.floor(n / 3);
  const head = Math.min(3, Math.ceil(shown / 2));
  const tail = Math.min(2, shown - head);
  return chars.slice(0, head).join('') + '*'.repeat(n - head - tail) + chars.slice(n - tail).join('');
}

/**
 * A valid 18-digit number for synthetic data. The sequence's last digit is moved by one
 * when its parity does not match `gender` (odd = male). Throws on malformed arguments.
 */
export function makeIdNumber(region6: string, birthDate: string, seq3: number, gender: 'M' | 'F'): string {
  if (!/^\d{6}$/.test(region6)) throw new RangeError('region6 must be 6 digits');
  const date = splitIsoDate(birthDate);
  if (!date || date.year < MIN_BIRTH_YEAR) throw new RangeError(`invalid birth date: ${birthDate}`);
  if (!Number.isInteger(seq3) || seq3 < 0 || seq3 > 999) throw new RangeError('seq3 must be 0..999');
  const wantOdd = gender === 'M';
  // XOR 1 flips parity and stays within 0..999.
  const seq = (seq3 % 2 === 1) === wantOdd ? seq3 : seq3 ^ 1;
  const first17 = region6 + birthDate.replace(/-/g, '') + String(seq).padStart(3, '0');
  return first17 + idCheckChar(first17);
}

/**
 * Same length and one typing slip apart: exactly one substituted character, or one swap
 * of two adjacent characters. Equal strings are not "nearly" equal.
 */
export function idNumbersNearlyEqual(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  const diffs: number[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      diffs.push(i);
      if (diffs.length > 2) return false;
    }
  }
  if (diffs.length === 1) return true;
  const [i, j] = diffs as [number, number];
  return j === i + 1 && a[i] === b[j] && a[j] === b[i];
}
