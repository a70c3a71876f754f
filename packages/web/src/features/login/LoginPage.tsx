import { useEffect, useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import type { LoginRequest } from '@baoxue/shared';
import { ApiError } from '../../api/client';
import { noteAuthEnded, peekAuthEndedCode, useSession } from '../../api/session';
import { useI18n, type MessageKey } from '../../i18n';
import { LangSwitch } from '../../components/LangSwitch';
import { errorText } from '../../components/feedback';
import type { LoginState } from '../../components/RequireAuth';
import { useLogin } from './login.api';

// Why the user is here, from the previous screen or the session probe.
const REASON_TEXT: Partial<Record<string, MessageKey>> = {
  session_expired: 'login.expired',
  session_lifetime_over: 'login.lifetimeOver',
  logged_out: 'login.loggedOut',
};

// Our own wording for the failures users meet most, with what to do next.
const FAILURE_TEXT: Partial<Record<string, MessageKey>> = {
  bad_credentials: 'login.badCredentials',
  account_locked: 'login.locked',
  account_disabled: 'login.disabled',
};

export default function LoginPage() {
  const { t } = useI18n();
  const location = useLocation();
  const session = useSession();
  const loginMutation = useLogin();
  const state = (location.state ?? {}) as LoginState;
  // Read once: the probe's code is cleared below so that it explains only this visit.
  const [probeCode] = useState(peekAuthEndedCode);
  const reason = state.reason ?? probeCode;

  useEffect(() => {
    document.title = `${t('login.title')} · ${t('app.fullName')}`;
  }, [t]);
  useEffect(() => noteAuthEnded(null), []);

  // Logged in (just now, or already when this page was opened): go where the user was headed.
  if (session.data) {
    const from = state.from && !state.from.startsWith('/login') ? state.from : '/';
    return <Navigate to={session.data.user.mustChangePassword ? '/account' : from} replace />;
  }

  const onFinish = (values: LoginRequest) => loginMutation.mutate(values);

  const failure = loginMutation.error;
  const failureKey = failure instanceof ApiError ? FAILURE_TEXT[failure.code] : undefined;
  const reasonKey = reason ? REASON_TEXT[reason] : undefined;

  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{ minHeight: '100vh', padding: 16, background: 'linear-gradient(180deg, #e6f4ff 0%, #f5f5f5 60%)' }}
    >
      <Flex justify="flex-end" style={{ width: '100%', maxWidth: 400, marginBottom: 12 }}>
        <LangSwitch />
      </Flex>
      <Card style={{ width: '100%', maxWidth: 400 }} styles={{ body: { padding: 28 } }}>
        <Flex vertical align="center" gap={4} style={{ marginBottom: 24 }}>
          <span
            aria-hidden
            style={{
              width: 48,
              height: 48,
              borderRadius: 10,
              background: '#1677ff',
              color: '#fff',
              fontSize: 26,
              fontWeight: 600,
              display: 'inline-flex',
              alignItems: 'center',
              justifyContent: 'center',
            }}
          >
            学
          </span>
          <Typography.Title level={3} style={{ margin: '8px 0 0' }} data-testid="page-title">
            {t('app.name')} · {t('login.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
        </Flex>

        {failure ? (
          <Alert
            type="error"
            showIcon
            title={failureKey ? t(failureKey) : errorText(failure)}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        ) : reasonKey ? (
          <Alert
            type={reason === 'session_expired' || reason === 'session_lifetime_over' ? 'warning' : 'info'}
            showIcon
            title={t(reasonKey)}
            style={{ marginBottom: 16 }}
            data-testid="login-notice"
          />
        ) : null}

        <Form<LoginRequest> layout="vertical" onFinish={onFinish} requiredMark={false} data-testid="login-form" size="large">
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={loginMutation.isPending} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
      <Typography.Text type="secondary" style={{ marginTop: 16, fontSize: 12, textAlign: 'center', maxWidth: 400 }}>
        {t('login.footer')}
      </Typography.Text>
    </Flex>
  );
}
