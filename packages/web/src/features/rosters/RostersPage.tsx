import { useState } from 'react';
import { Alert, Button, Flex, Input, Select, Space, Tabs, Tag } from 'antd';
import { HistoryOutlined, UserAddOutlined } from '@ant-design/icons';
import {
  CHILD_STATUS_LABELS,
  CHILD_STATUSES,
  DISABILITY_CATEGORY_LABELS,
  ENROLLMENT_STATUS_LABELS,
  GENDER_LABELS,
  ROSTER_KINDS,
  ROSTER_LABELS,
  VERIFICATION_METHOD_LABELS,
  type Me,
  type RosterKind,
  type RosterListKind,
  type RosterRow,
  type StatisticsRow,
} from '@baoxue/shared';
import { can, useMe } from '../../api/session';
import { useI18n, type MessageKey } from '../../i18n';
import { PageTitle } from '../../components/PageTitle';
import { DownloadButton } from '../../components/DownloadButton';
import { QueryError } from '../../components/QueryError';
import { DataTable, type Column } from '../../components/DataTable';
import { guardianContact } from '../../components/Tel';
import { FilterBar } from '../../components/FilterBar';
import { useIsMobile } from '../../components/useIsMobile';
import { useListParams } from '../../components/useListParams';
import { SchoolSelect } from '../cases/filters';
import { AgeTitle, ChildStatusTag, SchoolYearSelect, TownSelect, useCurrentSchoolYear } from '../reconciliation/parts';
import { useRoster, useStatistics, workbookUrl, type Area } from './rosters.api';
import { ChildDrawer } from './ChildDrawer';
import { NewChildForm } from './NewChildForm';
import { RemovalsDrawer } from './RemovalsDrawer';

// `removals=1` opens 注销记录: the link of a town official's inbox item about a removal.
const FILTER_KEYS = ['tab', 'townCode', 'schoolCode', 'schoolYear', 'q', 'removals'] as const;

/** The area a user's own scope fixes; county users and inspectors choose a town or school. */
function fixedArea(me: Me): Area | null {
  if (me.scopeKind === 'town') return { townCode: me.scopeCode };
  if (me.scopeKind === 'village') return { villageCode: me.scopeCode };
  if (me.scopeKind === 'school') return { schoolCode: me.scopeCode };
  return null;
}

