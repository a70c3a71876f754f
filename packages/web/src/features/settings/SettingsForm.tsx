import { useEffect } from 'react';
import { Button, Card, Col, Form, Input, InputNumber, Row, Select, Skeleton, Switch } from 'antd';
import type { Settings } from '@baoxue/shared';
import { useI18n, type MessageKey } from '../../i18n';
import { QueryError } from '../../components/QueryError';
import { applyFieldErrors } from '../../components/formErrors';
import { notifySuccess } from '../../components/feedback';
import { useSaveSettings, useSettings } from './settings.api';

type Section = keyof Settings;

interface NumberField {
  section: Section;
  name: string;
  label: MessageKey;
  min: number;
  max: number;
  extra?: MessageKey;
}

// Bounds mirror the shared SecuritySettings / MonitoringSettings schemas.
const FIELDS: NumberField[] = [
  { section: 'security', name: 'lockoutThreshold', label: 'settings.lockoutThreshold', min: 3, max: 20 },
  { section: 'security', name: 'lockoutMinutes', label: 'settings.lockoutMinutes', min: 1, max: 1440 },
  { section: 'security', name: 'idleMinutes', label: 'settings.idleMinutes', min: 5, max: 480 },
  { section: 'security', name: 'passwordMinLength', label: 'settings.passwordMinLength', min: 8, max: 64 },
  { section: 'monitoring', name: 'currentSchoolYear', label: 'settings.currentSchoolYear', min: 2000, max: 2100, extra: 'settings.schoolYearHint' },
  { section: 'monitoring', name: 'compulsoryAgeMin', label: 'settings.compulsoryAgeMin', min: 3, max: 10 },
  { section: 'monitoring', name: 'compulsoryAgeMax', label: 'settings.compulsoryAgeMax', min: 12, max: 18 },
  { section: 'monitoring', name: 'transferTakeoverDays', label: 'settings.transferTakeoverDays', min: 1, max: 30, extra: 'settings.transferTakeoverHint' },
  // CaseSettings: the escalation thresholds of C10 (0 turns a rule off) and the step deadlines of C6.
  { section: 'cases', name: 'consecutiveUnexcusedDays', label: 'settings.cases.consecutiveUnexcusedDays', min: 0, max: 30 },
  { section: 'cases', name: 'termUnexcusedDays', label: 'settings.cases.termUnexcusedDays', min: 0, max: 100 },
  { section: 'cases', name: 'verificationDays', label: 'settings.cases.verificationDays', min: 1, max: 365 },
  { section: 'cases', name: 'persuasionDays', label: 'settings.cases.persuasionDays', min: 1, max: 365 },
  { section: 'cases', name: 'returnDays', label: 'settings.cases.returnDays', min: 1, max: 365 },
  { section: 'cases', name: 'observationCheckIns', label: 'settings.cases.observationCheckIns', min: 1, max: 12 },
  { section: 'cases', name: 'observationIntervalDays', label: 'settings.cases.observationIntervalDays', min: 1, max: 365 },
  { section: 'cases', name: 'secondEscalationDays', label: 'settings.cases.secondEscalationDays', min: 1, max: 365 },
  { section: 'cases', name: 'reminderDays', label: 'settings.cases.reminderDays', min: 0, max: 30 },
];

/** The yes/no rules of CaseSettings, shown as switches above the numbers. */
const SWITCHES: { name: 'sameDayContact' | 'unreachedGuardianOpensCase'; label: MessageKey }[] = [
  { name: 'sameDayContact', label: 'settings.cases.sameDayContact' },
  { name: 'unreachedGuardianOpensCase', label: 'settings.cases.unreachedGuardianOpensCase' },
];

const SECTIONS: { key: Section; title: MessageKey }[] = [
  { key: 'security', title: 'settings.security' },
  { key: 'monitoring', title: 'settings.monitoring' },
  { key: 'cases', title: 'settings.cases' },
  { key: 'notifications', title: 'settings.notifications' },
];

export function SettingsForm() {
  const { t } = useI18n();
  const [form] = Form.useForm<Settings>();
  const settings = useSettings();
  const save = useSaveSettings();

  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);

  if (settings.isPending) return <Skeleton active />;
  if (settings.isError) return <QueryError error={settings.error} onRetry={() => void settings.refetch()} />;

  return (
    <Form<Settings>
      form={form}
      layout="vertical"
      initialValues={settings.data}
      onFinish={(values) =>
        save.mutate(values, {
          onSuccess: () => notifySuccess(t('common.saved')),
          onError: (err) => applyFieldErrors(form, err),
        })
      }
      data-testid="settings-form"
    >
      <Row gutter={[16, 16]}>
        {SECTIONS.map((section) => (
          <Col key={section.key} xs={24} lg={12}>
            <Card size="small" title={t(section.title)}>
              {section.key === 'cases'
                ? SWITCHES.map((f) => (
                    <Form.Item key={f.name} name={['cases', f.name]} label={t(f.label)} valuePropName="checked">
                      <Switch data-testid={`setting-${f.name}`} />
                    </Form.Item>
                  ))
                : null}
              {section.key === 'notifications' ? <NotificationFields /> : null}
              {FIELDS.filter((f) => f.section === section.key).map((f) => (
                <Form.Item
                  key={f.name}
                  name={[f.section, f.name]}
                  label={t(f.label)}
                  extra={f.extra ? t(f.extra) : undefined}
                  dependencies={f.name === 'compulsoryAgeMax' ? [['monitoring', 'compulsoryAgeMin']] : undefined}
                  rules={[
                    { required: true, message: t('common.required') },
                    { type: 'integer', min: f.min, max: f.max, message: `${f.min}–${f.max}` },
                    ...(f.name === 'compulsoryAgeMax'
                      ? [
                          ({ getFieldValue }: { getFieldValue: (name: (string | number)[]) => unknown }) => ({
                            validator: (_rule: unknown, value: number | undefined) => {
                              const min = getFieldValue(['monitoring', 'compulsoryAgeMin']);
                              return typeof min === 'number' && typeof value === 'number' && min > value
                                ? Promise.reject(new Error(t('settings.ageRangeInvalid')))
                                : Promise.resolve();
                            },
                          }),
                        ]
                      : []),
                  ]}
                >
                  <InputNumber min={f.min} max={f.max} precision={0} style={{ width: '100%', maxWidth: 220 }} data-testid={`setting-${f.name}`} />
                </Form.Item>
              ))}
            </Card>
          </Col>
        ))}
      </Row>
      <Button type="primary" htmlType="submit" loading={save.isPending} style={{ marginTop: 16 }} data-testid="settings-save">
        {t('common.save')}
      </Button>
    </Form>
  );
}

/** The outbound channel: the log by default, or a webhook that receives JSON. */
function NotificationFields() {
  const { t } = useI18n();
  const channel = Form.useWatch<string | undefined>(['notifications', 'channel']);
  return (
    <>
      <Form.Item name={['notifications', 'channel']} label={t('settings.notify.channel')}>
        <Select
          style={{ width: '100%', maxWidth: 220 }}
          data-testid="setting-channel"
          options={[
            { value: 'log', label: t('settings.notify.log') },
            { value: 'webhook', label: t('settings.notify.webhook') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name={['notifications', 'webhookUrl']}
        label={t('settings.notify.webhookUrl')}
        rules={[
          { required: channel === 'webhook', message: t('common.required') },
          { pattern: /^https?:\/\/\S+$/, message: t('settings.notify.webhookUrlRule') },
        ]}
      >
        <Input placeholder="https://" maxLength={500} data-testid="setting-webhookUrl" />
      </Form.Item>
    </>
  );
}
