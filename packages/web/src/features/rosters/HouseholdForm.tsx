import { Alert, Form, Input, Select, Switch } from 'antd';
import { DISABILITY_CATEGORIES, DISABILITY_CATEGORY_LABELS, type HouseholdFacts, type RosterRow } from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { FormModal } from '../../components/FormModal';
import { applyFieldErrors } from '../../components/formErrors';
import { notifySuccess } from '../../components/feedback';
import { useUpdateHousehold } from './rosters.api';

/** The household fields as the form holds them: text as typed (blank is none). */
export type HouseholdValues = Omit<HouseholdFacts, 'householdNo' | 'guardianName' | 'guardianPhone' | 'guardianRelation'> & {
  householdNo: string;
  guardianName: string;
  guardianPhone: string;
  guardianRelation: string;
};

function valuesOf(p: RosterRow): HouseholdValues {
  return {
    householdNo: p.householdNo ?? '',
    guardianName: p.guardianName ?? '',
    guardianPhone: p.guardianPhone ?? '',
    guardianRelation: p.guardianRelation ?? '',
    povertyRegistered: p.povertyRegistered,
    leftBehind: p.leftBehind,
    disabilityCategory: p.disabilityCategory,
    disabilityLevel: p.disabilityLevel as HouseholdFacts['disabilityLevel'],
  };
}

/** Blank text is no value: the server stores it as none, as an empty cell of an import. */
export function householdFactsOf(v: HouseholdValues): HouseholdFacts {
  const text = (s: string | undefined) => (s?.trim() ? s.trim() : null);
  return {
    householdNo: text(v.householdNo),
    guardianName: text(v.guardianName),
    guardianPhone: text(v.guardianPhone),
    guardianRelation: text(v.guardianRelation),
    povertyRegistered: v.povertyRegistered,
    leftBehind: v.leftBehind,
    disabilityCategory: v.disabilityCategory ?? null,
    disabilityLevel: v.disabilityCategory ? (v.disabilityLevel ?? null) : null,
  };
}

const LEVELS = [1, 2, 3, 4] as const;

/**
 * A child's household facts kept current between imports — a guardian's new phone, a parent
 * gone to work elsewhere (留守), a family now 建档立卡 — by the village or town official who
 * knows them. The columns of the population roster (IMPORT-FORMATS.md), nothing else: name,
 * number and village come from household registration and change by its import.
 */
export function HouseholdForm({ child, onClose }: { child: RosterRow; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<HouseholdValues>();
  const update = useUpdateHousehold(child.id);
  const category = Form.useWatch('disabilityCategory', form);

  const save = (v: HouseholdValues) =>
    update.mutate(householdFactsOf(v), {
      onSuccess: () => {
        notifySuccess(t('child.householdSaved', { name: child.name }));
        onClose();
      },
      onError: (err) => applyFieldErrors(form, err),
    });

  return (
    <FormModal
      title={t('child.householdTitle', { name: child.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      busy={update.isPending}
      testId="household-form"
    >
      <Alert type="info" showIcon title={t('child.householdHint')} style={{ marginBottom: 12 }} />
      <Form<HouseholdValues> form={form} layout="vertical" initialValues={valuesOf(child)} onFinish={save}>
        <HouseholdFields category={category} />
      </Form>
    </FormModal>
  );
}

/** The household columns of the population roster, as form items (shared with 登记儿童). */
export function HouseholdFields({ category }: { category: string | null | undefined }) {
  const { t, enumLabel } = useI18n();
  return (
    <>
      <Form.Item name="guardianName" label={t('monitoring.guardian')}>
        <Input maxLength={50} data-testid="household-guardian" />
      </Form.Item>
      <Form.Item name="guardianRelation" label={t('child.relation')}>
        <Input maxLength={20} />
      </Form.Item>
      <Form.Item name="guardianPhone" label={t('monitoring.guardianPhone')}>
        <Input maxLength={30} inputMode="tel" data-testid="household-phone" />
      </Form.Item>
      <Form.Item name="householdNo" label={t('monitoring.household')}>
        <Input maxLength={30} />
      </Form.Item>
      <Form.Item name="povertyRegistered" label={t('rosters.poverty')} valuePropName="checked">
        <Switch data-testid="household-poverty" />
      </Form.Item>
      <Form.Item name="leftBehind" label={t('rosters.leftBehind')} valuePropName="checked">
        <Switch data-testid="household-left-behind" />
      </Form.Item>
      <Form.Item name="disabilityCategory" label={t('child.disabilityCategory')}>
        <Select
          allowClear
          placeholder={t('common.none')}
          options={DISABILITY_CATEGORIES.map((c) => ({ value: c, label: enumLabel(DISABILITY_CATEGORY_LABELS, c) }))}
        />
      </Form.Item>
      {category ? (
        <Form.Item name="disabilityLevel" label={t('child.disabilityLevel')}>
          <Select allowClear placeholder={t('common.none')} options={LEVELS.map((n) => ({ value: n, label: t('rosters.disabilityLevel', { n }) }))} />
        </Form.Item>
      ) : null}
    </>
  );
}
