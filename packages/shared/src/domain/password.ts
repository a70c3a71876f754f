// Password policy for staff accounts.

export interface PasswordPolicy {
  minLength: number;
  /** How many of the classes lowercase, uppercase, digit and other must appear. */
  minClasses: number;
}

export const DEFAULT_PASSWORD_POLICY: Readonly<PasswordPolicy> = Object.freeze({
  minLength: 8,
  minClasses: 3,
});

export type PasswordProblem = 'too_short' | 'too_few_classes';

export interface PasswordCheck {
  ok: boolean;
  problems: PasswordProblem[];
}

export type CharacterClass = 'lower' | 'upper' | 'digit' | 'other';

function classOf(ch: string): CharacterClass {
  if (/\p{Ll}/u.test(ch)) return 'lower';
  if (/\p{Lu}/u.test(ch)) return 'upper';
  if (/\p{Nd}/u.test(ch)) return 'digit';
  return 'other';
}

/** The character classes present in `pw`. */
export function passwordClasses(pw: string): Set<CharacterClass> {
  const classes = new Set<CharacterClass>();
  for (const ch of pw) classes.add(classOf(ch));
  return classes;
}

/** Length is counted in characters (code points), so a Chinese character counts once. */
export function checkPassword(pw: string, policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY): PasswordCheck {
  const problems: PasswordProblem[] = [];
  if (Array.from(pw).length < policy.minLength) problems.push('too_short');
  if (passwordClasses(pw).size < policy.minClasses) problems.push('too_few_classes');
  return { ok: problems.length === 0, problems };
}
