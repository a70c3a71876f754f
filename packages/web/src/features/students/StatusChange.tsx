import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, DatePicker, Form, Input, Select, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { ENROLLMENT_STATUS_LABELS, ENROLLMENT_STATUSES, type EnrollmentStatus, type StudentSummary } from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { errorText, notifySuccess } from '../../components/feedback';
import { serverToday } from '../cases/parts';
import { useChangeStatus } from './students.api';

interface Values {
  status: EnrollmentStatus;
  date: Dayjs;
  note: string;
}

/**
 * 学籍变动: a pupil's registry status changed by hand between imports (休学 today, 复学 next
 * term), with the day it took effect and why. The server records it as the import would and
 * refuses what makes no sense (the same status, a day still to come). A 辍学 opens a case at
 * once: the form says so before, and leads to the case after.
 */
export function StatusChange({ student }: { student: StudentSummary }) {
  const { t, enumLabel } = useI18n();
  const [form] = Form.useForm<Values>();
  const change = useChangeStatus(student.id);
  const today = serverToday();
  const chosen = Form.useWatch('status', form);
  // The case a 辍学 just opened, to go to from here.
  const [caseId, setCaseId] = useState<number | null>(null);

  const save = (v: Values) =>
    change.mutate(
      { status: v.status, date: v.date.format('YYYY-MM-DD'), note: v.note.trim() },
      {
        onSuccess: (changed) => {
          notifySuccess(t('students.statusChanged', { status: enumLabel(ENROLLMENT_STATUS_LABELS, changed.status) }));
          setCaseId(changed.caseId);
          form.resetFields();
        },
      },
    );

  return (
    <Form<Values> form={form} layout="vertical" onFinish={save} initialValues={{ date: dayjs(today) }} data-testid="status-change">
      <Typography.Text strong>{t('students.changeStatus')}</Typography.Text>
      <Form.Item name="status" label={t('students.newStatus')} rules={[{ required: true, message: t('common.required') }]} style={{ marginTop: 8 }}>
        <Select
          options={ENROLLMENT_STATUSES.filter((s) => s !== student.status).map((s) => ({ value: s, label: enumLabel(ENROLLMENT_STATUS_LABELS, s) }))}
          placeholder={t('students.chooseStatus')}
          data-testid="status-change-status"
        />
      </Form.Item>
      <Form.Item name="date" label={t('students.statusDate')} rules={[{ required: true, message: t('common.required') }]}>
        <DatePicker allowClear={false} style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') > today} data-testid="status-change-date" />
      </Form.Item>
      <Form.Item name="note" label={t('students.statusReason')} rules={[{ required: true, whitespace: true, message: t('students.statusReasonNeeded') }]}>
        <Input maxLength={200} placeholder={t('students.statusReasonHint')} data-testid="status-change-note" />
      </Form.Item>
      {chosen === 'dropped_out' ? <Alert type="warning" showIcon title={t('students.dropOutOpensCase')} style={{ marginBottom: 12 }} /> : null}
      <Button type="primary" htmlType="submit" icon={<EditOutlined />} loading={change.isPending} data-testid="status-change-submit">
        {t('students.changeStatusButton')}
      </Button>
      {caseId !== null ? (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 12 }}
          title={t('students.caseOpened')}
          action={<Link to={`/cases/${caseId}`} data-testid="status-change-case">{t('students.viewCase')}</Link>}
        />
      ) : null}
      {change.isError ? (
        <Typography.Paragraph type="danger" style={{ marginTop: 8, marginBottom: 0 }}>
          {errorText(change.error)}
        </Typography.Paragraph>
      ) : null}
    </Form>
  );
}
