import { Form, Input, Radio } from 'antd';
import type { StaffInput, StaffMember } from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { FormModal } from '../../components/FormModal';
import { applyFieldErrors } from '../../components/formErrors';
import { notifySuccess } from '../../components/feedback';
import { useAddStaff, useUpdateStaff } from './schools.api';

interface Values {
  name: string;
  gender: StaffInput['gender'];
  phone?: string;
  kind: StaffInput['kind'];
  title?: string;
  active?: boolean;
}

const blank = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

/**
 * A teacher or principal joins the school's staff (then they can head a class or get an
 * account) when `member` is absent; otherwise their name, phone, post or kind change.
 */
export function StaffForm({ schoolCode, member, onClose }: { schoolCode: string; member?: StaffMember; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const add = useAddStaff(schoolCode);
  const update = useUpdateStaff(member?.id ?? 0);

  const onFinish = (v: Values) => {
    const body = { name: v.name.trim(), gender: v.gender, phone: blank(v.phone), kind: v.kind, title: blank(v.title) };
    const done = {
      onSuccess: () => {
        notifySuccess(member ? t('common.saved') : t('common.created'));
        onClose();
      },
      onError: (err: unknown) => applyFieldErrors(form, err),
    };
    if (member) update.mutate({ ...body, active: v.active }, done);
    else add.mutate(body, done);
  };
  const initialValues: Partial<Values> = member
    ? { name: member.name, gender: member.gender, phone: member.phone ?? undefined, kind: member.kind, title: member.title ?? undefined, active: member.active }
    : { kind: 'teacher', gender: 'F' };

  return (
    <FormModal
      title={member ? t('schools.editStaff') : t('schools.addStaff')}
      onCancel={onClose}
      onOk={() => form.submit()}
      busy={add.isPending || update.isPending}
      width={480}
      testId="staff-form"
    >
      <Form<Values> form={form} layout="vertical" initialValues={initialValues} onFinish={onFinish}>
        <Form.Item name="name" label={t('schools.staffName')} rules={[{ required: true, whitespace: true, min: 2, max: 30, message: t('schools.staffNameRule') }]}>
          <Input maxLength={30} data-testid="staff-name" />
        </Form.Item>
        <Form.Item name="gender" label={t('schools.staffGender')}>
          <Radio.Group
            options={[
              { value: 'F', label: t('schools.female') },
              { value: 'M', label: t('schools.male') },
            ]}
          />
        </Form.Item>
        <Form.Item name="kind" label={t('schools.staffKind')}>
          <Radio.Group
            options={[
              { value: 'teacher', label: t('schools.kindTeacher') },
              { value: 'principal', label: t('schools.kindPrincipal') },
            ]}
          />
        </Form.Item>
        <Form.Item name="phone" label={t('schools.staffPhone')} rules={[{ pattern: /^[0-9+\-\s]{5,20}$/, message: t('common.phoneRule') }]}>
          <Input inputMode="tel" data-testid="staff-phone" />
        </Form.Item>
        <Form.Item name="title" label={t('schools.staffPost')} rules={[{ max: 30 }]}>
          <Input maxLength={30} />
        </Form.Item>
        {member ? (
          // Leaving keeps the record (classes, chains and the audit log name them); it only
          // takes the person out of the head-teacher choices. The server says what stands in the way.
          <Form.Item name="active" label={t('schools.staffActive')} extra={t('schools.staffLeaveHint')}>
            <Radio.Group
              options={[
                { value: true, label: t('schools.staffOnDuty') },
                { value: false, label: t('schools.staffLeft') },
              ]}
              data-testid="staff-active"
            />
          </Form.Item>
        ) : null}
      </Form>
    </FormModal>
  );
}
