import { describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD_POLICY, checkPassword, passwordClasses } from './password';

describe('passwordClasses', () => {
  it('finds lowercase, uppercase, digits and other characters', () => {
    expect(passwordClasses('')).toEqual(new Set());
    expect(passwordClasses('abc')).toEqual(new Set(['lower']));
    expect(passwordClasses('aB3!')).toEqual(new Set(['lower', 'upper', 'digit', 'other']));
    expect(passwordClasses('学 _')).toEqual(new Set(['other']));
  });
});

describe('checkPassword', () => {
  it('uses 8 characters and 3 classes by default', () => {
    expect(DEFAULT_PASSWORD_POLICY).toEqual({ minLength: 8, minClasses: 3 });
  });
  it('accepts a long enough password with enough classes', () => {
    expect(checkPassword('abcdEF12')).toEqual({ ok: true, problems: [] });
    expect(checkPassword('abcdef1!')).toEqual({ ok: true, problems: [] });
    expect(checkPassword('ABCDEF1!')).toEqual({ ok: true, problems: [] });
    expect(checkPassword('Abcdefg!')).toEqual({ ok: true, problems: [] });
  });
  it('reports a password that is too short', () => {
    expect(checkPassword('aB3!xyz')).toEqual({ ok: false, problems: ['too_short'] });
  });
  it('reports too few classes', () => {
    expect(checkPassword('abcdefgh12')).toEqual({ ok: false, problems: ['too_few_classes'] });
    expect(checkPassword('ABCDEFGHIJ')).toEqual({ ok: false, problems: ['too_few_classes'] });
  });
  it('reports both problems at once', () => {
    expect(checkPassword('')).toEqual({ ok: false, problems: ['too_short', 'too_few_classes'] });
    expect(checkPassword('abc')).toEqual({ ok: false, problems: ['too_short', 'too_few_classes'] });
  });
  it('counts characters, not UTF-16 code units', () => {
    expect(checkPassword('aB1😀😀😀😀').problems).toEqual(['too_short']);
    expect(checkPassword('aB1😀😀😀😀😀').ok).toBe(true);
  });
  it('follows a custom policy', () => {
    const policy = { minLength: 12, minClasses: 4 };
    expect(checkPassword('abcdEF12', policy).problems).toEqual(['too_short', 'too_few_classes']);
    expect(checkPassword('abcdEF12!xyz', policy)).toEqual({ ok: true, problems: [] });
    expect(checkPassword('abc', { minLength: 1, minClasses: 1 }).ok).toBe(true);
  });
});
