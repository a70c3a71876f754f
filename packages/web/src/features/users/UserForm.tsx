import { Checkbox, Col, Form, Input, Row, Select, Switch } from 'antd';
import { ROLE_LABELS, ROLES, type CreateUserRequest, type Role, type UpdateUserRequest, type UserSummary } from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { FormModal } from '../../components/FormModal';
import { applyFieldErrors } from '../../components/formErrors';
import { notifySuccess } from '../../components/feedback';
import { passwordRules } from '../../components/passwordRules';
import { usePasswordPolicy } from '../settings/settings.api';
import { ScopeInput } from './ScopeInput';
import { scopeRuleOf } from './scopeHint';
import { useCreateUser, useUpdateUser } from './users.api';

interface Values {
  username: string;
  displayName: string;
  phone?: string;
  role: Role;
  scopeCode?: string;
  canViewFullId: boolean;
  active: boolean;
  initialPassword: string;
}

/** Create when `user` is absent, otherwise edit it. */
export function UserForm({ user, onClose }: { user?: UserSummary; onClose: () => void }) {
  const { t, enumLabel } = useI18n();
  const [form] = Form.useForm<Values>();
  const role = Form.useWatch('role', form);
  const create = useCreateUser();
  const update = useUpdateUser(user?.id ?? 0);
  const scopeRule = scopeRuleOf(role);
  const policy = usePasswordPolicy();

  const onFinish = (v: Values) => {
    const phone = v.phone?.trim() ? v.phone.trim() : null;
    const scopeCode = (v.scopeCode ?? '').trim();
    const done = {
      onSuccess: () => {
        notifySuccess(user ? t('common.saved') : t('common.created'));
        onClose();
      },
      onError: (err: unknown) => applyFieldErrors(form, err),
    };
    if (user) {
      update.mutate(
        { displayName: v.displayName.trim(), phone, role: v.role, scopeCode, canViewFullId: v.canViewFullId, active: v.active } satisfies UpdateUserRequest,
        done,
      );
    } else {
      create.mutate(
        {
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          phone,
          role: v.role,
          scopeCode,
          // For a teacher the scope is the staff record; other roles have none.
          staffId: v.role === 'teacher' ? Number(scopeCode) : null,
          canViewFullId: v.canViewFullId,
          initialPassword: v.initialPassword,
        } satisfies CreateUserRequest,
        done,
      );
    }
  };

  const initialValues: Partial<Values> = user
    ? {
        username: user.username,
        displayName: user.displayName,
        phone: user.phone ?? undefined,
        role: user.role,
        scopeCode: user.scopeCode,
        canViewFullId: user.canViewFullId,
        active: user.active,
      }
    : { canViewFullId: false, active: true };

  return (
    <FormModal title={user ? t('users.edit') : t('users.create')} onCancel={onClose} onOk={() => form.submit()} busy={create.isPending || update.isPending} testId="user-form">
      <Form<Values> form={form} layout="vertical" initialValues={initialValues} onFinish={onFinish}>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="username"
              label={t('users.username')}
              rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]{3,32}$/, message: t('users.usernameRule') }]}
            >
              <Input disabled={!!user} autoComplete="off" data-testid="user-username" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, max: 40, message: t('common.required') }]}>
              <Input data-testid="user-display-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="phone" label={t('users.phone')} rules={[{ pattern: /^[0-9+\-\s]{5,20}$/, message: t('common.phoneRule') }]}>
              <Input inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="role" label={t('users.role')} rules={[{ required: true, message: t('common.required') }]}>
              <Select
                options={ROLES.map((r) => ({ value: r, label: enumLabel(ROLE_LABELS, r) }))}
                // Another role names another kind of place: what was chosen no longer fits.
                onChange={() => form.setFields([{ name: 'scopeCode', value: undefined, errors: [] }])}
                data-testid="user-role"
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="scopeCode"
              label={role === 'teacher' ? t('users.staffId') : t('users.scopeCode')}
              extra={scopeRule ? t(scopeRule.hint) : undefined}
              dependencies={['role']}
              rules={[
                { required: true, whitespace: true, message: t('common.required') },
                ...(scopeRule?.pattern && scopeRule.rule ? [{ pattern: scopeRule.pattern, message: t(scopeRule.rule) }] : []),
              ]}
            >
              <ScopeInput role={role} current={user} />
            </Form.Item>
          </Col>
          {user ? null : (
            <Col xs={24}>
              <Form.Item name="initialPassword" label={t('users.initialPassword')} extra={t('account.policy', { n: policy.minLength })} rules={passwordRules(policy, t)}>
                <Input.Password autoComplete="new-password" data-testid="user-initial-password" />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} sm={12}>
            <Form.Item name="canViewFullId" valuePropName="checked">
              <Checkbox>{t('users.canViewFullId')}</Checkbox>
            </Form.Item>
          </Col>
          {user ? (
            <Col xs={24} sm={12}>
              <Form.Item name="active" label={t('users.active')} valuePropName="checked" layout="horizontal">
                <Switch />
              </Form.Item>
            </Col>
          ) : null}
        </Row>
      </Form>
    </FormModal>
  );
}
