import { DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { GRADES, schoolTeaches, type PendingTransfer, type StudentSummary } from '@baoxue/shared';
import { useMe } from '../../api/session';
import { useI18n } from '../../i18n';
import { FormModal } from '../../components/FormModal';
import { applyFieldErrors } from '../../components/formErrors';
import { notifySuccess } from '../../components/feedback';
import { SchoolSelect } from '../cases/filters';
import { serverToday } from '../cases/parts';
import { useSchool, useSchoolClasses } from '../schools/schools.api';
import { useReceivePending, useReceiveTransfer } from './students.api';

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
 * and both schools see the handover. A principal receives into their own school. A pupil the
 * sending school handed over (`pending`, 待接收转入) is known already: only the grade, class
 * and day are asked, for the school the sending school named.
 */
export function ReceiveTransferForm({
  pending,
  onClose,
  onReceived,
}: {
  pending?: PendingTransfer;
  onClose: () => void;
  onReceived: (s: StudentSummary) => void;
}) {
  const { t, gradeLabel } = useI18n();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const receiveNamed = useReceiveTransfer();
  const receivePending = useReceivePending(pending?.studentId ?? 0);
  const receive = pending ? receivePending : receiveNamed;
  const today = serverToday();
  // A pending transfer's school is the one the sending school named: no field asks for it.
  const chosenSchool = Form.useWatch('schoolCode', form);
  const schoolCode = pending?.toSchoolCode ?? chosenSchool;
  const grade = Form.useWatch('grade', form);
  const school = useSchool(schoolCode);
  const classes = useSchoolClasses(schoolCode);
  const type = school.data?.type;
  const grades = type ? GRADES.filter((g) => schoolTeaches(type, g.grade)) : [];

  const onFinish = (v: Values) => {
    const placed = { grade: v.grade, classId: v.classId ?? null, date: v.date.format('YYYY-MM-DD'), note: v.note?.trim() || undefined };
    const handlers = {
      onSuccess: (student: StudentSummary) => {
        notifySuccess(t('students.transferReceived', { name: student.name }));
        onReceived(student);
      },
      onError: (err: Error) => applyFieldErrors(form, err),
    };
    if (pending) receivePending.mutate(placed, handlers);
    else receiveNamed.mutate({ ...placed, idNumber: v.idNumber.trim(), name: v.name.trim(), schoolCode: v.schoolCode }, handlers);
  };
  const title = pending ? t('students.receivePendingTitle', { name: pending.name, school: pending.fromSchoolName }) : t('students.receiveTransfer');
  const initialSchool = pending?.toSchoolCode ?? (me.scopeKind === 'school' ? me.scopeCode : undefined);

  return (
    <FormModal title={title} onCancel={onClose} onOk={() => form.submit()} busy={receive.isPending} width={520} testId="transfer-form">
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ schoolCode: initialSchool, grade: pending?.grade, date: dayjs(today) }}
        onValuesChange={(changed: Partial<Values>) => {
          // Another school or grade: the class chosen no longer belongs.
          if ('schoolCode' in changed || 'grade' in changed) form.setFieldValue('classId', undefined);
        }}
      >
        {pending ? null : (
          <>
            <Form.Item name="idNumber" label={t('students.idNumber')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
              <Input maxLength={18} autoComplete="off" data-testid="transfer-id" />
            </Form.Item>
            <Form.Item name="name" label={t('students.name')} extra={t('students.transferNameHint')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
              <Input maxLength={50} autoComplete="off" data-testid="transfer-name" />
            </Form.Item>
            <Form.Item name="schoolCode" label={t('students.transferSchool')} rules={[{ required: true, message: t('common.required') }]}>
              <SchoolSelect block value={schoolCode} onChange={(v) => form.setFieldValue('schoolCode', v)} testId="transfer-school" />
            </Form.Item>
          </>
        )}
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
