import { DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { GRADES, SCHOOL_TYPE_GRADES, type StudentSummary } from '@baoxue/shared';
import { useMe } from '../../api/session';
import { useI18n } from '../../i18n';
import { FormModal } from '../../components/FormModal';
import { applyFieldErrors } from '../../components/formErrors';
import { notifySuccess } from '../../components/feedback';
import { SchoolSelect } from '../cases/filters';
import { serverToday } from '../cases/parts';
import { useSchool, useSchoolClasses } from '../schools/schools.api';
import { useReceiveTransfer } from './students.api';

interface Values {
  idNumber: string;
  name: string;
  schoolCode: string;
  grade: number;
  classId?: number;
  date: Dayjs;
  note?: string;
}

/**
 * 接收转入: a pupil from another school of the county joins this one (籍随人走). The pupil
 * is named by identity number and name, as on the transfer papers; the record moves here,
 * and both schools see the handover. A principal receives into their own school.
 */
export function ReceiveTransferForm({ onClose, onReceived }: { onClose: () => void; onReceived: (s: StudentSummary) => void }) {
  const { t, gradeLabel } = useI18n();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const receive = useReceiveTransfer();
  const today = serverToday();
  const schoolCode = Form.useWatch('schoolCode', form);
  const grade = Form.useWatch('grade', form);
  const school = useSchool(schoolCode);
  const classes = useSchoolClasses(schoolCode);
  const taught = school.data ? SCHOOL_TYPE_GRADES[school.data.type] : null;
  const grades = taught ? GRADES.filter((g) => g.grade >= taught.from && g.grade <= taught.to) : [];

  const onFinish = (v: Values) =>
    receive.mutate(
      {
        idNumber: v.idNumber.trim(),
        name: v.name.trim(),
        schoolCode: v.schoolCode,
        grade: v.grade,
        classId: v.classId ?? null,
        date: v.date.format('YYYY-MM-DD'),
        note: v.note?.trim() || undefined,
      },
      {
        onSuccess: (student) => {
          notifySuccess(t('students.transferReceived', { name: student.name }));
          onReceived(student);
        },
        onError: (err) => applyFieldErrors(form, err),
      },
    );

  return (
    <FormModal title={t('students.receiveTransfer')} onCancel={onClose} onOk={() => form.submit()} busy={receive.isPending} width={520} testId="transfer-form">
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ schoolCode: me.scopeKind === 'school' ? me.scopeCode : undefined, date: dayjs(today) }}
        onValuesChange={(changed: Partial<Values>) => {
          // Another school or grade: the class chosen no longer belongs.
          if ('schoolCode' in changed || 'grade' in changed) form.setFieldValue('classId', undefined);
        }}
      >
        <Form.Item name="idNumber" label={t('students.idNumber')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input maxLength={18} autoComplete="off" data-testid="transfer-id" />
        </Form.Item>
        <Form.Item name="name" label={t('students.name')} extra={t('students.transferNameHint')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input maxLength={50} autoComplete="off" data-testid="transfer-name" />
        </Form.Item>
        <Form.Item name="schoolCode" label={t('students.transferSchool')} rules={[{ required: true, message: t('common.required') }]}>
          <SchoolSelect block value={schoolCode} onChange={(v) => form.setFieldValue('schoolCode', v)} testId="transfer-school" />
        </Form.Item>
        <Form.Item name="grade" label={t('students.grade')} rules={[{ required: true, message: t('common.required') }]}>
          <Select options={grades.map((g) => ({ value: g.grade, label: gradeLabel(g.grade) }))} loading={school.isPending && !!schoolCode} data-testid="transfer-grade" />
        </Form.Item>
        <Form.Item name="classId" label={t('students.class')} extra={t('students.transferClassHint')}>
          <Select
            allowClear
            options={(classes.data ?? []).filter((c) => c.grade === grade).map((c) => ({ value: c.id, label: c.headTeacherName ? `${c.name}（${c.headTeacherName}）` : c.name }))}
            data-testid="transfer-class"
          />
        </Form.Item>
        <Form.Item name="date" label={t('students.transferDate')} rules={[{ required: true, message: t('common.required') }]}>
          <DatePicker allowClear={false} style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') > today} data-testid="transfer-date" />
        </Form.Item>
        <Form.Item name="note" label={t('students.transferNote')}>
          <Input maxLength={200} data-testid="transfer-note" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
