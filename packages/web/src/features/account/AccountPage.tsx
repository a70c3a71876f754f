import { useNavigate } from 'react-router';
import { Alert, Card, Col, Descriptions, Row } from 'antd';
import { ROLE_LABELS } from '@baoxue/shared';
import { useMe } from '../../api/session';
import { useI18n } from '../../i18n';
import { PageTitle } from '../../components/PageTitle';
import { notifySuccess } from '../../components/feedback';
import { ChangePasswordForm } from './ChangePasswordForm';

export default function AccountPage() {
  const { t, enumLabel } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const mustChange = me.mustChangePassword;

  return (
    <>
      <PageTitle title={t('account.title')} />
      {mustChange ? <Alert type="warning" showIcon title={t('account.mustChange')} style={{ marginBottom: 16 }} data-testid="must-change-password" /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('account.changePassword')}>
            <ChangePasswordForm
              onDone={() => {
                notifySuccess(t('account.changed'));
                // Someone forced here first goes on to the app; others stay on their account page.
                if (mustChange) void navigate('/', { replace: true });
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('account.info')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('account.username')}>{me.username}</Descriptions.Item>
              <Descriptions.Item label={t('account.displayName')}>{me.displayName}</Descriptions.Item>
              <Descriptions.Item label={t('account.role')}>{enumLabel(ROLE_LABELS, me.role)}</Descriptions.Item>
              <Descriptions.Item label={t('account.scope')}>
                {/* A place's or school's code is one officials know (区划代码, 学校标识码); a teacher's is a row number. */}
                {me.role === 'teacher' ? me.scopeName : `${me.scopeName} (${me.scopeCode})`}
              </Descriptions.Item>
              <Descriptions.Item label={t('account.county')}>{me.countyName}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
      </Row>
    </>
  );
}
