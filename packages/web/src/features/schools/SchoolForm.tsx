import { useMemo } from 'react';
import { Col, Form, Input, Row, Select, Switch, TreeSelect } from 'antd';
import {
  SCHOOL_TYPE_LABELS,
  SCHOOL_TYPES,
  type RegionNode,
  type SchoolDetail,
  type SchoolInput,
  type UpdateSchoolRequest,
} from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { FormModal } from '../../components/FormModal';
import { applyFieldErrors } from '../../components/formErrors';
import { notifySuccess } from '../../components/feedback';
import { regionsOfLevel, useRegionTree } from '../regions/regions.api';
import { useCreateSchool, useUpdateSchool } from './schools.api';

interface Values {
  code: string;
  name: string;
  type: SchoolInput['type'];
  townCode: string;
  address?: string;
  phone?: string;
  boarding: boolean;
  serviceArea: string[];
  active: boolean;
}

interface TreeOption {
  value: string;
  title: string;
  children?: TreeOption[];
}

// Towns are groups to open, villages are what a service area is made of.
function villageOptions(nodes: readonly RegionNode[]): TreeOption[] {
  return nodes.map((n) => ({
    value: n.code,
    title: n.name,
    children: n.children.length > 0 ? villageOptions(n.children) : undefined,
  }));
}

const blank = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

/** Create when `school` is absent, otherwise edit it. */
export function SchoolForm({ school, onClose }: { school?: SchoolDetail; onClose: () => void }) {
  const { t, enumLabel } = useI18n();
  const [form] = Form.useForm<Values>();
  const tree = useRegionTree().data;
  const towns = useMemo(() => regionsOfLevel(tree, 'town'), [tree]);
  const townCode = Form.useWatch('townCode', form);
  // Towns at the top (the county root adds a click and nothing else), the school's own town
  // first: most service areas lie in it, some reach into the next town.
  const treeData = useMemo(() => {
    const options = villageOptions(towns);
    return [...options.filter((o) => o.value === townCode), ...options.filter((o) => o.value !== townCode)];
  }, [towns, townCode]);
  const create = useCreateSchool();
  const update = useUpdateSchool(school?.code ?? '');
  const busy = create.isPending || update.isPending;

  const initialValues: Partial<Values> = school
    ? {
        code: school.code,
        name: school.name,
        type: school.type,
        townCode: school.townCode,
        address: school.address ?? undefined,
        phone: school.phone ?? undefined,
        boarding: school.boarding,
        serviceArea: school.serviceArea.map((v) => v.code),
        active: school.active,
      }
    : { boarding: false, serviceArea: [], active: true };

  const onFinish = (v: Values) => {
    const common = {
      name: v.name.trim(),
      type: v.type,
      townCode: v.townCode,
      address: blank(v.address),
      phone: blank(v.phone),
      boarding: v.boarding,
      serviceArea: v.serviceArea,
    };
    const done = {
      onSuccess: () => {
        notifySuccess(school ? t('common.saved') : t('common.created'));
        onClose();
      },
      onError: (err: unknown) => applyFieldErrors(form, err),
    };
    if (school) update.mutate({ ...common, active: v.active } satisfies UpdateSchoolRequest, done);
    else create.mutate({ ...common, code: v.code.trim() } satisfies SchoolInput, done);
  };

  return (
    <FormModal title={school ? t('schools.edit') : t('schools.create')} onCancel={onClose} onOk={() => form.submit()} busy={busy} testId="school-form">
      <Form<Values> form={form} layout="vertical" initialValues={initialValues} onFinish={onFinish}>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="code" label={t('schools.code')} rules={[{ required: true, pattern: /^\d{10}$/, message: t('schools.codeRule') }]}>
              <Input disabled={!!school} inputMode="numeric" maxLength={10} data-testid="school-code" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('schools.name')} rules={[{ required: true, whitespace: true, min: 2, max: 60, message: t('schools.nameRule') }]}>
              <Input data-testid="school-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="type" label={t('schools.type')} rules={[{ required: true, message: t('common.required') }]}>
              <Select options={SCHOOL_TYPES.map((c) => ({ value: c, label: enumLabel(SCHOOL_TYPE_LABELS, c) }))} data-testid="school-type" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="townCode" label={t('schools.town')} rules={[{ required: true, message: t('common.required') }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={towns.map((town) => ({ value: town.code, label: town.name }))}
                data-testid="school-town"
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="address" label={t('schools.address')} rules={[{ max: 200 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="phone" label={t('schools.phone')} rules={[{ pattern: /^[0-9+\-\s]{5,20}$/, message: t('common.phoneRule') }]}>
              <Input inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="boarding" label={t('schools.boarding')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          {school ? (
            <Col xs={12} sm={6}>
              <Form.Item name="active" label={t('schools.active')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          ) : null}
          <Col xs={24}>
            <Form.Item name="serviceArea" label={t('schools.serviceArea')} extra={t('schools.serviceAreaHint')}>
              <TreeSelect
                // Remounted per town so that the town just chosen opens by default.
                key={townCode ?? 'none'}
                treeDefaultExpandedKeys={townCode ? [townCode] : []}
                treeData={treeData}
                treeCheckable
                showCheckedStrategy={TreeSelect.SHOW_CHILD}
                showSearch={{ treeNodeFilterProp: 'title' }}
                maxTagCount="responsive"
                allowClear
                listHeight={320}
                data-testid="school-service-area"
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </FormModal>
  );
}
