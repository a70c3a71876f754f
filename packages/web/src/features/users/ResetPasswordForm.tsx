import { Form, Input, Typography } from 'antd';
import type { ResetPasswordRequest, UserSummary } from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { FormModal } from '../../components/FormModal';
import { applyFieldErrors } from '../../components/formErrors';
import { notifySuccess } from '../../components/feedback';
import { passwordRules } from '../../components/passwordRules';
import { usePasswordPolicy } from '../settings/settings.api';
import { useResetPassword } from './users.api';

export function ResetPasswordForm({ user, onClose }: { user: UserSummary; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<ResetPasswordRequest>();
  const reset = useResetPassword(user.id);
  const policy = usePasswordPolicy();
  return (
    <FormModal title={`${t('users.resetPassword')} · ${user.displayName}`} onCancel={onClose} onOk={() => form.submit()} busy={reset.isPending} width={480} testId="reset-password-form">
      <Form<ResetPasswordRequest>
        form={form}
        layout="vertical"
        onFinish={(v) =>
          reset.mutate(v, {
            onSuccess: () => {
              notifySuccess(t('users.passwordReset'));
              onClose();
            },
            onError: (err) => applyFieldErrors(form, err, { weak_password: 'newPassword' }),
          })
        }
      >
        <Typography.Paragraph type="secondary">{t('account.policy', { n: policy.minLength })}</Typography.Paragraph>
        <Form.Item name="newPassword" label={t('users.newPassword')} rules={passwordRules(policy, t)}>
          <Input.Password autoComplete="new-password" data-testid="reset-new-password" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
