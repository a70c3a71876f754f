import { Link } from 'react-router';
import { Card, Empty, Skeleton, Tag, Typography } from 'antd';
import { CHILD_STATUS_LABELS, CHILD_STATUSES, type ChildStatus, type StatusCounts } from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { DataTable, type Column } from '../../components/DataTable';
import { QueryError } from '../../components/QueryError';
import { toSearch } from '../../api/client';
import { useOverviewReconciliation } from '../reconciliation/reconciliation.api';
import { formatTime, STATUS_COLOR } from '../reconciliation/parts';
import { useIsMobile } from '../../components/useIsMobile';
import { useMe } from '../../api/session';

interface TownRow {
  code: string;
  name: string;
  statuses: StatusCounts;
  total?: boolean;
  /** Children of other towns at the user's schools: no list of theirs to open by town. */
  outside?: boolean;
}

const ALARM: ReadonlySet<ChildStatus> = new Set(['needs_review', 'suspected_out_of_school']);

/** Per town, the latest run's children by status; every count opens the matching list. */
export function ReconStatusCard() {
  const { t, enumLabel } = useI18n();
  const isMobile = useIsMobile();
  const recon = useOverviewReconciliation();
  const data = recon.data;
  // A village official's one row holds the village's children, grouped under its town by the
  // server: the card and the row name the village.
  const me = useMe();
  const ofVillage = me.scopeKind === 'village';

  // The two rows that are not towns are named here, in the user's language.
  const townName = (row: TownRow) =>
    row.outside
      ? t('overview.reconOutside')
      : row.code === ''
        ? t('overview.reconNoTown')
        : ofVillage && !row.total
          ? me.scopeName
          : row.name;
  const link = (row: TownRow, status: ChildStatus | undefined, n: number) => {
    const to = `/reconciliation${toSearch({ tab: 'children', runId: data?.runId, townCode: row.total ? undefined : row.code, status })}`;
    const text = n.toLocaleString();
    if (n === 0) return <Typography.Text type="secondary">0</Typography.Text>;
    if (row.outside) return status && ALARM.has(status) ? <Tag color={STATUS_COLOR[status]} style={{ marginInlineEnd: 0 }}>{text}</Tag> : text;
    return (
      <Link to={to} data-testid={`recon-${row.total ? 'total' : row.code}-${status ?? 'all'}`}>
        {status && ALARM.has(status) ? <Tag color={STATUS_COLOR[status]} style={{ marginInlineEnd: 0 }}>{text}</Tag> : text}
      </Link>
    );
  };

  const columns: Column<TownRow>[] = [
    { key: 'name', title: t(ofVillage ? 'overview.villages' : 'overview.town'), render: (r) => (r.total ? <b>{r.name}</b> : townName(r)), hideOnCard: true },
    ...CHILD_STATUSES.map((s) => ({
      key: s,
      title: enumLabel(CHILD_STATUS_LABELS, s),
      align: 'right' as const,
      render: (r: TownRow) => link(r, s, r.statuses[s]),
    })),
    {
      key: 'all',
      title: t('overview.reconTotal'),
      align: 'right',
      render: (r) => link(r, undefined, CHILD_STATUSES.reduce((sum, s) => sum + r.statuses[s], 0)),
    },
  ];

  // One town's total would repeat its row.
  const totalRow: TownRow | undefined =
    data && data.byTown.length > 1 ? { code: 'total', name: t('overview.reconTotal'), statuses: data.totals, total: true } : undefined;

  const run = data ? <Typography.Text type="secondary">{t('overview.reconSubtitle', { id: data.runId, time: formatTime(data.finishedAt) })}</Typography.Text> : null;
  return (
    <Card
      size="small"
      title={t(ofVillage ? 'overview.reconTitleVillage' : 'overview.reconTitle')}
      // Beside the title on a phone, the run's name cut the title to "各镇(街道)适龄儿童…": it goes below.
      extra={isMobile ? null : run}
      style={{ marginTop: 16 }}
      data-testid="overview-recon"
    >
      {isMobile && run ? <div style={{ marginBottom: 8 }}>{run}</div> : null}
      {recon.isError ? <QueryError error={recon.error} onRetry={() => void recon.refetch()} /> : null}
      {recon.isPending ? <Skeleton active /> : null}
      {recon.isSuccess && !data ? <Empty description={t('overview.reconNone')} /> : null}
      {data ? (
        <DataTable<TownRow> testId="overview-recon-table" size="small" columns={columns} rows={data.byTown} summaryRow={totalRow} rowKey={(r) => r.code} localPageSize={20} cardTitle={townName} />
      ) : null}
    </Card>
  );
}
