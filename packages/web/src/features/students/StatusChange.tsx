import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, DatePicker, Form, Input, Radio, Select, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { UseQueryResult } from '@tanstack/react-query';
import {
  ENROLLMENT_STATUS_LABELS,
  ENROLLMENT_STATUSES,
  schoolTeaches,
  VERIFICATION_METHOD_LABELS,
  VERIFICATION_METHODS,
  type ChangeStatusRequest,
  type EnrollmentStatus,
  type SchoolDirectoryEntry,
  type StudentSummary,
  type VerificationMethod,
} from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { errorText, notifySuccess } from '../../components/feedback';
import { applyFieldErrors } from '../../components/formErrors';
import { serverToday } from '../cases/parts';
import { useChangeStatus, useSchoolDirectory } from './students.api';

interface Values {
  status: EnrollmentStatus;
  date: Dayjs;
  note: string;
  /** With 转出: to a school of the county, out of the county, or nobody knows where. */
  where: TransferWhere;
  toSchoolCode?: string;
  destination?: { school: string; region: string; verification: VerificationMethod; verifiedOn: Dayjs };
}

type TransferWhere = 'county' | 'outside' | 'unknown';

/** A school the pupil may move to: another one, teaching the pupil's grade. */
function takesPupil(school: SchoolDirectoryEntry, student: StudentSummary): boolean {
  return school.code !== student.schoolCode && schoolTeaches(school.type, student.grade);
}
const TRANSFER_WHERE: readonly TransferWhere[] = ['county', 'outside', 'unknown'];

/** The request for the form's values: where the pupil went only with 转出, when the school knows it. */
function changeRequest(v: Values): ChangeStatusRequest {
  const request: ChangeStatusRequest = { status: v.status, date: v.date.format('YYYY-MM-DD'), note: v.note.trim() };
  if (v.status !== 'transferred_out') return request;
  if (v.where === 'county' && v.toSchoolCode) request.toSchoolCode = v.toSchoolCode;
  const d = v.destination;
  if (v.where === 'outside' && d) {
    request.destination = {
      school: d.school.trim(),
      region: d.region.trim(),
      verification: d.verification,
      verifiedOn: d.verifiedOn.format('YYYY-MM-DD'),
    };
  }
  return request;
}

/**
 * 学籍变动: a pupil's registry status changed by hand between imports (休学 today, 复学 next
 * term), with the day it took effect and why. The server records it as the import would and
 * refuses what makes no sense (the same status, a day still to come). A 辍学 opens a case at
 * once: the form says so before, and leads to the case after. A 转出 asks where the pupil
 * went: a school of the county is told and takes the pupil over (待接收转入); a school
 * outside becomes the year's out-of-county record (县外就读); unknown, the form warns that the
 * next reconciliation will count the pupil as suspected out of school.
 */
export function StatusChange({ student }: { student: StudentSummary }) {
  const { t, enumLabel } = useI18n();
  const [form] = Form.useForm<Values>();
  const change = useChangeStatus(student.id);
  const today = serverToday();
  const chosen = Form.useWatch('status', form);
  const where = Form.useWatch('where', form);
  const directory = useSchoolDirectory(chosen === 'transferred_out');
  // The case a 辍学 just opened, to go to from here.
  const [caseId, setCaseId] = useState<number | null>(null);

  const save = (v: Values) => {
    const request = changeRequest(v);
    change.mutate(request, {
      onSuccess: (changed) => {
        notifySuccess(t('students.statusChanged', { status: enumLabel(ENROLLMENT_STATUS_LABELS, changed.status) }));
        if (request.destination) notifySuccess(t('students.destinationRecorded', request.destination));
        const toSchool = directory.data?.find((d) => d.code === request.toSchoolCode);
        if (toSchool) notifySuccess(t('students.handedOver', { school: toSchool.name }));
        setCaseId(changed.caseId);
        form.resetFields();
      },
      onError: (err) => applyFieldErrors(form, err),
    });
  };

  return (
    <Form<Values> form={form} layout="vertical" onFinish={save} initialValues={{ date: dayjs(today), where: 'county', destination: { verifiedOn: dayjs(today) } }} data-testid="status-change">
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
      {chosen === 'transferred_out' ? <DestinationFields where={where ?? 'county'} schools={directory} student={student} today={today} /> : null}
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

/**
 * Where a pupil transferred out went: a school of the county (told, and takes the pupil over),
 * a school outside it (the out-of-county roster's columns, IMPORT-FORMATS.md), or unknown.
 */
function DestinationFields({
  where,
  schools,
  student,
  today,
}: {
  where: TransferWhere;
  schools: UseQueryResult<SchoolDirectoryEntry[]>;
  student: StudentSummary;
  today: string;
}) {
  const { t, enumLabel } = useI18n();
  const whereLabel: Record<TransferWhere, string> = {
    county: t('students.whereCounty'),
    outside: t('students.whereOutside'),
    unknown: t('students.whereUnknown'),
  };
  const required = [{ required: true, whitespace: true, message: t('common.required') }];
  return (
    <>
      <Form.Item name="where" label={t('students.transferWhere')}>
        <Radio.Group
          optionType="button"
          options={TRANSFER_WHERE.map((w) => ({ value: w, label: whereLabel[w] }))}
        />
      </Form.Item>
      {where === 'county' ? (
        <Form.Item name="toSchoolCode" label={t('students.toSchool')} extra={t('students.toSchoolHint')} rules={[{ required: true, message: t('common.required') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={schools.isPending}
            options={(schools.data ?? []).filter((s) => takesPupil(s, student)).map((s) => ({ value: s.code, label: `${s.name}（${s.townName}）` }))}
            data-testid="status-change-to-school"
          />
        </Form.Item>
      ) : null}
      {where === 'outside' ? (
        <>
          <Form.Item name={['destination', 'school']} label={t('students.destinationSchool')} rules={required}>
            <Input maxLength={100} placeholder={t('students.destinationSchoolHint')} data-testid="status-change-destination-school" />
          </Form.Item>
          <Form.Item name={['destination', 'region']} label={t('students.destinationRegion')} rules={required}>
            <Input maxLength={100} placeholder={t('students.destinationRegionHint')} data-testid="status-change-destination-region" />
          </Form.Item>
          <Form.Item name={['destination', 'verification']} label={t('students.destinationVerification')} rules={[{ required: true, message: t('common.required') }]}>
            <Select
              options={VERIFICATION_METHODS.map((m) => ({ value: m, label: enumLabel(VERIFICATION_METHOD_LABELS, m) }))}
              data-testid="status-change-destination-verification"
            />
          </Form.Item>
          <Form.Item name={['destination', 'verifiedOn']} label={t('students.destinationVerifiedOn')} rules={[{ required: true, message: t('common.required') }]}>
            <DatePicker allowClear={false} style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
          </Form.Item>
        </>
      ) : null}
      {where === 'unknown' ? <Alert type="warning" showIcon title={t('students.noDestinationWarning')} style={{ marginBottom: 12 }} /> : null}
    </>
  );
}