export default function RostersPage() {
  const { t, enumLabel } = useI18n();
  const me = useMe();
  const isMobile = useIsMobile();
  const list = useListParams(FILTER_KEYS);
  const current = useCurrentSchoolYear();
  const schoolYear = Number(list.filters.schoolYear) || current;
  const fixed = fixedArea(me);
  const area: Area = fixed ?? { townCode: list.filters.townCode, schoolCode: list.filters.schoolCode };
  // An inspector's zone is not a roster area: they pick one of its towns or schools first.
  const needsArea = me.scopeKind === 'zone' && !area.townCode && !area.schoolCode;
  const tab: RosterKind = (ROSTER_KINDS as readonly string[]).includes(list.filters.tab ?? '') ? (list.filters.tab as RosterKind) : 'statistics';
  const workbookQuery = { ...area, schoolYear };
  const [adding, setAdding] = useState(false);
  const [showRemovals, setShowRemovals] = useState(list.filters.removals === '1');
  const closeRemovals = () => {
    setShowRemovals(false);
    if (list.filters.removals) list.update({ removals: undefined });
  };
  // 摸排 adds to the current year's roster only (as household facts are kept).
  const canAdd = can(me, 'population.edit') && current !== undefined;

  return (
    <>
      <PageTitle
        title={t('rosters.title')}
        extra={
          <Space wrap>
            {canAdd ? (
              <Button icon={<UserAddOutlined />} onClick={() => setAdding(true)} data-testid="child-add">
                {t('child.add')}
              </Button>
            ) : null}
            <Button icon={<HistoryOutlined />} onClick={() => setShowRemovals(true)} disabled={needsArea || schoolYear === undefined} data-testid="removals-open">
              {t('removals.open')}
            </Button>
            <DownloadButton
              type="primary"
              url={workbookUrl(workbookQuery)}
              fullIdUrl={workbookUrl({ ...workbookQuery, fullId: 'true' })}
              disabled={needsArea || schoolYear === undefined}
              testId="rosters-workbook"
            >
              {t('rosters.workbook')}
            </DownloadButton>
          </Space>
        }
      />
      {adding ? (
        <NewChildForm
          onClose={() => setAdding(false)}
          onAdded={(child) => {
            setAdding(false);
            // The roster of the year, found by name: the child just added is in it.
            list.update({ tab: 'population', schoolYear: String(child.schoolYear), q: child.name });
          }}
        />
      ) : null}
      {showRemovals && schoolYear !== undefined ? <RemovalsDrawer area={area} schoolYear={schoolYear} onClose={closeRemovals} /> : null}
      <FilterBar activeCount={0}>
        <SchoolYearSelect value={schoolYear} onChange={(v) => list.update({ schoolYear: v })} testId="rosters-school-year" />
        {fixed ? null : (
          <TownSelect value={area.townCode} onChange={(v) => list.update({ townCode: v, schoolCode: undefined })} testId="rosters-town" />
        )}
        {fixed ? null : <SchoolSelect value={area.schoolCode} onChange={(v) => list.update({ schoolCode: v, townCode: undefined })} testId="rosters-school" />}
      </FilterBar>
      {/* The choice is offered right here: on a phone the filters are folded away behind 筛选. */}
      {needsArea ? (
        <Alert
          type="info"
          showIcon
          title={t('rosters.pickArea')}
          description={
            <Flex wrap gap={8} style={{ marginTop: 8 }}>
              <TownSelect value={undefined} onChange={(v) => list.update({ townCode: v, schoolCode: undefined })} testId="rosters-pick-town" block />
              <SchoolSelect value={undefined} onChange={(v) => list.update({ schoolCode: v, townCode: undefined })} testId="rosters-pick-school" block />
            </Flex>
          }
          style={{ marginBottom: 16 }}
          data-testid="rosters-pick-area"
        />
      ) : null}
      {needsArea ? null : <Tabs
        activeKey={tab}
        onChange={(k) => list.update({ tab: k, q: undefined })}
        destroyOnHidden
        // Seven names do not fit a phone's width: two showed, five hid behind "···". A phone
        // picks the roster from a list of all seven instead.
        renderTabBar={
          isMobile
            ? () => (
                <Select<RosterKind>
                  value={tab}
                  onChange={(k) => list.update({ tab: k, q: undefined })}
                  options={ROSTER_KINDS.map((k) => ({ value: k, label: enumLabel(ROSTER_LABELS, k) }))}
                  style={{ width: '100%', marginBottom: 12 }}
                  data-testid="roster-pick"
                />
              )
            : undefined
        }
        items={ROSTER_KINDS.map((k) => ({
          key: k,
          // The tab's name may be short (English); the roster's full name is its tooltip.
          label: (
            <span data-testid={`roster-tab-${k}`} title={enumLabel(ROSTER_LABELS, k)}>
              {t(`rosters.tab.${k}` as MessageKey)}
            </span>
          ),
          children:
            schoolYear === undefined ? null : k === 'statistics' ? (
              <StatisticsTable area={area} schoolYear={schoolYear} />
            ) : (
              <RosterList kind={k} area={area} schoolYear={schoolYear} list={list} />
            ),
        }))}
      />}
    </>
  );
}

