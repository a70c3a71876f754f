// Calendar dates as 'YYYY-MM-DD' strings: comparable as text, free of time zones.
import { fullWidthToHalfWidth } from './values';

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Number of days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2 && isLeapYear(year)) return 29;
  return DAYS_IN_MONTH[month - 1] ?? 0;
}

/** True when year/month/day name a day that exists (2023-02-29 does not). Years 1000–9999 only. */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (year < 1000 || year > 9999) return false;
  if (month < 1 || month > 12) return false;
  return day >= 1 && day <= daysInMonth(year, month);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** 'YYYY-MM-DD' for numeric parts, or null when the date does not exist. */
export function isoDate(year: number, month: number, day: number): string | null {
  if (!isRealDate(year, month, day)) return null;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** The UTC calendar day of `d`: Excel date cells arrive as midnight UTC. */
export function formatDate(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** China Standard Time is UTC+8 all year (no daylight saving). */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * Today's date in China. The county works on Beijing time, while servers often run in
 * UTC, where "today" would still be yesterday until 08:00 local time.
 */
export function todayIso(now: Date = new Date()): string {
  return formatDate(new Date(now.getTime() + CHINA_OFFSET_MS));
}

/**
 * A moment as the county reads it, in Beijing time: "YYYY-MM-DD HH:mm", with the seconds when
 * asked. A browser formatting it in its own time zone (a phone set elsewhere, a server in UTC)
 * would date a morning's inbox item the day before.
 */
export function beijingTime(at: string | Date, { seconds = false }: { seconds?: boolean } = {}): string {
  const local = new Date(new Date(at).getTime() + CHINA_OFFSET_MS);
  const time = `${pad(local.getUTCHours(), 2)}:${pad(local.getUTCMinutes(), 2)}`;
  return `${formatDate(local)} ${seconds ? `${time}:${pad(local.getUTCSeconds(), 2)}` : time}`;
}

// A time of day after the date ("2020-01-05 08:30:00", "2020-01-05T00:00:00.000Z") is
// ignored; exports from other systems often carry one.
const TIME_SUFFIX = String.raw`(?:(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?`;

const DATE_PATTERNS: readonly RegExp[] = [
  // YYYY-MM-DD, YYYY/M/D, YYYY.M.D — one separator used throughout.
  new RegExp(String.raw`^(?<y>\d{4})(?<sep>[-/.])(?<m>\d{1,2})\k<sep>(?<d>\d{1,2})${TIME_SUFFIX}$`),
  // YYYYMMDD
  new RegExp(String.raw`^(?<y>\d{4})(?<m>\d{2})(?<d>\d{2})${TIME_SUFFIX}$`),
  // YYYY年M月D日 (the final 日 is sometimes left out)
  new RegExp(String.raw`^(?<y>\d{4})年(?<m>\d{1,2})月(?<d>\d{1,2})日?${TIME_SUFFIX}$`),
];

function parseDateText(text: string): string | null {
  const s = fullWidthToHalfWidth(text).trim();
  for (const pattern of DATE_PATTERNS) {
    const groups = pattern.exec(s)?.groups;
    if (groups) return isoDate(Number(groups.y), Number(groups.m), Number(groups.d));
  }
  return null;
}

/**
 * Any accepted date cell as 'YYYY-MM-DD', or null when empty or invalid. Accepts a JS
 * Date (read in UTC), the text forms of IMPORT-FORMATS.md, and an integer such as
 * 20200105 (a YYYYMMDD date typed into a number cell). Excel serial numbers are not
 * guessed at: the workbook reader converts date cells to Date already.
 */
export function parseDate(value: unknown): string | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return isoDate(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  }
  if (typeof value === 'number') return Number.isInteger(value) ? parseDateText(String(value)) : null;
  if (typeof value === 'string') return parseDateText(value);
  return null;
}

/** Splits a valid 'YYYY-MM-DD' string into numbers; null when it is not one. */
export function splitIsoDate(date: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isRealDate(year, month, day) ? { year, month, day } : null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** `date` moved by `days` calendar days (negative goes back). Dates are YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  return formatDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS));
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** ISO weekday of a date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}
