import { Alert, Flex, Input, Select, Tag, Typography } from 'antd';
import {
  CHILD_FLAG_LABELS,
  CHILD_FLAGS,
  CHILD_STATUS_LABELS,
  CHILD_STATUSES,
  GENDER_LABELS,
  type ChildFlag,
  type RunChild,
} from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { QueryError } from '../../components/QueryError';
import { DataTable, type Column } from '../../components/DataTable';
import { guardianContact } from '../../components/Tel';
import { ExportButton } from '../../components/ExportButton';
import { FilterBar } from '../../components/FilterBar';
import { RECON_PATHS, useFinishedRuns, useRun, useRunChildren, type ChildFilters } from './reconciliation.api';
import { AgeTitle, ChildFlagTags, ChildStatusTag, isChildStatus, positiveInt, RunSelect, StatusSelect, STATUS_COLOR, TownSelect, VillageSelect } from './parts';
import type { ReconList } from './ReconciliationPage';
import { useChildPage } from '../rosters/ChildDrawer';
import { useMe } from '../../api/session';
import { seesManyTowns } from '../cases/filters';

function isFlag(v: string | undefined): v is ChildFlag {
  return v !== undefined && (CHILD_FLAGS as readonly string[]).includes(v);
}

/** The children of one run (the newest by default), filtered by status, area and name. */
export function ChildrenTab({ list }: { list: ReconList }) {
  const { t, enumLabel } = useI18n();
  const me = useMe();
  const finished = useFinishedRuns();
  const runId = positiveInt(list.filters.runId) ?? finished.data?.[0]?.id;
  const run = useRun(runId);
  const { status, flag, townCode, villageCode, q } = list.filters;
  const query: ChildFilters = {
    status: isChildStatus(status) ? status : undefined,
    flag: isFlag(flag) ? flag : undefined,
    townCode,
    villageCode,
    q,
    page: list.page,
    pageSize: list.pageSize,
  };
  const children = useRunChildren(runId, query);
  const summary = run.data?.scopedSummary;
  const childPage = useChildPage();

  const columns: Column<RunChild>[] = [
    { key: 'name', title: t('monitoring.name'), render: childPage.name, hideOnCard: true },
    { key: 'gender', title: t('monitoring.gender'), render: (c) => (c.gender ? enumLabel(GENDER_LABELS, c.gender) : '—') },
    { key: 'age', title: <AgeTitle />, align: 'right', render: (c) => c.age },
    { key: 'id', title: t('monitoring.idNumber'), render: (c) => <span style={{ fontFamily: 'monospace' }}>{c.idNumberMasked ?? '—'}</span> },
    { key: 'status', title: t('monitoring.status'), render: (c) => <ChildStatusTag status={c.status} />, hideOnCard: true },
    { key: 'town', title: t('monitoring.town'), render: (c) => c.townName ?? '—' },
    { key: 'village', title: t('monitoring.village'), render: (c) => c.villageName ?? '—' },
    { key: 'school', title: t('monitoring.school'), render: (c) => c.schoolName ?? '—' },
    { key: 'responsible', title: t('recon.responsibleSchool'), render: (c) => c.responsibleSchoolName ?? '—' },
    {
      key: 'flags',
      title: t('monitoring.flags'),
      render: (c) =>
        c.flags.length > 0 || c.candidateCount > 0 ? (
          <>
            <ChildFlagTags flags={c.flags} />
            {c.candidateCount > 0 ? <Tag color="gold">{t('recon.candidates', { n: c.candidateCount })}</Tag> : null}
          </>
        ) : null,
    },
    { key: 'guardian', title: t('monitoring.guardian'), render: (c) => guardianContact(c.guardianName, c.guardianPhone) },
  ];

  if (finished.isSuccess && runId === undefined) return <Alert type="info" showIcon title={t('monitoring.noRun')} />;

  return (
    <>
      <FilterBar
        activeCount={[status, flag, townCode, villageCode, list.filters.runId].filter(Boolean).length}
        extra={runId !== undefined ? <ExportButton path={RECON_PATHS.children(runId)} params={query} fullIds /> : null}
      >
        <Input.Search
          key={`q-${q ?? ''}`}
          defaultValue={q}
          allowClear
          placeholder={t('monitoring.searchPlaceholder')}
          onSearch={(v) => list.update({ q: v.trim() })}
          style={{ width: 220 }}
          data-testid="children-search"
        />
        <RunSelect runs={finished.data} value={runId} onChange={(v) => list.update({ runId: v })} />
        <StatusSelect value={query.status} onChange={(v) => list.update({ status: v })} />
        {seesManyTowns(me) ? <TownSelect value={townCode} onChange={(v) => list.update({ townCode: v, villageCode: undefined })} /> : null}
        <VillageSelect townCode={townCode} value={villageCode} onChange={(v) => list.update({ villageCode: v })} />
        <Select
          allowClear
          placeholder={t('recon.anyFlag')}
          value={query.flag}
          onChange={(v: ChildFlag | undefined) => list.update({ flag: v })}
          options={CHILD_FLAGS.map((f) => ({ value: f, label: enumLabel(CHILD_FLAG_LABELS, f) }))}
          style={{ width: 150 }}
          popupMatchSelectWidth={false}
          data-testid="flag-filter"
        />
      </FilterBar>
      {summary ? (
        <Flex wrap gap={6} align="center" style={{ marginBottom: 12 }} data-testid="scoped-summary">
          <Typography.Text type="secondary">{t('recon.scopedSummary')}:</Typography.Text>
          {CHILD_STATUSES.map((s) => (
            <Tag.CheckableTag
              key={s}
              checked={query.status === s}
              onChange={(on) => list.update({ status: on ? s : undefined })}
              style={{ border: '1px solid var(--ant-color-border, #d9d9d9)' }}
            >
              <span style={{ color: query.status === s ? undefined : STATUS_COLOR[s] === 'red' ? '#cf1322' : undefined }}>
                {enumLabel(CHILD_STATUS_LABELS, s)} {summary[s].toLocaleString()}
              </span>
            </Tag.CheckableTag>
          ))}
        </Flex>
      ) : null}
      {children.isError ? <QueryError error={children.error} onRetry={() => void children.refetch()} /> : null}
      <DataTable<RunChild>
        testId="children-table"
        columns={columns}
        rows={children.data?.items}
        rowKey={(c) => c.id}
        {...childPage.rowProps}
        loading={children.isFetching || finished.isPending}
        cardTitle={(c) => (
          <Flex gap={8} align="center" wrap>
            {c.name} <ChildStatusTag status={c.status} />
          </Flex>
        )}
        paging={list.pagingFor(children.data)}
      />
      {childPage.drawer}
    </>
  );
}
