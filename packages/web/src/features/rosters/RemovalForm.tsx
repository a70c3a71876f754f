import { Alert, Form, Input, Select } from 'antd';
import { ROSTER_REMOVAL_LABELS, ROSTER_REMOVALS, type RosterRemovalRequest, type RosterRow } from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { FormModal } from '../../components/FormModal';
import { applyFieldErrors } from '../../components/formErrors';
import { notifySuccess } from '../../components/feedback';
import { useRemoveChild } from './rosters.api';

/**
 * 注销: a child taken off the current school year's roster by the official of the village —
 * the household moved away, a death, a child registered twice — with the grounds. The server
 * keeps the row in the audit log and refuses "registered twice" where the number stands once.
 */
export function RemovalForm({
  child,
  enrolledAt,
  onClose,
  onRemoved,
}: {
  child: RosterRow;
  /** Schools where the child is 在读: leaving the roster does not change the registry. */
  enrolledAt: readonly string[];
  onClose: () => void;
  onRemoved: () => void;
}) {
  const { t, enumLabel } = useI18n();
  const [form] = Form.useForm<RosterRemovalRequest>();
  const remove = useRemoveChild(child.id);

  const save = (v: RosterRemovalRequest) =>
    remove.mutate(
      { reason: v.reason, note: v.note.trim() },
      {
        onSuccess: () => {
          notifySuccess(t('child.removed', { name: child.name }));
          onRemoved();
        },
        onError: (err) => applyFieldErrors(form, err),
      },
    );

  return (
    <FormModal title={t('child.removeTitle', { name: child.name })} onCancel={onClose} onOk={() => form.submit()} busy={remove.isPending} testId="child-remove-form">
      <Alert type="warning" showIcon title={t('child.removeHint')} style={{ marginBottom: 12 }} />
      {enrolledAt.length > 0 ? (
        <Alert type="info" showIcon title={t('child.removeStillEnrolled', { schools: enrolledAt.join('、') })} style={{ marginBottom: 12 }} />
      ) : null}
      <Form<RosterRemovalRequest> form={form} layout="vertical" onFinish={save}>
        <Form.Item name="reason" label={t('child.removeReason')} rules={[{ required: true, message: t('common.required') }]}>
          <Select
            options={ROSTER_REMOVALS.map((r) => ({ value: r, label: enumLabel(ROSTER_REMOVAL_LABELS, r) }))}
            data-testid="child-remove-reason"
          />
        </Form.Item>
        <Form.Item name="note" label={t('child.removeNote')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input maxLength={200} placeholder={t('child.removeNoteHint')} data-testid="child-remove-note" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
