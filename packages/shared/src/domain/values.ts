// Small value parsers shared by every import format (see IMPORT-FORMATS.md, "Values").

/** Offset between a full-width ASCII variant (U+FF01–U+FF5E) and its ASCII twin. */
const FULL_WIDTH_OFFSET = 0xfee0;
const IDEOGRAPHIC_SPACE = '\u3000';

/**
 * Full-width ASCII variants (Ａ, １, （, …) and the ideographic space become their
 * half-width forms. Chinese input methods produce these silently, so every value that
 * is compared or parsed goes through here first.
 */
export function fullWidthToHalfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e\u3000]/g, (ch) =>
    ch === IDEOGRAPHIC_SPACE ? ' ' : String.fromCharCode(ch.charCodeAt(0) - FULL_WIDTH_OFFSET),
  );
}

/** Text of a cell with full-width characters made half-width and surrounding spaces removed. */
function cellText(raw: unknown): string | null {
  if (typeof raw === 'string') return fullWidthToHalfWidth(raw).trim();
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return null;
}

const YES = new Set(['是', 'y', '1', 'true']);
const NO = new Set(['否', 'n', '0', 'false']);

/**
 * 是/否, Y/N, 1/0, true/false (any case). An empty cell means "no" because templates
 * leave optional flags blank; anything else is `null` so the importer can report it.
 */
export function parseYesNo(raw: unknown): boolean | null {
  if (raw === undefined || raw === null) return false;
  if (typeof raw === 'boolean') return raw;
  const text = cellText(raw);
  if (text === null) return null;
  const key = text.toLowerCase();
  if (key === '') return false;
  if (YES.has(key)) return true;
  if (NO.has(key)) return false;
  return null;
}

// Written out as 'M' | 'F' rather than a named type: enums.ts owns the `Gender` export.
const GENDERS: ReadonlyMap<string, 'M' | 'F'> = new Map([
  ['男', 'M'],
  ['男性', 'M'],
  ['m', 'M'],
  ['女', 'F'],
  ['女性', 'F'],
  ['f', 'F'],
]);

/** 男/女, 男性/女性, M/F (any case); anything else (including empty) is `null`. */
export function parseGender(raw: unknown): 'M' | 'F' | null {
  const text = cellText(raw);
  if (text === null) return null;
  return GENDERS.get(text.toLowerCase()) ?? null;
}
