// 七长制 for the county admin: the named chiefs of each unit for a school year (county head
// and bureau director for the county, a head per town and village, a principal per school),
// the units still without one, and the form to record or replace a chief.
import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Skeleton,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  CHIEF_DUTY_LABELS,
  MAINTAINED_CHIEF_DUTIES,
  type ChiefGap,
  type ChiefRow,
  type MaintainedChiefDuty,
} from '@baoxue/shared';
import { useMe } from '../../api/session';
import { useI18n } from '../../i18n';
import { DataTable, type Column } from '../../components/DataTable';
import { ExportButton } from '../../components/ExportButton';
import { FormModal } from '../../components/FormModal';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { notifySuccess } from '../../components/feedback';
import { applyFieldErrors } from '../../components/formErrors';
import { useSettings } from '../settings/settings.api';
import { useChiefGaps, useChiefs, useDeleteChief, usePutChief } from './chiefs.api';

interface Editing {
  duty: MaintainedChiefDuty;
  unitCode?: string;
  name?: string;
  phone?: string | null;
  /** Replacing an existing chief: duty and unit stay as they are. */
  existing: boolean;
}

export default function ChiefsPage() {
  const { t, enumLabel } = useI18n();
  const me = useMe();
  const canEdit = me.permissions.includes('chiefs.edit');
  const settings = useSettings();
  const [picked, setPicked] = useState<number | undefined>(undefined);
  const year = picked ?? settings.data?.monitoring.currentSchoolYear;
  const chiefs = useChiefs(year);
  const gaps = useChiefGaps(year);
  const [duty, setDuty] = useState<MaintainedChiefDuty>('county_head');
  const [editing, setEditing] = useState<Editing | null>(null);

  const byDuty = useMemo(() => groupBy(chiefs.data ?? [], (c) => c.duty), [chiefs.data]);
  const gapsByDuty = useMemo(() => groupBy(gaps.data ?? [], (g) => g.duty), [gaps.data]);
  const error = settings.error ?? chiefs.error ?? gaps.error;

  return (
    <>
      <PageTitle
        title={t('chiefs.title')}
        subtitle={t('chiefs.hint')}
        extra={
          <>
            <Flex gap={8} align="center">
              <span>{t('chiefs.schoolYear')}</span>
              <InputNumber
                min={2000}
                max={2100}
                precision={0}
                value={year}
                onChange={(v) => v && setPicked(v)}
                data-testid="chiefs-year"
                aria-label={t('chiefs.schoolYear')}
              />
              {year ? <Tag>{t('monitoring.schoolYearValue', { year: year, next: year + 1 })}</Tag> : null}
            </Flex>
            <ExportButton path="/chiefs" params={{ schoolYear: year }} />
            {canEdit ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setEditing({ duty, existing: false })}
                data-testid="chiefs-add"
              >
                {t('chiefs.add')}
              </Button>
            ) : null}
          </>
        }
      />
      {error ? (
        <QueryError
          error={error}
          onRetry={() => void Promise.all([settings.refetch(), chiefs.refetch(), gaps.refetch()])}
        />
      ) : null}
      {year === undefined || chiefs.isPending ? <Skeleton active /> : null}
      {year !== undefined && gaps.data ? (
        <GapsCard
          gaps={gaps.data}
          canEdit={canEdit}
          onPick={(g) =>
            setEditing({
              duty: g.duty,
              unitCode: g.unitCode,
              name: g.fallbackName ?? undefined,
              existing: false,
            })
          }
        />
      ) : null}
      {chiefs.data ? (
        <Tabs
          activeKey={duty}
          onChange={(k) => setDuty(k as MaintainedChiefDuty)}
          items={MAINTAINED_CHIEF_DUTIES.map((d) => ({
            key: d,
            label: (
              <span data-testid={`chiefs-tab-${d}`}>
                {enumLabel(CHIEF_DUTY_LABELS, d)} {byDuty.get(d)?.length ?? 0}
                {gapsByDuty.get(d)?.length ? (
                  <Typography.Text type="warning">
                    /{(byDuty.get(d)?.length ?? 0) + gapsByDuty.get(d)!.length}
                  </Typography.Text>
                ) : null}
              </span>
            ),
            children: (
              <ChiefTable
                duty={d}
                rows={byDuty.get(d) ?? []}
                canEdit={canEdit}
                onEdit={(c) =>
                  setEditing({
                    duty: c.duty,
                    unitCode: c.unitCode,
                    name: c.name,
                    phone: c.phone,
                    existing: true,
                  })
                }
              />
            ),
          }))}
        />
      ) : null}
      {editing && year !== undefined ? (
        <ChiefForm
          year={year}
          editing={editing}
          units={unitOptions(editing.duty, byDuty, gapsByDuty)}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}

function groupBy<T>(rows: readonly T[], key: (row: T) => MaintainedChiefDuty): Map<MaintainedChiefDuty, T[]> {
  const map = new Map<MaintainedChiefDuty, T[]>();
  for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), row]);
  return map;
}

