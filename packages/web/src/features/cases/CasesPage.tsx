import { useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import type { UseQueryResult } from '@tanstack/react-query';
import { Button, Checkbox, Flex, Input, Select, Tabs, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import {
  CASE_ENDING_LABELS,
  CASE_SOURCE_LABELS,
  CASE_SOURCES,
  CASE_STEP_LABELS,
  GENDER_LABELS,
  type CaseSource,
  type CaseSummary,
  type OpenCaseStep,
  type Page,
} from '@baoxue/shared';
import { can, useMe } from '../../api/session';
import { useI18n } from '../../i18n';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { DataTable, type Column } from '../../components/DataTable';
import { ExportButton } from '../../components/ExportButton';
import { FilterBar } from '../../components/FilterBar';
import { useListParams } from '../../components/useListParams';
import { DateRangeFilter } from '../audit/DateRangeFilter';
import {
  CASE_PATHS,
  useCases,
  useClearing,
  useDropouts,
  type CaseFilters,
  type ClearingFilters,
  type DropoutFilters,
} from './cases.api';
import { DueCell, OPEN_STEPS, StepTag, useReasonLabel, useSchoolClass } from './parts';
import { SchoolSelect, seesManySchools, seesManyTowns, TownSelect } from './filters';
import { OpenCaseForm } from './OpenCaseForm';

const FILTER_KEYS = [
  'tab',
  'q',
  'state',
  'step',
  'overdue',
  'source',
  'townCode',
  'schoolCode',
  'mine',
  'ledgerState',
  'from',
  'to',
] as const;
type Tab = 'list' | 'dropouts' | 'clearing';
type CaseState = 'open' | 'closed' | 'all';
type ListParams = ReturnType<typeof useListParams<(typeof FILTER_KEYS)[number]>>;

function oneOf<T extends string>(values: readonly T[], v: string | undefined): T | undefined {
  return v !== undefined && (values as readonly string[]).includes(v) ? (v as T) : undefined;
}

const STATES: readonly CaseState[] = ['open', 'closed', 'all'];

/** 一人一案: the cases, the dropout ledger (辍学台账) and the clearing history (动态销号). */
export default function CasesPage() {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const list = useListParams(FILTER_KEYS);
  const tab: Tab = oneOf(['list', 'dropouts', 'clearing'], list.filters.tab) ?? 'list';
  const [opening, setOpening] = useState(false);

  return (
    <>
      <PageTitle
        title={t('cases.title')}
        extra={
          can(me, 'cases.open') ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setOpening(true)}
              data-testid="case-open"
            >
              {t('cases.open')}
            </Button>
          ) : null
        }
      />
      <Tabs
        activeKey={tab}
        // Area filters carry over between tabs; the others mean something in one tab only.
        onChange={(key) =>
          list.update({
            tab: key === 'list' ? undefined : key,
            q: undefined,
            state: undefined,
            step: undefined,
            overdue: undefined,
            source: undefined,
            mine: undefined,
            ledgerState: undefined,
            from: undefined,
            to: undefined,
          })
        }
        items={[
          {
            key: 'list',
            label: <span data-testid="cases-tab-list">{t('cases.tabList')}</span>,
            children: tab === 'list' ? <CaseList list={list} /> : null,
          },
          {
            key: 'dropouts',
            label: <span data-testid="cases-tab-dropouts">{t('cases.tabDropouts')}</span>,
            children: tab === 'dropouts' ? <DropoutLedger list={list} /> : null,
          },
          {
            key: 'clearing',
            label: <span data-testid="cases-tab-clearing">{t('cases.tabClearing')}</span>,
            children: tab === 'clearing' ? <ClearingHistory list={list} /> : null,
          },
        ]}
      />
      {opening ? (
        <OpenCaseForm onClose={() => setOpening(false)} onOpened={(id) => void navigate(`/cases/${id}`)} />
      ) : null}
    </>
  );
}

/** Columns every case table shares; the child's name is the link to the case. */
function useBaseColumns(): Record<'name' | 'id' | 'area' | 'school', Column<CaseSummary>> {
  const { t } = useI18n();
  const schoolClass = useSchoolClass();
  return {
    name: {
      key: 'name',
      title: t('cases.name'),
      render: (c) => (
        <Link to={`/cases/${c.id}`} onClick={(e) => e.stopPropagation()}>
          {c.name}
        </Link>
      ),
      hideOnCard: true,
    },
    id: {
      key: 'id',
      title: t('cases.idNumber'),
      render: (c) => <span style={{ fontFamily: 'monospace' }}>{c.idNumberMasked ?? '—'}</span>,
    },
    area: {
      key: 'area',
      title: t('cases.townVillage'),
      render: (c) => [c.townName, c.villageName].filter(Boolean).join(' · ') || '—',
    },
    school: {
      key: 'school',
      title: t('cases.schoolClass'),
      render: (c) => schoolClass(c) || '—',
    },
  };
}

function CardTitle({ c }: { c: CaseSummary }) {
  return (
    <Flex gap={8} align="center" wrap>
      <Link to={`/cases/${c.id}`}>{c.name}</Link>
      <StepTag step={c.step} />
    </Flex>
  );
}