const COUNT_COLUMNS: { key: keyof Omit<StatisticsRow, 'code' | 'name' | 'statuses'>; label: MessageKey }[] = [
  { key: 'population', label: 'rosters.population' },
  { key: 'ages0to5', label: 'rosters.ages0to5' },
  { key: 'ages6to11', label: 'rosters.ages6to11' },
  { key: 'ages12to14', label: 'rosters.ages12to14' },
  { key: 'ages15to17', label: 'rosters.ages15to17' },
  { key: 'compulsory', label: 'rosters.compulsory' },
  { key: 'primaryStudents', label: 'rosters.primaryStudents' },
  { key: 'juniorStudents', label: 'rosters.juniorStudents' },
  { key: 'povertyRegistered', label: 'rosters.poverty' },
  { key: 'leftBehind', label: 'rosters.leftBehind' },
  { key: 'disabled', label: 'rosters.disabled' },
  { key: 'outOfCounty', label: 'rosters.outOfCounty' },
];

/**
 * A village's card on a phone: its children, those of compulsory age and the ones to act on;
 * the other eighteen figures fold under 详情 (fifty villages of twenty rows each were a scroll
 * of 28,000 px).
 */
const ON_CARD: ReadonlySet<string> = new Set(['population', 'compulsory', 'needs_review', 'suspected_out_of_school']);

function StatisticsTable({ area, schoolYear }: { area: Area; schoolYear: number }) {
  const { t, enumLabel } = useI18n();
  const stats = useStatistics({ ...area, schoolYear }, true);
  const data = stats.data;
  const columns: Column<StatisticsRow>[] = [
    { key: 'name', title: t('common.name'), render: (r) => (r.code === '__total' ? <b>{r.name}</b> : r.name), hideOnCard: true },
    ...COUNT_COLUMNS.map((c) => ({
      key: c.key,
      title: t(c.label),
      align: 'right' as const,
      render: (r: StatisticsRow) => r[c.key].toLocaleString(),
      cardDetail: !ON_CARD.has(c.key),
    })),
    ...CHILD_STATUSES.map((s) => ({
      key: s,
      title: enumLabel(CHILD_STATUS_LABELS, s),
      align: 'right' as const,
      cardDetail: !ON_CARD.has(s),
      render: (r: StatisticsRow) => (s === 'suspected_out_of_school' && r.statuses[s] > 0 ? <Tag color="red">{r.statuses[s]}</Tag> : r.statuses[s].toLocaleString()),
    })),
  ];
  const totalRow = data ? { ...data.total, code: '__total', name: t('rosters.total') } : undefined;
  return (
    <>
      {stats.isError ? <QueryError error={stats.error} onRetry={() => void stats.refetch()} /> : null}
      {data && data.runId === null ? <Alert type="info" showIcon title={t('rosters.noRun')} style={{ marginBottom: 12 }} /> : null}
      <DataTable<StatisticsRow>
        testId="statistics-table"
        size="small"
        columns={columns}
        rows={data?.rows}
        summaryRow={totalRow}
        rowKey={(r) => r.code}
        loading={stats.isFetching}
        localPageSize={50}
        cardTitle={(r) => r.name}
      />
    </>
  );
}

type RosterListParams = ReturnType<typeof useListParams<(typeof FILTER_KEYS)[number]>>;