/** Every unit of a duty: those with a chief and those without (the gaps) — no other list needed. */
function unitOptions(
  duty: MaintainedChiefDuty,
  chiefs: Map<MaintainedChiefDuty, ChiefRow[]>,
  gaps: Map<MaintainedChiefDuty, ChiefGap[]>,
): { value: string; label: string }[] {
  const units = new Map<string, string>();
  for (const c of chiefs.get(duty) ?? []) units.set(c.unitCode, c.unitName);
  for (const g of gaps.get(duty) ?? []) units.set(g.unitCode, g.unitName);
  return [...units]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([value, name]) => ({ value, label: `${name}（${value}）` }));
}

function GapsCard({
  gaps,
  canEdit,
  onPick,
}: {
  gaps: ChiefGap[];
  canEdit: boolean;
  onPick: (gap: ChiefGap) => void;
}) {
  const { t, enumLabel } = useI18n();
  if (gaps.length === 0)
    return (
      <Alert
        type="success"
        showIcon
        title={t('chiefs.noGaps')}
        style={{ marginBottom: 16 }}
        data-testid="chiefs-gaps"
      />
    );
  return (
    <Card
      size="small"
      title={t('chiefs.gaps', { n: gaps.length })}
      style={{ marginBottom: 16 }}
      data-testid="chiefs-gaps"
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('chiefs.gapsHint')}
      </Typography.Paragraph>
      <Flex wrap gap={8}>
        {gaps.map((g) => (
          <Tag
            key={`${g.duty}-${g.unitCode}`}
            color="orange"
            style={{ cursor: canEdit ? 'pointer' : undefined, marginInlineEnd: 0, padding: '2px 8px' }}
            onClick={canEdit ? () => onPick(g) : undefined}
            data-testid={`chief-gap-${g.duty}-${g.unitCode}`}
          >
            {enumLabel(CHIEF_DUTY_LABELS, g.duty)} · {g.unitName}
            {g.fallbackName ? ` (${t('chiefs.fallback', { name: g.fallbackName })})` : ''}
          </Tag>
        ))}
      </Flex>
    </Card>
  );
}

