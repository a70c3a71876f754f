// Tolerant header matching (IMPORT-FORMATS.md): surrounding spaces, full-width brackets
// and the trailing `*` that marks required columns in the templates are ignored, so a
// header copied from a template, retyped, or exported by another system still matches.
import { fullWidthToHalfWidth } from '@baoxue/shared/domain/values';
import type { ErrorMessage } from '../../errors';
import type { ImportWarning } from './errors';
import { missingColumns } from './errors';

/** The comparable form of a header: '  镇（街道）* ' → '镇(街道)'. */
export function normalizeHeader(raw: string): string {
  // Half-width first: （）and ＊ become ( ) and *. Spaces inside are dropped too:
  // '身份证 号' is still the identity column, and no template header holds a space.
  return fullWidthToHalfWidth(raw).replace(/\s+/g, '').replace(/\*+$/, '');
}

/** A column as a format declares it, as far as header matching needs. */
export interface HeaderSpec {
  header: string;
  en: string;
  required: boolean;
}

/**
 * Columns of which at least one option must be present in full, for requirements the
 * `required` flag cannot say: 身份证号 or 出生日期; 区划代码 or 镇(街道) with 村(社区).
 */
export type HeaderAlternatives<K extends string> = readonly (readonly K[])[];

export interface HeaderMatch<K extends string> {
  /** The file's header text (the key in `RawRow.values`) of each recognised column. */
  columns: Partial<Record<K, string>>;
  warnings: ImportWarning[];
}

/**
 * Matches a file's headers to a format's columns. Unknown and repeated columns are
 * ignored with a warning; a missing required column (or requirement group) refuses the
 * whole file, naming every column that is missing.
 */
export function matchHeaders<K extends string>(
  file: string,
  fileHeaders: readonly string[],
  specs: Readonly<Record<K, HeaderSpec>>,
  alternatives: readonly HeaderAlternatives<K>[] = [],
): HeaderMatch<K> {
  const byHeader = new Map<string, K>();
  for (const key of Object.keys(specs) as K[]) byHeader.set(normalizeHeader(specs[key].header), key);

  const columns: Partial<Record<K, string>> = {};
  const warnings: ImportWarning[] = [];
  for (const raw of fileHeaders) {
    if (raw === '') continue;
    const key = byHeader.get(normalizeHeader(raw.replace(/#\d+$/, '')));
    if (key === undefined) {
      warnings.push(
        fileWarning('unknown_column', raw, {
          zh: `未知列“${raw}”，已忽略`,
          en: `Unknown column "${raw}" ignored`,
        }),
      );
    } else if (columns[key] !== undefined) {
      warnings.push(
        fileWarning('duplicate_column', raw, {
          zh: `列“${specs[key].header}”重复出现，只读取第一列`,
          en: `Column "${specs[key].header}" appears more than once; only the first is read`,
        }),
      );
    } else {
      columns[key] = raw;
    }
  }

  const missing = missingRequirements(columns, specs, alternatives);
  if (missing.length > 0) throw missingColumns(file, missing);
  return { columns, warnings };
}

function missingRequirements<K extends string>(
  columns: Partial<Record<K, string>>,
  specs: Readonly<Record<K, HeaderSpec>>,
  alternatives: readonly HeaderAlternatives<K>[],
): ErrorMessage[] {
  const present = (key: K) => columns[key] !== undefined;
  const missing: ErrorMessage[] = [];
  for (const key of Object.keys(specs) as K[]) {
    if (specs[key].required && !present(key)) missing.push({ zh: specs[key].header, en: specs[key].header });
  }
  for (const options of alternatives) {
    if (options.some((option) => option.every(present))) continue;
    const phrase = (sep: string, join: string) =>
      options.map((option) => option.map((key) => specs[key].header).join(join)).join(sep);
    missing.push({ zh: phrase(' 或 ', '+'), en: phrase(' or ', ' + ') });
  }
  return missing;
}

function fileWarning(code: ImportWarning['code'], column: string, message: ErrorMessage): ImportWarning {
  return { row: 0, column, code, ...message };
}
