import { Alert, DatePicker, Form, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { GENDER_LABELS, type RosterRow } from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { useMe } from '../../api/session';
import { FormModal } from '../../components/FormModal';
import { applyFieldErrors } from '../../components/formErrors';
import { notifySuccess } from '../../components/feedback';
import { serverToday } from '../cases/parts';
import { VillageField } from '../reconciliation/parts';
import { HouseholdFields, householdFactsOf, type HouseholdValues } from './HouseholdForm';
import { useAddChild } from './rosters.api';

type Values = HouseholdValues & {
  name: string;
  gender: 'M' | 'F';
  idNumber?: string;
  birthDate?: Dayjs;
  villageCode: string;
};

/**
 * 摸排: a child the population roster misses — a newborn, a family moved in, a child found on
 * a home visit — added by the official of the village to the current school year's roster,
 * so the next reconciliation accounts for them. The roster's own columns; the server reads
 * the identity number as an import would and says where it disagrees.
 */
export function NewChildForm({ onClose, onAdded }: { onClose: () => void; onAdded: (child: RosterRow) => void }) {
  const { t, enumLabel } = useI18n();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const add = useAddChild();
  const category = Form.useWatch('disabilityCategory', form);
  const today = serverToday();

  const save = (v: Values) =>
    add.mutate(
      {
        ...householdFactsOf(v),
        name: v.name.trim(),
        gender: v.gender,
        idNumber: v.idNumber?.trim() || null,
        birthDate: v.birthDate ? v.birthDate.format('YYYY-MM-DD') : null,
        villageCode: v.villageCode,
      },
      {
        onSuccess: (child) => {
          notifySuccess(t('child.added', { name: child.name }));
          onAdded(child);
        },
        onError: (err) => applyFieldErrors(form, err),
      },
    );

  return (
    <FormModal title={t('child.addTitle')} onCancel={onClose} onOk={() => form.submit()} busy={add.isPending} testId="child-add-form">
      <Alert type="info" showIcon title={t('child.addHint')} style={{ marginBottom: 12 }} />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{
          povertyRegistered: false,
          leftBehind: false,
          disabilityCategory: null,
          disabilityLevel: null,
          villageCode: me.scopeKind === 'village' ? me.scopeCode : undefined,
        }}
      >
        <Form.Item name="name" label={t('monitoring.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input maxLength={50} data-testid="child-add-name" />
        </Form.Item>
        <Form.Item name="gender" label={t('monitoring.gender')} rules={[{ required: true, message: t('common.required') }]}>
          <Select
            options={(['M', 'F'] as const).map((g) => ({ value: g, label: enumLabel(GENDER_LABELS, g) }))}
            data-testid="child-add-gender"
          />
        </Form.Item>
        <Form.Item name="idNumber" label={t('monitoring.idNumber')} extra={t('child.idNumberHint')}>
          <Input maxLength={20} data-testid="child-add-id" />
        </Form.Item>
        <Form.Item name="birthDate" label={t('monitoring.birthDate')} extra={t('child.birthDateHint')}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
        </Form.Item>
        <Form.Item name="villageCode" label={t('monitoring.village')} rules={[{ required: true, message: t('common.required') }]}>
          <VillageField block />
        </Form.Item>
        <HouseholdFields category={category} />
      </Form>
    </FormModal>
  );
}
