import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { DatePicker, Form, Input, Radio, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import {
  CASE_SOURCE_LABELS,
  GENDER_LABELS,
  type OpenCaseRequest,
  type Page,
  type StudentSummary,
} from '@baoxue/shared';
import { api } from '../../api/client';
import { useMe } from '../../api/session';
import { useI18n } from '../../i18n';
import { applyFieldErrors } from '../../components/formErrors';
import { notifySuccess } from '../../components/feedback';
import { VillageField } from '../reconciliation/parts';
import { useOpenCase } from './cases.api';
import { FormSheet, GuardianFields, text } from './CaseForms';

const MANUAL_SOURCES = ['village_report', 'inspector', 'other'] as const;

interface Values {
  source: OpenCaseRequest['source'];
  sourceNote: string;
  who: 'student' | 'described';
  studentId?: number;
  name?: string;
  gender?: 'M' | 'F';
  birthDate?: Dayjs;
  idNumber?: string;
  villageCode?: string;
  guardianName?: string;
  guardianPhone?: string;
}

/** Only what was filled in: the server tells an enrolled child from a described one by the fields sent. */
function toRequest(v: Values): OpenCaseRequest {
  const base = { source: v.source, sourceNote: v.sourceNote.trim() };
  if (v.who === 'student') return { ...base, studentId: v.studentId };
  return {
    ...base,
    name: text(v.name),
    gender: v.gender,
    birthDate: v.birthDate?.format('YYYY-MM-DD'),
    idNumber: text(v.idNumber),
    villageCode: v.villageCode,
    guardianName: text(v.guardianName),
    guardianPhone: text(v.guardianPhone),
  };
}

/** 立案 by hand: a village report or an inspector's visit, for an enrolled child or one described. */
export function OpenCaseForm({ onClose, onOpened }: { onClose: () => void; onOpened: (id: number) => void }) {
  const { t, enumLabel } = useI18n();
  const [form] = Form.useForm<Values>();
  const open = useOpenCase();
  const who = Form.useWatch('who', form) ?? 'student';

  const submit = (v: Values) =>
    open.mutate(toRequest(v), {
      onSuccess: (detail) => {
        notifySuccess(t('cases.opened'));
        onClose();
        onOpened(detail.id);
      },
      onError: (err) => applyFieldErrors(form, err),
    });

  return (
    <FormSheet
      form={form}
      title={t('cases.open')}
      okText={t('cases.openSubmit')}
      onClose={onClose}
      busy={open.isPending}
      error={open.error}
      testId="case-open-form"
      initialValues={{ source: 'village_report', who: 'student' }}
      onFinish={submit}
    >
      <Form.Item name="source" label={t('cases.source')} rules={[{ required: true }]}>
        <Select
          options={MANUAL_SOURCES.map((s) => ({ value: s, label: enumLabel(CASE_SOURCE_LABELS, s) }))}
          data-testid="case-open-source"
        />
      </Form.Item>
      <Form.Item
        name="sourceNote"
        label={t('cases.sourceNote')}
        rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 2000 }]}
      >
        <Input.TextArea rows={2} placeholder={t('cases.sourceNoteHint')} data-testid="case-open-note" />
      </Form.Item>
      <Form.Item name="who" label={t('cases.child')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'student', label: t('cases.whoStudent') },
            { value: 'described', label: t('cases.whoDescribed') },
          ]}
          data-testid="case-open-who"
        />
      </Form.Item>
      {who === 'student' ? (
        <Form.Item
          name="studentId"
          label={t('cases.pickStudent')}
          rules={[{ required: true, message: t('cases.pickStudentRequired') }]}
        >
          <StudentPicker />
        </Form.Item>
      ) : (
        <>
          <Form.Item
            name="name"
            label={t('cases.name')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 40 }]}
          >
            <Input data-testid="case-open-name" />
          </Form.Item>
          <Form.Item name="gender" label={t('cases.gender')}>
            <Radio.Group
              options={(['M', 'F'] as const).map((g) => ({ value: g, label: enumLabel(GENDER_LABELS, g) }))}
            />
          </Form.Item>
          <Form.Item name="birthDate" label={t('cases.birthDate')}>
            <DatePicker style={{ width: '100%' }} data-testid="case-open-birth" />
          </Form.Item>
          <Form.Item name="idNumber" label={t('cases.idNumber')} rules={[{ max: 18 }]}>
            <Input maxLength={18} style={{ fontFamily: 'monospace' }} data-testid="case-open-id" />
          </Form.Item>
          <Form.Item name="villageCode" label={t('cases.village')}>
            <VillageField />
          </Form.Item>
          <GuardianFields />
        </>
      )}
    </FormSheet>
  );
}

/** A school as the picker names it: without the county every school of the user's county starts with. */
function shortSchool(name: string, countyName: string): string {
  return countyName && name.startsWith(countyName) && name.length > countyName.length
    ? name.slice(countyName.length)
    : name;
}

/**
 * An enrolled child found by name or identity number, within the user's scope. Each choice
 * gives the name, then on a line of its own (wrapping on a phone, never cut) the school, the
 * class with its grade, the birth date and the masked number: two children of one name are
 * told apart. The field shows the name and class, the rest of the child chosen below it.
 */
function StudentPicker({ value, onChange }: { value?: number; onChange?: (v: number | undefined) => void }) {
  const { t, classLabel } = useI18n();
  const me = useMe();
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<StudentSummary>();
  const found = useQuery({
    queryKey: ['students', 'list', { q, page: 1, pageSize: 20 }],
    queryFn: ({ signal }) => api.get<Page<StudentSummary>>('/students', { q, page: 1, pageSize: 20 }, signal),
    enabled: q.trim().length > 0,
  });
  const students = found.data?.items ?? [];
  const klass = (s: StudentSummary) => classLabel(s.grade, s.className);
  const details = (s: StudentSummary, withClass: boolean) =>
    [shortSchool(s.schoolName, me.countyName), withClass ? klass(s) : null, s.birthDate, s.idNumberMasked]
      .filter(Boolean)
      .join(' · ');
  const chosen = value !== undefined && picked?.id === value ? picked : undefined;
  return (
    <>
      <Select<number, { value: number; label: string; student: StudentSummary }>
        showSearch={{ filterOption: false, onSearch: (v) => setQ(v.trim()) }}
        allowClear
        value={value}
        onChange={(v) => {
          setPicked(students.find((s) => s.id === v));
          onChange?.(v);
        }}
        loading={found.isFetching}
        placeholder={t('cases.pickStudentHint')}
        notFoundContent={
          q ? (
            <Typography.Text type="secondary">
              {found.isFetching ? t('app.loading') : t('cases.noStudent')}
            </Typography.Text>
          ) : null
        }
        // Two lines a choice: the list's fixed-height rows would clip them.
        virtual={false}
        options={students.map((s) => ({ value: s.id, label: `${s.name} · ${klass(s)}`, student: s }))}
        optionRender={({ data: { student: s } }) => (
          <div style={{ whiteSpace: 'normal', padding: '2px 0' }} data-testid={`case-open-student-${s.id}`}>
            <div>{s.name}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12, overflowWrap: 'anywhere' }}>
              {details(s, true)}
            </Typography.Text>
          </div>
        )}
        data-testid="case-open-student"
      />
      {chosen ? (
        <Typography.Text
          type="secondary"
          style={{ display: 'block', marginTop: 4, fontSize: 12, overflowWrap: 'anywhere' }}
          data-testid="case-open-student-details"
        >
          {details(chosen, false)}
        </Typography.Text>
      ) : null}
    </>
  );
}
