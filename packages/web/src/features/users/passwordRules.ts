import type { FormRule } from 'antd';
import { checkPassword, DEFAULT_PASSWORD_POLICY } from '@baoxue/shared';
import { useI18n } from '../../i18n';

/** The shared password policy as form rules, for initial and reset passwords. */
export function usePasswordRules(): FormRule[] {
  const { t } = useI18n();
  return [
    { required: true, message: t('common.required') },
    {
      validator: (_rule, value: string | undefined) => {
        if (!value) return Promise.resolve();
        const check = checkPassword(value, DEFAULT_PASSWORD_POLICY);
        if (check.problems.includes('too_short'))
          return Promise.reject(new Error(t('account.tooShort', { n: DEFAULT_PASSWORD_POLICY.minLength })));
        if (check.problems.includes('too_few_classes')) return Promise.reject(new Error(t('account.tooFewClasses')));
        return Promise.resolve();
      },
    },
  ];
}