/** A page of cases (the list or a ledger): a row or card opens its case, paging as the address says. */
function CaseTable({
  testId,
  list,
  rows,
  columns,
  cardTitle = (c) => <CardTitle c={c} />,
  empty,
}: {
  testId: string;
  list: ListParams;
  rows: UseQueryResult<Page<CaseSummary>>;
  columns: Column<CaseSummary>[];
  cardTitle?: (c: CaseSummary) => ReactNode;
  /** What an empty page says: which cases there are none of. */
  empty: string;
}) {
  const navigate = useNavigate();
  return (
    <>
      {rows.isError ? <QueryError error={rows.error} onRetry={() => void rows.refetch()} /> : null}
      <DataTable<CaseSummary>
        testId={testId}
        columns={columns}
        rows={rows.data?.items}
        rowKey={(c) => c.id}
        loading={rows.isFetching}
        onRowClick={(c) => void navigate(`/cases/${c.id}`)}
        cardTitle={cardTitle}
        paging={list.pagingFor(rows.data)}
        empty={empty}
      />
    </>
  );
}

/** Open, closed or all cases: the list and the dropout ledger each keep their own default. */
function StateSelect({
  value,
  onChange,
  testId,
}: {
  value: CaseState;
  onChange: (v: CaseState) => void;
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <Select
      value={value}
      onChange={onChange}
      options={STATES.map((s) => ({ value: s, label: t(`cases.state.${s}`) }))}
      style={{ width: 120 }}
      data-testid={testId}
    />
  );
}

/** What every tab asks for besides its own filters: the area (kept between tabs) and the page. */
function areaAndPage(list: ListParams) {
  const { townCode, schoolCode } = list.filters;
  return { townCode, schoolCode, page: list.page, pageSize: list.pageSize };
}

function AreaFilters({ list }: { list: ListParams }) {
  const me = useMe();
  const { townCode, schoolCode } = list.filters;
  return (
    <>
      {seesManyTowns(me) ? (
        <TownSelect
          value={townCode}
          onChange={(v) => list.update({ townCode: v, schoolCode: undefined })}
          testId="case-town-filter"
        />
      ) : null}
      {seesManySchools(me) ? (
        <SchoolSelect
          townCode={townCode}
          value={schoolCode}
          onChange={(v) => list.update({ schoolCode: v })}
        />
      ) : null}
    </>
  );
}

function CaseList({ list }: { list: ListParams }) {
  const { t, enumLabel } = useI18n();
  const f = list.filters;
  const state = oneOf(STATES, f.state) ?? 'open';
  const step = oneOf(OPEN_STEPS, f.step);
  const query: CaseFilters = {
    q: f.q,
    state,
    step,
    overdue: oneOf(['true', 'false'], f.overdue),
    source: oneOf(CASE_SOURCES, f.source),
    mine: f.mine === 'true' ? 'true' : undefined,
    ...areaAndPage(list),
  };
  const cases = useCases(query);
  const base = useBaseColumns();

  const columns: Column<CaseSummary>[] = [
    base.name,
    base.id,
    base.area,
    base.school,
    { key: 'source', title: t('cases.source'), render: (c) => enumLabel(CASE_SOURCE_LABELS, c.source) },
    { key: 'step', title: t('cases.step'), render: (c) => <StepTag step={c.step} />, hideOnCard: true },
    { key: 'due', title: t('cases.dueOn'), render: (c) => <DueCell c={c} /> },
    { key: 'opened', title: t('cases.openedOn'), render: (c) => c.openedOn },
  ];
  const filters = [query.step, query.overdue, query.source, query.townCode, query.schoolCode, query.mine];
  const active = [...filters, f.state].filter(Boolean).length;
  // The state alone (open by default) says which cases there are none of; any other filter narrows them.
  const narrowed = [f.q, ...filters].some(Boolean);

  return (
    <>
      <FilterBar activeCount={active} extra={<ExportButton path={CASE_PATHS.list} params={query} />}>
        <Input.Search
          key={`q-${f.q ?? ''}`}
          defaultValue={f.q}
          allowClear
          placeholder={t('cases.searchPlaceholder')}
          onSearch={(v) => list.update({ q: v.trim() })}
          style={{ width: 200 }}
          data-testid="case-search"
        />
        <StateSelect
          value={state}
          onChange={(v) => list.update({ state: v === 'open' ? undefined : v, step: undefined })}
          testId="case-state-filter"
        />
        {state !== 'closed' ? (
          <Select
            allowClear
            placeholder={t('cases.anyStep')}
            value={step}
            onChange={(v: OpenCaseStep | undefined) => list.update({ step: v })}
            options={OPEN_STEPS.map((s) => ({ value: s, label: enumLabel(CASE_STEP_LABELS, s) }))}
            style={{ width: 130 }}
            data-testid="case-step-filter"
          />
        ) : null}
        <Select
          allowClear
          placeholder={t('cases.anyOverdue')}
          value={query.overdue}
          onChange={(v: 'true' | 'false' | undefined) => list.update({ overdue: v })}
          options={[
            { value: 'true', label: t('cases.overdueOnly') },
            { value: 'false', label: t('cases.notOverdue') },
          ]}
          style={{ width: 130 }}
          data-testid="case-overdue-filter"
        />
        <Select
          allowClear
          placeholder={t('cases.anySource')}
          value={query.source}
          onChange={(v: CaseSource | undefined) => list.update({ source: v })}
          options={CASE_SOURCES.map((s) => ({ value: s, label: enumLabel(CASE_SOURCE_LABELS, s) }))}
          style={{ width: 140 }}
          data-testid="case-source-filter"
        />
        <AreaFilters list={list} />
        <Checkbox
          checked={query.mine === 'true'}
          onChange={(e) => list.update({ mine: e.target.checked ? 'true' : undefined })}
          style={{ alignSelf: 'center' }}
          data-testid="case-mine-filter"
        >
          {t('cases.mine')}
        </Checkbox>
      </FilterBar>
      <CaseTable
        testId="cases-table"
        list={list}
        rows={cases}
        columns={columns}
        empty={t(narrowed ? 'cases.none.filtered' : `cases.none.${state}`)}
      />
    </>
  );
}

