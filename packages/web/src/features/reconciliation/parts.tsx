// Pieces every monitoring page shares: status tags, the run and area pickers, the school year.
import { Select, Tag, Tooltip, type SelectProps } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import {
  beijingTime,
  CHILD_FLAG_LABELS,
  CHILD_STATUS_LABELS,
  CHILD_STATUSES,
  JOB_STATUS_LABELS,
  type ChildFlag,
  type ChildStatus,
  type JobStatus,
  type ReconciliationRun,
} from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { regionsOfLevel, useRegionTree } from '../regions/regions.api';
import { useSettings } from '../settings/settings.api';

export const STATUS_COLOR: Record<ChildStatus, string> = {
  enrolled_in_county: 'green',
  enrolled_out_of_county: 'cyan',
  exempt: 'purple',
  suspended: 'orange',
  completed_compulsory: 'blue',
  needs_review: 'gold',
  suspected_out_of_school: 'red',
};

export function ChildStatusTag({ status }: { status: ChildStatus | null | undefined }) {
  const { enumLabel } = useI18n();
  if (!status) return <>—</>;
  return (
    <Tag color={STATUS_COLOR[status]} style={{ marginInlineEnd: 0 }} data-testid={`status-${status}`}>
      {enumLabel(CHILD_STATUS_LABELS, status)}
    </Tag>
  );
}

export function ChildFlagTags({ flags }: { flags: readonly ChildFlag[] }) {
  const { enumLabel } = useI18n();
  if (flags.length === 0) return null;
  return (
    <>
      {flags.map((f) => (
        <Tag key={f} color={f === 'home_teaching' ? 'geekblue' : 'volcano'}>
          {enumLabel(CHILD_FLAG_LABELS, f)}
        </Tag>
      ))}
    </>
  );
}

const JOB_COLOR: Record<JobStatus, string> = { queued: 'default', running: 'processing', succeeded: 'success', failed: 'error' };

export function JobStatusTag({ status }: { status: JobStatus }) {
  const { enumLabel } = useI18n();
  return (
    <Tag color={JOB_COLOR[status]} data-testid={`job-${status}`}>
      {enumLabel(JOB_STATUS_LABELS, status)}
    </Tag>
  );
}

export function isChildStatus(v: string | undefined): v is ChildStatus {
  return v !== undefined && (CHILD_STATUSES as readonly string[]).includes(v);
}

export function positiveInt(v: string | undefined): number | undefined {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export function formatTime(iso: string | null | undefined): string {
  return iso ? beijingTime(iso) : '—';
}

/** The county's current school year (settings), until the user picks another. */
export function useCurrentSchoolYear(): number | undefined {
  return useSettings().data?.monitoring.currentSchoolYear;
}

/** The age column's title: ages are counted on 31 August, which a reader would not guess. */
export function AgeTitle() {
  const { t } = useI18n();
  return (
    <Tooltip title={t('monitoring.ageHint')}>
      <span style={{ cursor: 'help' }}>
        {t('monitoring.age')} <QuestionCircleOutlined style={{ color: 'rgba(0,0,0,0.45)' }} />
      </span>
    </Tooltip>
  );
}

export function SchoolYearSelect({ value, onChange, testId }: { value: number | undefined; onChange: (v: number) => void; testId?: string }) {
  const { t, lang } = useI18n();
  const current = useCurrentSchoolYear() ?? new Date().getFullYear();
  const years = Array.from({ length: 6 }, (_, i) => current + 1 - i);
  return (
    <Select
      value={value}
      onChange={onChange}
      placeholder={t('monitoring.schoolYear')}
      options={years.map((y) => ({ value: y, label: t('monitoring.schoolYearValue', { year: y, next: y + 1 }) }))}
      // "School year 2026–2027" is longer than 2026–2027学年: the year was cut off at 180 px.
      style={{ width: lang === 'en' ? 210 : 180 }}
      data-testid={testId ?? 'school-year'}
    />
  );
}

export function RunSelect({
  runs,
  value,
  onChange,
  testId,
  allowClear,
}: {
  runs: readonly ReconciliationRun[] | undefined;
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  testId?: string;
  allowClear?: boolean;
}) {
  const { t } = useI18n();
  return (
    <Select
      value={value}
      onChange={onChange}
      allowClear={allowClear}
      placeholder={t('monitoring.run')}
      options={(runs ?? []).map((r) => ({
        value: r.id,
        label: t('monitoring.runLabel', {
          id: r.id,
          year: t('monitoring.schoolYearValue', { year: r.schoolYear, next: r.schoolYear + 1 }),
          time: formatTime(r.finishedAt ?? r.createdAt),
        }),
      }))}
      // The label names the run, its year and its time: wide enough to show them whole.
      style={{ width: 380, maxWidth: '100%' }}
      popupMatchSelectWidth={false}
      data-testid={testId ?? 'run-select'}
    />
  );
}

/** Towns of the user's part of the tree; a town official's list is their own town. */
export function TownSelect({
  value,
  onChange,
  testId,
  block,
}: {
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  testId?: string;
  /** As wide as its form field, asking for a town rather than offering "any". */
  block?: boolean;
}) {
  const { t } = useI18n();
  const towns = regionsOfLevel(useRegionTree().data, 'town');
  return (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={block ? t('users.chooseTown') : t('monitoring.anyTown')}
      value={value}
      onChange={onChange}
      options={towns.map((town) => ({ value: town.code, label: town.name }))}
      style={{ width: block ? '100%' : 180 }}
      popupMatchSelectWidth={false}
      data-testid={testId ?? 'town-filter'}
    />
  );
}

export function VillageSelect({
  townCode,
  value,
  onChange,
  block,
}: {
  townCode: string | undefined;
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  /** As wide as its form field, asking for a village rather than offering "any". */
  block?: boolean;
}) {
  const { t } = useI18n();
  const tree = useRegionTree().data;
  const towns = regionsOfLevel(tree, 'town').filter((town) => !townCode || town.code === townCode);
  const options: SelectProps['options'] =
    towns.length > 0
      ? towns.map((town) => ({ label: town.name, options: town.children.map((v) => ({ value: v.code, label: v.name })) }))
      : regionsOfLevel(tree, 'village').map((v) => ({ value: v.code, label: v.name }));
  return (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={block ? t('users.chooseVillage') : t('monitoring.anyVillage')}
      value={value}
      onChange={onChange}
      options={options}
      style={{ width: block ? '100%' : 180 }}
      popupMatchSelectWidth={false}
      data-testid={block ? 'village-choice' : 'village-filter'}
    />
  );
}

/** `VillageSelect` as a form field: Form.Item hands it the value and takes its changes. */
export function VillageField({ value, onChange, block }: { value?: string; onChange?: (v: string | undefined) => void; block?: boolean }) {
  return <VillageSelect townCode={undefined} value={value} onChange={(v) => onChange?.(v)} block={block} />;
}

export function StatusSelect({ value, onChange }: { value: ChildStatus | undefined; onChange: (v: ChildStatus | undefined) => void }) {
  const { t, enumLabel } = useI18n();
  return (
    <Select
      allowClear
      placeholder={t('monitoring.anyStatus')}
      value={value}
      onChange={onChange}
      options={CHILD_STATUSES.map((s) => ({ value: s, label: enumLabel(CHILD_STATUS_LABELS, s) }))}
      style={{ width: 160 }}
      popupMatchSelectWidth={false}
      data-testid="status-filter"
    />
  );
}
