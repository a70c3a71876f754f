import { Link } from 'react-router';
import { Card, Empty, Skeleton, Tag, Typography } from 'antd';
import { CASE_STEP_LABELS, type CaseFigures } from '@baoxue/shared';
import { useMe } from '../../api/session';
import { toSearch, type QueryParams } from '../../api/client';
import { useI18n } from '../../i18n';
import { DataTable, type Column } from '../../components/DataTable';
import { QueryError } from '../../components/QueryError';
import { useCaseOverview } from '../cases/cases.api';
import { OPEN_STEPS } from '../cases/parts';
import { seesManyTowns } from '../cases/filters';

interface Row extends CaseFigures {
  code: string;
  name: string;
  total?: boolean;
}

type Area = 'townCode' | 'schoolCode';

/**
 * 一人一案 at a glance: open cases by step, overdue, escalated, returned, the return rate and
 * what the observation check-ins found, per town for county users and per school below.
 * Every count opens the case list with the same filter.
 */
export function CaseOverviewCard() {
  const { t, enumLabel } = useI18n();
  const me = useMe();
  const overview = useCaseOverview();
  const data = overview.data;
  const area: Area = seesManyTowns(me) ? 'townCode' : 'schoolCode';
  const areaRows = data ? (area === 'townCode' ? data.towns : data.schools) : undefined;

  const link = (row: Row, n: number, filters: QueryParams, alarm?: boolean) => {
    if (n === 0) return <Typography.Text type="secondary">0</Typography.Text>;
    const to = `/cases${toSearch({ [area]: row.total ? undefined : row.code, ...filters })}`;
    return (
      <Link
        to={to}
        data-testid={`case-overview-${row.total ? 'total' : row.code}-${Object.values(filters).join('-') || 'open'}`}
      >
        {alarm ? (
          <Tag color="red" style={{ marginInlineEnd: 0 }}>
            {n}
          </Tag>
        ) : (
          n
        )}
      </Link>
    );
  };

  const columns: Column<Row>[] = [
    {
      key: 'name',
      title: area === 'townCode' ? t('overview.town') : t('overview.school'),
      render: (r) =>
        r.total ? <b>{r.name}</b> : <Link to={`/cases${toSearch({ [area]: r.code })}`}>{r.name}</Link>,
      hideOnCard: true,
    },
    { key: 'open', title: t('cases.ov.open'), align: 'right', render: (r) => link(r, r.open, {}) },
    ...OPEN_STEPS.map((s) => ({
      key: s,
      title: enumLabel(CASE_STEP_LABELS, s),
      align: 'right' as const,
      render: (r: Row) => link(r, r.byStep[s], { step: s }),
    })),
    {
      key: 'overdue',
      title: t('cases.overdue'),
      align: 'right',
      render: (r) => link(r, r.overdue, { overdue: 'true' }, true),
    },
    { key: 'escalated', title: t('cases.ov.escalated'), align: 'right', render: (r) => r.escalated },
    {
      key: 'returned',
      title: t('cases.ov.returned'),
      align: 'right',
      render: (r) => `${r.returned} / ${r.confirmed}`,
    },
    {
      key: 'rate',
      title: t('cases.ov.returnRate'),
      align: 'right',
      render: (r) => (r.returnRate === null ? '—' : `${(r.returnRate * 100).toFixed(1)}%`),
    },
    {
      key: 'checkIns',
      title: t('cases.ov.checkIns'),
      align: 'right',
      render: (r) => (
        <span title={t('cases.ov.checkInsHint')}>
          <Typography.Text type="success">{r.checkInsInSchool}</Typography.Text> /{' '}
          <Typography.Text type={r.checkInsOut > 0 ? 'danger' : 'secondary'}>{r.checkInsOut}</Typography.Text>
        </span>
      ),
    },
    {
      key: 'closed',
      title: t('cases.ov.closed'),
      align: 'right',
      render: (r) =>
        r.closed > 0 ? (
          <Link to={`/cases${toSearch({ [area]: r.total ? undefined : r.code, state: 'closed' })}`}>
            {r.closed}
          </Link>
        ) : (
          0
        ),
    },
  ];

  // The total also counts cases with no school or town yet (a described child).
  const totalRow: Row | undefined =
    data && areaRows &&
    (areaRows.length !== 1 || areaRows[0]?.open !== data.total.open || areaRows[0]?.closed !== data.total.closed)
      ? { ...data.total, code: 'total', name: t('cases.ov.total'), total: true }
      : undefined;

  return (
    <Card
      size="small"
      title={t('cases.ov.title')}
      extra={<Link to="/cases">{t('cases.ov.all')}</Link>}
      style={{ marginTop: 16 }}
      data-testid="overview-cases"
    >
      {overview.isError ? (
        <QueryError error={overview.error} onRetry={() => void overview.refetch()} />
      ) : null}
      {overview.isPending ? <Skeleton active /> : null}
      {data && data.total.open + data.total.closed === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.ov.none')} />
      ) : areaRows ? (
        <DataTable<Row>
          testId="overview-cases-table"
          size="small"
          columns={columns}
          rows={areaRows}
          summaryRow={totalRow}
          rowKey={(r) => r.code}
          localPageSize={areaRows.length > 20 ? 20 : undefined}
          cardTitle={(r) =>
            r.total ? <b>{r.name}</b> : <Link to={`/cases${toSearch({ [area]: r.code })}`}>{r.name}</Link>
          }
        />
      ) : null}
    </Card>
  );
}