function DropoutLedger({ list }: { list: ListParams }) {
  const { t, enumLabel } = useI18n();
  const reasonLabel = useReasonLabel();
  const f = list.filters;
  const state = oneOf(STATES, f.ledgerState) ?? 'all';
  const query: DropoutFilters = { state, ...areaAndPage(list) };
  const rows = useDropouts(query);
  const base = useBaseColumns();
  const columns: Column<CaseSummary>[] = [
    base.name,
    {
      key: 'gender',
      title: t('cases.gender'),
      render: (c) => (c.gender ? enumLabel(GENDER_LABELS, c.gender) : '—'),
    },
    { key: 'birth', title: t('cases.birthDate'), render: (c) => c.birthDate ?? '—' },
    base.id,
    base.area,
    base.school,
    { key: 'reason', title: t('cases.reason'), render: (c) => reasonLabel(c.reasonCode) || '—' },
    { key: 'step', title: t('cases.step'), render: (c) => <StepTag step={c.step} />, hideOnCard: true },
    { key: 'opened', title: t('cases.openedOn'), render: (c) => c.openedOn },
    {
      key: 'ending',
      title: t('cases.ending'),
      render: (c) => (c.ending ? `${enumLabel(CASE_ENDING_LABELS, c.ending)} ${c.closedOn ?? ''}` : ''),
    },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">{t('cases.dropoutsHint')}</Typography.Paragraph>
      <FilterBar
        activeCount={[f.schoolCode, f.ledgerState].filter(Boolean).length}
        extra={<ExportButton path={CASE_PATHS.dropouts} params={query} />}
      >
        <StateSelect
          value={state}
          onChange={(v) => list.update({ ledgerState: v === 'all' ? undefined : v })}
          testId="dropouts-state-filter"
        />
        <AreaFilters list={list} />
      </FilterBar>
      <CaseTable
        testId="dropouts-table"
        list={list}
        rows={rows}
        columns={columns}
        empty={t('cases.none.dropouts')}
      />
    </>
  );
}

function ClearingHistory({ list }: { list: ListParams }) {
  const { t, enumLabel } = useI18n();
  const f = list.filters;
  const query: ClearingFilters = { from: f.from, to: f.to, ...areaAndPage(list) };
  const rows = useClearing(query);
  const base = useBaseColumns();
  const columns: Column<CaseSummary>[] = [
    base.name,
    base.id,
    base.area,
    base.school,
    {
      key: 'ending',
      title: t('cases.ending'),
      render: (c) => (c.ending ? enumLabel(CASE_ENDING_LABELS, c.ending) : '—'),
    },
    { key: 'closed', title: t('cases.closedOn'), render: (c) => c.closedOn ?? '—' },
    { key: 'opened', title: t('cases.openedOn'), render: (c) => c.openedOn },
    { key: 'source', title: t('cases.source'), render: (c) => enumLabel(CASE_SOURCE_LABELS, c.source) },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">{t('cases.clearingHint')}</Typography.Paragraph>
      <FilterBar
        activeCount={[f.schoolCode, f.from, f.to].filter(Boolean).length}
        extra={<ExportButton path={CASE_PATHS.clearing} params={query} />}
      >
        <AreaFilters list={list} />
        <DateRangeFilter from={f.from} to={f.to} onChange={(from, to) => list.update({ from, to })} />
      </FilterBar>
      <CaseTable
        testId="clearing-table"
        list={list}
        rows={rows}
        columns={columns}
        empty={t('cases.none.clearing')}
        cardTitle={(c) => (
          <Flex gap={8} align="center" wrap>
            <Link to={`/cases/${c.id}`}>{c.name}</Link>
            <Typography.Text type="secondary">{c.closedOn}</Typography.Text>
          </Flex>
        )}
      />
    </>
  );
}
