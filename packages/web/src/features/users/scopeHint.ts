import { ROLE_SCOPE_KIND, type Role, type ScopeKind } from '@baoxue/shared';
import type { MessageKey } from '../../i18n';

/** What a role's scope code names, how it is written, and how to check it. */
export const SCOPE_RULES: Record<ScopeKind, { hint: MessageKey; rule?: MessageKey; pattern?: RegExp }> = {
  county: { hint: 'users.hint.county', rule: 'users.rule.county', pattern: /^\d{6}$/ },
  town: { hint: 'users.hint.town', rule: 'users.rule.town', pattern: /^\d{9}$/ },
  village: { hint: 'users.hint.village', rule: 'users.rule.village', pattern: /^\d{12}$/ },
  // Zone ids are assigned by the county; no fixed shape to check here.
  zone: { hint: 'users.hint.zone' },
  school: { hint: 'users.hint.school', rule: 'users.rule.school', pattern: /^\d{10}$/ },
  teacher: { hint: 'users.hint.teacher', rule: 'users.rule.teacher', pattern: /^\d{1,10}$/ },
};

export function scopeRuleOf(role: Role | undefined) {
  return role ? SCOPE_RULES[ROLE_SCOPE_KIND[role]] : undefined;
}
