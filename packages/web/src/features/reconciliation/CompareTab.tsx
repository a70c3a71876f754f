import { Alert, Card, Col, Flex, Row, Skeleton } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import type { CompareItem } from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { QueryError } from '../../components/QueryError';
import { DataTable, type Column } from '../../components/DataTable';
import { useIsMobile } from '../../components/useIsMobile';
import { useCompare, useFinishedRuns } from './reconciliation.api';
import { ChildStatusTag, positiveInt, RunSelect } from './parts';
import type { ReconList } from './ReconciliationPage';

/** Two runs side by side: who is newly out of school, who is newly accounted for. */
export function CompareTab({ list }: { list: ReconList }) {
  const { t } = useI18n();
  const isMobile = useIsMobile();
  const finished = useFinishedRuns();
  const runs = finished.data ?? [];
  const to = positiveInt(list.filters.to) ?? runs[0]?.id;
  const from = positiveInt(list.filters.from) ?? runs.find((r) => r.id !== to && (to === undefined || r.id < to))?.id;
  const compare = useCompare(from, to);

  const columns: Column<CompareItem>[] = [
    { key: 'name', title: t('monitoring.name'), render: (c) => c.name, hideOnCard: true },
    { key: 'id', title: t('monitoring.idNumber'), render: (c) => <span style={{ fontFamily: 'monospace' }}>{c.idNumberMasked ?? '—'}</span> },
    { key: 'town', title: t('monitoring.town'), render: (c) => c.townName ?? '—' },
    { key: 'village', title: t('monitoring.village'), render: (c) => c.villageName ?? '—' },
    {
      key: 'change',
      title: `${t('recon.fromStatus')} → ${t('recon.toStatus')}`,
      render: (c) => (
        <Flex gap={4} align="center" wrap>
          {c.fromStatus ? <ChildStatusTag status={c.fromStatus} /> : <span>{t('recon.notInEarlier')}</span>}
          <ArrowRightOutlined />
          <ChildStatusTag status={c.toStatus} />
        </Flex>
      ),
    },
    { key: 'school', title: t('monitoring.school'), render: (c) => c.schoolName ?? '—' },
  ];

  if (finished.isPending) return <Skeleton active />;
  if (runs.length < 2) return <Alert type="info" showIcon title={t('recon.compareNeedTwo')} />;

  return (
    <>
      <Flex wrap gap={8} align="center" vertical={isMobile} className={isMobile ? 'bx-filters-stacked' : undefined} style={{ marginBottom: 16 }}>
        <RunSelect runs={runs} value={from} onChange={(v) => list.update({ from: v })} testId="compare-from" />
        {isMobile ? null : <ArrowRightOutlined />}
        <RunSelect runs={runs} value={to} onChange={(v) => list.update({ to: v })} testId="compare-to" />
      </Flex>
      {compare.isError ? <QueryError error={compare.error} onRetry={() => void compare.refetch()} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('recon.newlyOut', { n: compare.data?.newlyOutOfSchool.total ?? 0 })} data-testid="compare-out">
            <DataTable<CompareItem>
              size="small"
              columns={columns}
              rows={compare.data?.newlyOutOfSchool.items}
              rowKey={(c) => c.childId}
              loading={compare.isFetching}
              localPageSize={10}
              cardTitle={(c) => c.name}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('recon.newlyAccounted', { n: compare.data?.newlyAccountedFor.total ?? 0 })} data-testid="compare-accounted">
            <DataTable<CompareItem>
              size="small"
              columns={columns}
              rows={compare.data?.newlyAccountedFor.items}
              rowKey={(c) => c.childId}
              loading={compare.isFetching}
              localPageSize={10}
              cardTitle={(c) => c.name}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
