import { Form, Input, Select } from 'antd';
import { GRADES, SCHOOL_TYPE_GRADES, type SchoolClass, type SchoolType } from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { FormModal } from '../../components/FormModal';
import { applyFieldErrors } from '../../components/formErrors';
import { notifySuccess } from '../../components/feedback';
import { useCreateClass, useSchoolStaff, useUpdateClass } from './schools.api';

interface Values {
  grade: number;
  name: string;
  headTeacherStaffId?: number;
}

/**
 * A class of the current school year with its head teacher: created when `klass` is absent,
 * otherwise renamed or given another head teacher (its grade stays: pupils are placed by it).
 */
export function ClassForm({
  schoolCode,
  schoolType,
  klass,
  onClose,
}: {
  schoolCode: string;
  schoolType: SchoolType;
  klass?: SchoolClass;
  onClose: () => void;
}) {
  const { t, gradeLabel } = useI18n();
  const [form] = Form.useForm<Values>();
  const staff = useSchoolStaff(schoolCode, true);
  const create = useCreateClass(schoolCode);
  const update = useUpdateClass(klass?.id ?? 0);
  const { from, to } = SCHOOL_TYPE_GRADES[schoolType];
  const grades = GRADES.filter((g) => g.grade >= from && g.grade <= to);

  const onFinish = (v: Values) => {
    const headTeacherStaffId = v.headTeacherStaffId ?? null;
    const done = {
      onSuccess: () => {
        notifySuccess(klass ? t('common.saved') : t('common.created'));
        onClose();
      },
      onError: (err: unknown) => applyFieldErrors(form, err),
    };
    if (klass) update.mutate({ name: v.name.trim(), headTeacherStaffId }, done);
    else create.mutate({ grade: v.grade, name: v.name.trim(), headTeacherStaffId }, done);
  };

  return (
    <FormModal
      title={klass ? t('schools.editClass') : t('schools.createClass')}
      onCancel={onClose}
      onOk={() => form.submit()}
      busy={create.isPending || update.isPending}
      width={480}
      testId="class-form"
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={klass ? { grade: klass.grade, name: klass.name, headTeacherStaffId: klass.headTeacherStaffId ?? undefined } : {}}
        onFinish={onFinish}
      >
        <Form.Item name="grade" label={t('schools.grade')} rules={[{ required: true, message: t('common.required') }]}>
          <Select disabled={!!klass} options={grades.map((g) => ({ value: g.grade, label: gradeLabel(g.grade) }))} data-testid="class-grade" />
        </Form.Item>
        <Form.Item name="name" label={t('schools.className')} extra={t('schools.classNameHint')} rules={[{ required: true, whitespace: true, max: 20, message: t('common.required') }]}>
          <Input maxLength={20} data-testid="class-name" />
        </Form.Item>
        <Form.Item name="headTeacherStaffId" label={t('schools.headTeacher')} extra={t('schools.headTeacherHint')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={staff.isPending}
            options={staff.data?.filter((s) => s.active).map((s) => ({ value: s.id, label: s.phone ? `${s.name}（${s.phone}）` : s.name }))}
            data-testid="class-head-teacher"
          />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
