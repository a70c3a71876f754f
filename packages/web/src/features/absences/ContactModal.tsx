// The guardian contact of a day's absence: who, how, with what result. Logging any
// contact settles the day's "contact today" inbox item; a guardian not reached is what
// the escalation job acts on the next day.
import { Form, Input, Radio } from 'antd';
import {
  CONTACT_METHOD_LABELS,
  CONTACT_METHODS,
  CONTACT_RESULT_LABELS,
  CONTACT_RESULTS,
  type ContactMethod,
  type ContactResult,
  type RollStudent,
} from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { FormModal } from '../../components/FormModal';
import { applyFieldErrors } from '../../components/formErrors';
import { notifySuccess } from '../../components/feedback';
import { useLogContact } from './absences.api';

interface Values {
  contactName: string;
  relation?: string;
  method: ContactMethod;
  result: ContactResult;
  note?: string;
}

export function ContactModal({
  student,
  day,
  title,
  onClose,
}: {
  student: Pick<RollStudent, 'studentId' | 'name' | 'guardianName'>;
  day: string;
  title: string;
  onClose: () => void;
}) {
  const { t, enumLabel } = useI18n();
  const [form] = Form.useForm<Values>();
  const log = useLogContact();
  const submit = (values: Values) =>
    log.mutate(
      { ...values, studentId: student.studentId, day },
      {
        onSuccess: () => {
          notifySuccess(t('absences.contactSaved'));
          onClose();
        },
        onError: (err) => applyFieldErrors(form, err),
      },
    );
  return (
    <FormModal
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      busy={log.isPending}
      testId="contact-form"
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ contactName: student.guardianName ?? '', method: 'phone' }}
        onFinish={submit}
      >
        <Form.Item
          name="contactName"
          label={t('absences.contactName')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input maxLength={40} data-testid="contact-name" />
        </Form.Item>
        <Form.Item name="relation" label={t('absences.relation')}>
          <Input
            maxLength={20}
            placeholder={t('absences.relationPlaceholder')}
            data-testid="contact-relation"
          />
        </Form.Item>
        <Form.Item
          name="method"
          label={t('absences.method')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Radio.Group
            optionType="button"
            options={CONTACT_METHODS.map((m) => ({
              value: m,
              label: <span data-testid={`contact-method-${m}`}>{enumLabel(CONTACT_METHOD_LABELS, m)}</span>,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="result"
          label={t('absences.result')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={CONTACT_RESULTS.map((r) => ({
              value: r,
              label: <span data-testid={`contact-result-${r}`}>{enumLabel(CONTACT_RESULT_LABELS, r)}</span>,
            }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('absences.note')}>
          <Input.TextArea rows={2} maxLength={500} data-testid="contact-note" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
