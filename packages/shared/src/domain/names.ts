// Person names as typed into different registries, made comparable.
import { pinyin } from 'pinyin-pro';
import { fullWidthToHalfWidth } from './values';

const NAME_DOT = '·';
// Middle dots that separate the parts of minority names (买买提·艾力), as produced by
// different input methods: U+00B7, U+30FB, U+FF65, U+2022, U+2027 and the full stop
// (full-width U+FF0E has become '.' by then).
const DOT_VARIANTS = /[\u00b7\u30fb\uff65\u2022\u2027.]/g;

// Whitespace, and the invisible format characters (Unicode's Cf: zero-width spaces and
// joiners, direction marks) a name copied out of a chat or a web page brings along.
const UNSEEN = /[\s\p{Cf}]+/gu;

/** Whitespace and invisible characters removed, full-width characters made half-width, middle dots unified to `·`. */
export function normalizeName(raw: string): string {
  return fullWidthToHalfWidth(raw).replace(UNSEEN, '').replace(DOT_VARIANTS, NAME_DOT);
}

const HAN = /\p{Script=Han}/u;
/**
 * Pinyin per character, memoised: calling pinyin-pro once per name is too slow for a
 * roster of a million children, while the set of distinct characters is small. Reading
 * each character alone (without word context) is also what we want for matching: both
 * names get the same, most common reading of every character.
 */
const syllableCache = new Map<string, string>();

function syllableOf(ch: string): string {
  const cached = syllableCache.get(ch);
  if (cached !== undefined) return cached;
  let syllable: string;
  if (ch === NAME_DOT) syllable = '';
  else if (HAN.test(ch))
    syllable = (pinyin(ch, { toneType: 'none', type: 'array', v: true })[0] ?? ch).toLowerCase();
  else syllable = ch.toLowerCase();
  syllableCache.set(ch, syllable);
  return syllable;
}

/**
 * Toneless pinyin of the normalised name, lowercase, without separators ('李娜' → 'lina';
 * 'ü' is written 'v'). The name dot is dropped too, so a dot missing in one registry
 * does not prevent a match. Other characters are kept, lowercased.
 */
export function namePinyinKey(name: string): string {
  let key = '';
  for (const ch of normalizeName(name)) key += syllableOf(ch);
  return key;
}

/**
 * Names equal after normalisation, or equal in toneless pinyin (李娜 / 李那): registries
 * are often keyed in by ear. Empty names match nothing.
 */
export function namesMatch(a: string, b: string): boolean {
  const na = normalizeName(a);
  const nb = normalizeName(b);
  if (na === '' || nb === '') return false;
  return na === nb || namePinyinKey(na) === namePinyinKey(nb);
}
