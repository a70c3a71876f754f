import { useState } from 'react';
import { Alert, Button, Card, Flex, Progress, Space, Steps, Tag, Typography } from 'antd';
import { PlayCircleOutlined } from '@ant-design/icons';
import { CHILD_STATUS_LABELS, CHILD_STATUSES, type ReconciliationRun } from '@baoxue/shared';
import { can, useMe } from '../../api/session';
import { useI18n, type MessageKey } from '../../i18n';
import { QueryError } from '../../components/QueryError';
import { DataTable, type Column } from '../../components/DataTable';
import { notifySuccess } from '../../components/feedback';
import { useIsMobile } from '../../components/useIsMobile';
import { isRunActive, useRuns, useStartRun } from './reconciliation.api';
import { formatTime, JobStatusTag, SchoolYearSelect, STATUS_COLOR, useCurrentSchoolYear } from './parts';
import type { ReconList } from './ReconciliationPage';

/** The run's tags, children out of school first: the one a county acts on is never the one cut off. */
const TAG_ORDER = [
  'suspected_out_of_school',
  'needs_review',
  ...CHILD_STATUSES.filter((s) => s !== 'suspected_out_of_school' && s !== 'needs_review'),
] as const;

const PHASES = ['queued', 'reading', 'matching', 'writing', 'done'] as const;

export function RunsTab({ list }: { list: ReconList }) {
  const { t, enumLabel, lang } = useI18n();
  const me = useMe();
  const isMobile = useIsMobile();
  const current = useCurrentSchoolYear();
  const [year, setYear] = useState<number | undefined>(undefined);
  const schoolYear = year ?? current;
  const runs = useRuns({ page: list.page, pageSize: list.pageSize });
  const start = useStartRun();
  const active = runs.data?.items.filter(isRunActive) ?? [];
  const lastFailed = runs.data?.items[0]?.status === 'failed' ? runs.data.items[0] : undefined;

  const columns: Column<ReconciliationRun>[] = [
    { key: 'id', title: t('recon.runId'), render: (r) => `#${r.id}`, hideOnCard: true },
    { key: 'year', title: t('monitoring.schoolYear'), render: (r) => t('monitoring.schoolYearValue', { year: r.schoolYear, next: r.schoolYear + 1 }) },
    { key: 'status', title: t('common.status'), render: (r) => <JobStatusTag status={r.status} /> },
    { key: 'children', title: t('recon.children'), align: 'right', render: (r) => r.children?.toLocaleString() ?? '—' },
    {
      key: 'summary',
      title: t('recon.byStatus'),
      // Bounded so the tags wrap: on a desktop the columns after them stay in view.
      width: 260,
      render: (r) =>
        r.summary ? (
          <Flex wrap gap={4}>
            {TAG_ORDER.filter((s) => (r.summary?.[s] ?? 0) > 0).map((s) => (
              <a
                key={s}
                onClick={(e) => {
                  e.stopPropagation();
                  list.update({ tab: 'children', runId: r.id, status: s });
                }}
              >
                <Tag color={STATUS_COLOR[s]} style={{ cursor: 'pointer', marginInlineEnd: 0 }}>
                  {enumLabel(CHILD_STATUS_LABELS, s)} {r.summary?.[s].toLocaleString()}
                </Tag>
              </a>
            ))}
          </Flex>
        ) : (
          '—'
        ),
    },
    { key: 'findings', title: t('recon.findings'), align: 'right', render: (r) => r.findings?.toLocaleString() ?? '—' },
    { key: 'by', title: t('monitoring.createdBy'), render: (r) => r.startedBy ?? '—' },
    { key: 'finished', title: t('recon.finishedAt'), render: (r) => formatTime(r.finishedAt) },
    { key: 'duration', title: t('recon.duration'), render: (r) => (r.durationMs === null ? '—' : `${(r.durationMs / 1000).toFixed(1)} s`) },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (r) =>
        r.status === 'succeeded' ? (
          <Space size={4} wrap>
            <Button size="small" type="link" onClick={(e) => { e.stopPropagation(); list.update({ tab: 'children', runId: r.id }); }} data-testid={`run-children-${r.id}`}>
              {t('recon.viewChildren')}
            </Button>
            <Button size="small" type="link" onClick={(e) => { e.stopPropagation(); list.update({ tab: 'findings', runId: r.id }); }}>
              {t('recon.viewFindings')}
            </Button>
          </Space>
        ) : r.status === 'failed' ? (
          <Typography.Text type="danger">{(lang === 'en' ? r.errorEn : r.error) ?? t('recon.runFailed')}</Typography.Text>
        ) : null,
    },
  ];

  return (
    <>
      {can(me, 'reconciliation.run') ? (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Flex wrap gap={8} align="center" vertical={isMobile} className={isMobile ? 'bx-filters-stacked' : undefined}>
            <SchoolYearSelect value={schoolYear} onChange={setYear} testId="run-school-year" />
            <Button
              type="primary"
              icon={<PlayCircleOutlined />}
              loading={start.isPending}
              disabled={schoolYear === undefined || active.length > 0}
              onClick={() => {
                if (schoolYear !== undefined) start.mutate(schoolYear, { onSuccess: () => notifySuccess(t('recon.started')) });
              }}
              data-testid="run-start"
            >
              {t('recon.start')}
            </Button>
          </Flex>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t('recon.startHint')}
          </Typography.Paragraph>
        </Card>
      ) : null}
      {active.map((run) => (
        <RunProgress key={run.id} run={run} />
      ))}
      {lastFailed && active.length === 0 ? (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t('recon.runFailed')} description={(lang === 'en' ? lastFailed.errorEn : lastFailed.error) ?? undefined} />
      ) : null}
      {runs.isError ? <QueryError error={runs.error} onRetry={() => void runs.refetch()} /> : null}
      <DataTable<ReconciliationRun>
        testId="runs-table"
        columns={columns}
        rows={runs.data?.items}
        rowKey={(r) => r.id}
        loading={runs.isPending}
        cardTitle={(r) => (
          <>
            #{r.id} <JobStatusTag status={r.status} />
          </>
        )}
        paging={list.pagingFor(runs.data)}
        empty={t(can(me, 'reconciliation.run') ? 'recon.noRunsStart' : 'recon.noRunsWait')}
      />
    </>
  );
}

function RunProgress({ run }: { run: ReconciliationRun }) {
  const { t } = useI18n();
  const isMobile = useIsMobile();
  const index = PHASES.indexOf(run.phase);
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="run-progress">
      <Steps
        size="small"
        current={index}
        orientation={isMobile ? 'vertical' : 'horizontal'}
        items={PHASES.map((p) => ({ title: t(`recon.phase.${p}` as MessageKey) }))}
      />
      <Progress percent={Math.round((index / (PHASES.length - 1)) * 100)} status="active" showInfo={false} style={{ marginTop: 8 }} />
      <Typography.Text type="secondary">
        #{run.id} · {t('recon.readRows', { n: run.progressRows.toLocaleString() })}
      </Typography.Text>
    </Card>
  );
}
