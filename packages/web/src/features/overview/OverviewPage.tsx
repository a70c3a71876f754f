import { lazy, Suspense, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Card, Col, Empty, Input, Row, Skeleton, Statistic } from 'antd';
import { SCHOOL_TYPE_LABELS, type Me, type Overview, type Role } from '@baoxue/shared';
import { useI18n, type MessageKey } from '../../i18n';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { DataTable, type Column } from '../../components/DataTable';
import { useOverview } from './overview.api';
import { ReconStatusCard } from './ReconStatusCard';
import { CaseOverviewCard } from './CaseOverviewCard';
import { can, useMe } from '../../api/session';
import { navItem } from '../../components/navigation';
import { useIsMobile } from '../../components/useIsMobile';
import { seesManyTowns } from '../cases/filters';

// echarts is the largest dependency; the figures and the table show while it loads.
const TownBarChart = lazy(() => import('./TownBarChart'));

type SchoolRow = Overview['bySchool'][number];
type TotalKey = keyof Overview['totals'];

const STATS: { key: TotalKey; label: MessageKey }[] = [
  { key: 'towns', label: 'overview.towns' },
  { key: 'villages', label: 'overview.villages' },
  { key: 'schools', label: 'overview.schools' },
  { key: 'classes', label: 'overview.classes' },
  { key: 'students', label: 'overview.students' },
  { key: 'teachers', label: 'overview.teachers' },
];

/**
 * The figures a user answers for. A class teacher: their classes and pupils (the school's
 * teachers and places say nothing of them). A village official: the village, the schools its
 * children attend and those children — the classes and teachers of those schools are not
 * the village's, and their towns are not the official's.
 */
function statsFor(role: Role): TotalKey[] {
  if (role === 'teacher') return ['classes', 'students'];
  if (role === 'village_official') return ['villages', 'schools', 'students'];
  return STATS.map((s) => s.key);
}

/**
 * Each figure's title says what it counts where the plain word would mislead. A village
 * official's figures are the village's children: the schools they attend (none of them the
 * village's) and those enrolled — the village's region page gives the same number. A town's,
 * a zone's, the county's 在校学生 are the pupils of the schools located there, as the town's
 * region page counts them; the children living there are on the user's list (RosterLink).
 */
function statLabel(role: Role, kind: Me['scopeKind'], key: TotalKey): MessageKey {
  const plain = STATS.find((s) => s.key === key)?.label ?? 'overview.students';
  if (role === 'village_official' && key === 'schools') return 'overview.villageSchools';
  if (role === 'village_official' && key === 'students') return 'overview.villageStudents';
  if (key === 'students' && (kind === 'county' || kind === 'zone' || kind === 'town')) return 'overview.studentsAtSchools';
  return plain;
}

