import type { FormRule } from 'antd';
import { checkPassword, type PasswordPolicy } from '@baoxue/shared';
import type { I18n } from '../i18n';

/** The password policy as form rules: new, initial and reset passwords. */
export function passwordRules(policy: PasswordPolicy, t: I18n['t']): FormRule[] {
  return [
    { required: true, message: t('common.required') },
    {
      validator: (_rule, value: string | undefined) => {
        if (!value) return Promise.resolve();
        const check = checkPassword(value, policy);
        if (check.problems.includes('too_short')) return Promise.reject(new Error(t('account.tooShort', { n: policy.minLength })));
        if (check.problems.includes('too_few_classes')) return Promise.reject(new Error(t('account.tooFewClasses')));
        return Promise.resolve();
      },
    },
  ];
}