function RosterList({ kind, area, schoolYear, list }: { kind: RosterListKind; area: Area; schoolYear: number; list: RosterListParams }) {
  const { t, enumLabel, gradeLabel } = useI18n();
  const isMobile = useIsMobile();
  const q = list.filters.q;
  const roster = useRoster(kind, { ...area, schoolYear, q, page: list.page, pageSize: list.pageSize }, true);
  const [openId, setOpenId] = useState<number | null>(null);

  const columns: Column<RosterRow>[] = [
    { key: 'name', title: t('monitoring.name'), render: (r) => <a>{r.name}</a>, hideOnCard: true },
    { key: 'gender', title: t('monitoring.gender'), render: (r) => enumLabel(GENDER_LABELS, r.gender) },
    { key: 'id', title: t('monitoring.idNumber'), render: (r) => <span style={{ fontFamily: 'monospace' }}>{r.idNumberMasked}</span> },
    { key: 'birth', title: t('monitoring.birthDate'), render: (r) => r.birthDate },
    { key: 'age', title: <AgeTitle />, align: 'right', render: (r) => r.age },
    { key: 'village', title: t('monitoring.village'), render: (r) => r.villageName ?? '—' },
    { key: 'household', title: t('monitoring.household'), render: (r) => r.householdNo ?? '' },
    { key: 'guardian', title: t('monitoring.guardian'), render: (r) => guardianContact(r.guardianName, r.guardianPhone, r.guardianRelation) },
  ];
  if (kind !== 'out_of_county') {
    columns.push(
      { key: 'school', title: t('monitoring.school'), render: (r) => r.schoolName ?? '' },
      { key: 'grade', title: t('monitoring.grade'), render: (r) => (r.grade === null ? '' : gradeLabel(r.grade)) },
      { key: 'enrollment', title: t('students.status'), render: (r) => (r.enrollmentStatus ? enumLabel(ENROLLMENT_STATUS_LABELS, r.enrollmentStatus) : '') },
    );
  }
  if (kind === 'disabled' || kind === 'population') {
    columns.push({
      key: 'disability',
      title: t('rosters.disability'),
      render: (r) =>
        r.disabilityCategory
          ? `${enumLabel(DISABILITY_CATEGORY_LABELS, r.disabilityCategory)}${r.disabilityLevel ? ` ${t('rosters.disabilityLevel', { n: r.disabilityLevel })}` : ''}`
          : '',
    });
  }
  if (kind === 'out_of_county') {
    columns.push(
      { key: 'oocSchool', title: t('rosters.outOfCountySchool'), render: (r) => r.outOfCountySchool ?? '' },
      { key: 'oocRegion', title: t('rosters.outOfCountyRegion'), render: (r) => r.outOfCountyRegion ?? '' },
      { key: 'oocGrade', title: t('monitoring.grade'), render: (r) => (r.outOfCountyGrade === null ? '' : gradeLabel(r.outOfCountyGrade)) },
      { key: 'verification', title: t('rosters.verification'), render: (r) => (r.verification ? enumLabel(VERIFICATION_METHOD_LABELS, r.verification) : '') },
      { key: 'verifiedOn', title: t('rosters.verifiedOn'), render: (r) => r.verifiedOn ?? '' },
    );
  }
  columns.push({ key: 'status', title: t('monitoring.status'), render: (r) => (r.status ? <ChildStatusTag status={r.status} /> : ''), hideOnCard: true });
  columns.push({
    key: 'tags',
    title: t('monitoring.flags'),
    render: (r) =>
      r.povertyRegistered || r.leftBehind || r.byHand ? (
        <>
          {r.povertyRegistered ? <Tag color="volcano">{t('rosters.poverty')}</Tag> : null}
          {r.leftBehind ? <Tag color="purple">{t('rosters.leftBehind')}</Tag> : null}
          {r.byHand ? <Tag color="green">{t('rosters.byHand')}</Tag> : null}
        </>
      ) : null,
  });

  return (
    <>
      <Flex style={{ marginBottom: 12 }}>
        <Input.Search
          key={`q-${q ?? ''}`}
          defaultValue={q}
          allowClear
          placeholder={t('monitoring.searchPlaceholder')}
          onSearch={(v) => list.update({ q: v.trim() })}
          style={{ width: isMobile ? '100%' : 260 }}
          data-testid="roster-search"
        />
      </Flex>
      {roster.isError ? <QueryError error={roster.error} onRetry={() => void roster.refetch()} /> : null}
      <DataTable<RosterRow>
        testId={`roster-${kind}`}
        size="small"
        columns={columns}
        rows={roster.data?.items}
        rowKey={(r) => r.id}
        loading={roster.isFetching}
        onRowClick={(r) => setOpenId(r.id)}
        cardTitle={(r) => (
          <Flex gap={8} align="center" wrap>
            {r.name} {r.status ? <ChildStatusTag status={r.status} /> : null}
          </Flex>
        )}
        paging={list.pagingFor(roster.data)}
      />
      {openId !== null ? <ChildDrawer id={openId} onClose={() => setOpenId(null)} /> : null}
    </>
  );
}