export default function OverviewPage() {
  const { t } = useI18n();
  const me = useMe();
  const overview = useOverview();
  const data = overview.data;
  // A class teacher answers for classes, not for towns and villages: their figures and the towns' chart would say nothing.
  const answersForPlaces = me.role !== 'teacher';
  // A chart of one town is one bar: only for users who answer for several towns.
  const showsTowns = answersForPlaces && seesManyTowns(me);
  const shown = statsFor(me.role);
  const year = data ? t('overview.schoolYear', { year: `${data.schoolYear}–${data.schoolYear + 1}` }) : undefined;

  return (
    <>
      <PageTitle title={t('overview.title')} subtitle={year} />
      {overview.isError ? <QueryError error={overview.error} onRetry={() => void overview.refetch()} /> : null}
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {STATS.filter((s) => shown.includes(s.key)).map((s) => (
          <Col key={s.key} xs={12} sm={8} xl={4}>
            <Card size="small" data-testid={`stat-${s.key}`} style={{ height: '100%' }}>
              <Statistic title={t(statLabel(me.role, me.scopeKind, s.key))} value={data?.totals[s.key]} loading={overview.isPending} groupSeparator="," />
              {s.key === 'students' && data ? <RosterLink overview={data} /> : null}
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        {showsTowns ? (
        <Col xs={24} xl={10}>
          <Card title={t('overview.studentsByTown')} size="small">
            {data ? (
              data.byTown.length > 0 ? (
                <Suspense fallback={<Skeleton active />}>
                  <TownBarChart data={data.byTown.map((town) => ({ name: town.name, value: town.students }))} valueLabel={t('overview.students')} />
                </Suspense>
              ) : (
                <Empty description={t('overview.noData')} />
              )
            ) : (
              <Skeleton active />
            )}
          </Card>
        </Col>
        ) : null}
        <Col xs={24} xl={showsTowns ? 14 : 24}>
          <Card title={t(me.role === 'village_official' ? 'overview.bySchoolVillage' : 'overview.bySchool')} size="small">
            <SchoolTable rows={data?.bySchool} loading={overview.isPending} />
          </Card>
        </Col>
      </Row>
      {can(me, 'monitoring.view') ? <ReconStatusCard /> : null}
      <CaseOverviewCard />
    </>
  );
}

/**
 * The schools' figure is not the user's list where the scope is not made of schools: a town's
 * (a zone's) list also holds the children living there who attend schools elsewhere — the
 * difference, said beside the figure with the way to the list, so the two numbers never look
 * like an error.
 */
function RosterLink({ overview }: { overview: Overview }) {
  const { t } = useI18n();
  if (overview.rosterEnrolled === overview.totals.students) return null;
  const elsewhere = overview.rosterEnrolled - overview.totals.students;
  return (
    <Link to="/students?status=enrolled" data-testid="overview-roster-enrolled" style={{ fontSize: 12, display: 'block' }}>
      {t('overview.rosterEnrolled', { n: overview.rosterEnrolled.toLocaleString(), outside: elsewhere.toLocaleString() })}
    </Link>
  );
}

function SchoolTable({ rows, loading }: { rows: SchoolRow[] | undefined; loading: boolean }) {
  const { t, enumLabel } = useI18n();
  const [filter, setFilter] = useState('');
  const isMobile = useIsMobile();
  // A village official sees the schools the village's children attend, not the schools' pages.
  const me = useMe();
  const opensSchools = navItem('schools').visible(me);
  // …and at each, the village's pupils, not the school's.
  const studentsTitle = t(me.role === 'village_official' ? 'overview.villagePupils' : 'overview.students');
  const schoolName = (r: SchoolRow) => (opensSchools ? <Link to={`/schools/${r.code}`}>{r.name}</Link> : r.name);
  const shown = useMemo(() => {
    const q = filter.trim();
    return q ? rows?.filter((r) => r.name.includes(q) || r.townName.includes(q)) : rows;
  }, [rows, filter]);

  const columns: Column<SchoolRow>[] = [
    {
      key: 'name',
      title: t('overview.school'),
      render: schoolName,
      sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
      hideOnCard: true,
    },
    { key: 'town', title: t('overview.town'), render: (r) => r.townName, sorter: (a, b) => a.townName.localeCompare(b.townName, 'zh-CN') },
    { key: 'type', title: t('overview.type'), render: (r) => enumLabel(SCHOOL_TYPE_LABELS, r.type) },
    // Classes are counted only at the user's own schools: none for a village official.
    ...(opensSchools
      ? [{ key: 'classes', title: t('overview.classes'), align: 'right', render: (r) => r.classes, sorter: (a, b) => a.classes - b.classes } satisfies Column<SchoolRow>]
      : []),
    { key: 'students', title: studentsTitle, align: 'right', render: (r) => r.students.toLocaleString(), sorter: (a, b) => a.students - b.students },
  ];

  return (
    <>
      <Input.Search allowClear placeholder={t('overview.filterSchool')} onSearch={setFilter} onChange={(e) => setFilter(e.target.value)} style={{ marginBottom: 12, maxWidth: isMobile ? undefined : 320 }} />
      <DataTable<SchoolRow>
        testId="overview-schools"
        size="small"
        columns={columns}
        rows={shown}
        rowKey={(r) => r.code}
        loading={loading}
        localPageSize={10}
        cardTitle={schoolName}
      />
    </>
  );
}
