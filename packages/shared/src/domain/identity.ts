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

const ZERO = 48;
const INVALID = -1;

/** ISO 7064 MOD 11-2 check character of the first 17 digits. Throws on anything else. */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('idCheckChar expects exactly 17 digits');
  return String.fromCharCode(checkCodeOf(first17));
}

/** The character code of the check character of the first 17 characters; INVALID when one is not a digit. */
function checkCodeOf(id: string): number {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = id.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return INVALID;
    sum += d * (CHECK_WEIGHTS[i] as number);
  }
  return CHECK_CHARS.charCodeAt(sum % 11);
}

/**
 * The birth date of a valid 18-character number as the integer YYYYMMDD, else INVALID:
 * 17 digits, the right check character, a real date in or after 1900. One pass over the
 * characters, no slices: reconciliation asks this of every number on a million rows.
 */
function validBirthDigits(id: string): number {
  if (id.length !== 18 || id.charCodeAt(17) !== checkCodeOf(id)) return INVALID;
  const birth = digitsAt(id, 6, 8);
  const year = Math.floor(birth / 10000);
  const month = Math.floor(birth / 100) % 100;
  return year >= MIN_BIRTH_YEAR && isRealDate(year, month, birth % 100) ? birth : INVALID;
}

/** The `count` digits of `text` from `from` as a number; the caller knows they are digits. */
export function digitsAt(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) n = n * 10 + text.charCodeAt(i) - ZERO;
  return n;
}

/** 18 characters, 17 digits plus the right check character, and a real birth date. Expects a normalised number. */
export function isValidIdNumber(id: string): boolean {
  return validBirthDigits(id) !== INVALID;
}

/** The 18-digit form of a 15-digit legacy number (all legacy numbers are 19xx births), or null. */
export function upgradeLegacyId(id15: string): string | null {
  if (!/^\d{15}$/.test(id15)) return null;
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  const upgraded = first17 + idCheckChar(first17);
  return isValidIdNumber(upgraded) ? upgraded : null;
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

/**
 * Birth dates as text, one string per date: a roster has a few thousand distinct dates,
 * and handing out the same string lets every later lookup of it reuse its hash.
 */
const birthDateTexts = new Map<number, string>();

function birthDateText(yyyymmdd: number): string {
  let text = birthDateTexts.get(yyyymmdd);
  if (text === undefined) {
    const digits = String(yyyymmdd);
    text = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
    // Bounded against a file of made-up numbers with dates far in the future.
    if (birthDateTexts.size < 100_000) birthDateTexts.set(yyyymmdd, text);
  }
  return text;
}

/** Normalises, upgrades a legacy number, validates, and reads birth date and gender. */
export function parseIdNumber(raw: string): ParsedId {
  let normalized = normalizeIdNumber(raw);
  const upgraded = normalized.length === 15 ? upgradeLegacyId(normalized) : null;
  const legacy = upgraded !== null;
  if (upgraded !== null) normalized = upgraded;
  const birth = validBirthDigits(normalized);
  if (birth === INVALID) return { normalized, valid: false, legacy, birthDate: null, gender: null };
  const gender = (normalized.charCodeAt(16) - ZERO) % 2 === 1 ? 'M' : 'F';
  return { normalized, valid: true, legacy, birthDate: birthDateText(birth), gender };
}

/**
 * Masked for display and logs: `610727************` for 18 characters, only the region
 * shown. The familiar `610727********1234` hides just the birth date, and nearly every
 * masked view shows the birth date beside the number: together they gave the whole
 * number back. Other (invalid) values show at most the first 3 and last 2 characters and
 * never more than a third of the value, so that short garbage is not shown in full.
 */
export function maskIdNumber(id: string): string {
  const chars = Array.from(id);
  const n = chars.length;
  if (n === 0) return '';
  if (n === 18) return `${id.slice(0, 6)}${'*'.repeat(12)}`;
  const shown = Math.floor(n / 3);
  const head = Math.min(3, Math.ceil(shown / 2));
  const tail = Math.min(2, shown - head);
  return chars.slice(0, head).join('') + '*'.repeat(n - head - tail) + chars.slice(n - tail).join('');
}

/** An identity number in a text (a student number, G and the number, included): 18 characters, or a legacy 15 digits. */
const ID_IN_TEXT = /(?<!\d)(?:\d{17}[\dXx]|\d{15})(?![\dXx])/g;

/**
 * `text` with every identity number in it masked: for what is written down beside the
 * numbers (an audit entry naming a search for a whole number) and read by users who may
 * not see them in full.
 */
export function maskIdNumbersIn(text: string): string {
  return text.replace(ID_IN_TEXT, (id) => maskIdNumber(id));
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