function ChiefTable({
  duty,
  rows,
  canEdit,
  onEdit,
}: {
  duty: MaintainedChiefDuty;
  rows: ChiefRow[];
  canEdit: boolean;
  onEdit: (row: ChiefRow) => void;
}) {
  const { t } = useI18n();
  const remove = useDeleteChief();
  const columns: Column<ChiefRow>[] = [
    { key: 'unit', title: t('chiefs.unit'), render: (c) => c.unitName, hideOnCard: true },
    { key: 'code', title: t('common.code'), render: (c) => c.unitCode },
    { key: 'name', title: t('chiefs.name'), render: (c) => <span data-testid="chief-name">{c.name}</span> },
    {
      key: 'phone',
      title: t('common.phone'),
      render: (c) => (c.phone ? <a href={`tel:${c.phone}`}>{c.phone}</a> : '—'),
    },
  ];
  if (canEdit)
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (c) => (
        <Space>
          <Button
            size="small"
            icon={<EditOutlined />}
            onClick={() => onEdit(c)}
            data-testid={`chief-edit-${c.duty}-${c.unitCode}`}
          >
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('chiefs.confirmDelete', { name: c.name })}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            onConfirm={() =>
              remove.mutate(
                { schoolYear: c.schoolYear, unitCode: c.unitCode, duty: c.duty },
                { onSuccess: () => notifySuccess(t('chiefs.deleted')) },
              )
            }
          >
            <Button
              size="small"
              danger
              icon={<DeleteOutlined />}
              data-testid={`chief-delete-${c.duty}-${c.unitCode}`}
            >
              {t('chiefs.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  return (
    <DataTable
      columns={columns}
      rows={rows}
      rowKey={(c) => `${c.duty}-${c.unitCode}`}
      cardTitle={(c) => c.unitName}
      testId={`chiefs-table-${duty}`}
      localPageSize={50}
    />
  );
}

interface FormValues {
  duty: MaintainedChiefDuty;
  unitCode: string;
  name: string;
  phone?: string;
}

function ChiefForm({
  year,
  editing,
  units,
  onClose,
}: {
  year: number;
  editing: Editing;
  units: { value: string; label: string }[];
  onClose: () => void;
}) {
  const { t, enumLabel } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const put = usePutChief();
  const [duty, setDuty] = useState<MaintainedChiefDuty>(editing.duty);
  const gapsOfDuty = useChiefGaps(year);
  const chiefsOfYear = useChiefs(year);
  // The unit list follows the duty chosen in the form.
  const options =
    duty === editing.duty
      ? units
      : unitOptions(
          duty,
          groupBy(chiefsOfYear.data ?? [], (c) => c.duty),
          groupBy(gapsOfDuty.data ?? [], (g) => g.duty),
        );
  const submit = async () => {
    const v = await form.validateFields();
    put.mutate(
      {
        schoolYear: year,
        duty: v.duty,
        unitCode: v.unitCode,
        name: v.name,
        phone: v.phone?.trim() ? v.phone.trim() : null,
        staffId: null,
      },
      {
        onSuccess: () => {
          notifySuccess(t('common.saved'));
          onClose();
        },
        onError: (err) => applyFieldErrors(form, err),
      },
    );
  };
  return (
    <FormModal
      title={`${editing.existing ? t('chiefs.edit') : t('chiefs.add')} · ${t('monitoring.schoolYearValue', { year: year, next: year + 1 })}`}
      onCancel={onClose}
      onOk={() => void submit()}
      busy={put.isPending}
      width={520}
      testId="chief-form"
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          duty: editing.duty,
          unitCode: editing.unitCode,
          name: editing.name,
          phone: editing.phone ?? undefined,
        }}
      >
        <Form.Item
          name="duty"
          label={t('chiefs.duty')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select
            disabled={editing.existing}
            options={MAINTAINED_CHIEF_DUTIES.map((d) => ({
              value: d,
              label: enumLabel(CHIEF_DUTY_LABELS, d),
            }))}
            onChange={(d: MaintainedChiefDuty) => {
              setDuty(d);
              form.setFieldValue('unitCode', undefined);
            }}
            data-testid="chief-form-duty"
          />
        </Form.Item>
        <Form.Item
          name="unitCode"
          label={t('chiefs.unit')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select
            disabled={editing.existing}
            showSearch={{ optionFilterProp: 'label' }}
            options={options}
            placeholder={t('chiefs.pickUnit')}
            data-testid="chief-form-unit"
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('chiefs.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 40 }]}
        >
          <Input autoComplete="off" data-testid="chief-form-name" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('common.phone')}
          rules={[{ pattern: /^[0-9+\-\s]{5,20}$/, message: t('common.phoneRule') }]}
        >
          <Input inputMode="tel" autoComplete="off" data-testid="chief-form-phone" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
