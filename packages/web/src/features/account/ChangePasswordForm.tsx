import { Alert, Button, Form, Input } from 'antd';
import type { ChangePasswordRequest } from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { applyFieldErrors } from '../../components/formErrors';
import { passwordRules } from '../../components/passwordRules';
import { usePasswordPolicy } from '../settings/settings.api';
import { useChangePassword } from './account.api';

interface Values extends ChangePasswordRequest {
  confirmPassword: string;
}

// Server codes that belong to one field; the rest show above the form.
const FIELD_OF_CODE: Partial<Record<string, keyof Values>> = {
  wrong_current_password: 'currentPassword',
  weak_password: 'newPassword',
  same_password: 'newPassword',
};

export function ChangePasswordForm({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const policy = usePasswordPolicy();

  const onFinish = ({ currentPassword, newPassword }: Values) => {
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          form.resetFields();
          onDone();
        },
        onError: (err) => applyFieldErrors(form, err, FIELD_OF_CODE),
      },
    );
  };

  return (
    <Form<Values> form={form} layout="vertical" onFinish={onFinish} requiredMark={false} style={{ maxWidth: 420 }}>
      <Alert type="info" showIcon title={t('account.policy', { n: policy.minLength })} style={{ marginBottom: 16 }} data-testid="password-policy" />
      <Form.Item name="currentPassword" label={t('account.currentPassword')} rules={[{ required: true, message: t('common.required') }]}>
        <Input.Password autoComplete="current-password" data-testid="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('account.newPassword')}
        dependencies={['currentPassword']}
        rules={[
          ...passwordRules(policy, t),
          ({ getFieldValue }) => ({
            validator: (_rule, value: string | undefined) =>
              value && value === getFieldValue('currentPassword') ? Promise.reject(new Error(t('account.sameAsCurrent'))) : Promise.resolve(),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="new-password" />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={t('account.confirmPassword')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('common.required') },
          ({ getFieldValue }) => ({
            validator: (_rule, value: string | undefined) =>
              !value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('account.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="confirm-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="change-password-submit">
        {t('account.changePassword')}
      </Button>
    </Form>
  );
}
