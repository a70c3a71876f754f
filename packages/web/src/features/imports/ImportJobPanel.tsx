import { Alert, Button, Card, Descriptions, Flex, Progress, Skeleton, Space, Statistic, Typography } from 'antd';
import { CloseOutlined } from '@ant-design/icons';
import { IMPORT_KIND_LABELS, type RowProblem } from '@baoxue/shared';
import { useI18n, type MessageKey } from '../../i18n';
import { QueryError } from '../../components/QueryError';
import { DownloadButton } from '../../components/DownloadButton';
import { DataTable, type Column } from '../../components/DataTable';
import { JobStatusTag } from '../reconciliation/parts';
import { errorWorkbookUrl, isJobActive, useImportJob } from './imports.api';

const SUMMARY_KEYS: Record<string, MessageKey> = {
  inserted: 'imports.summary.inserted',
  updated: 'imports.summary.updated',
  transferred: 'imports.summary.transferred',
  events: 'imports.summary.events',
  replaced: 'imports.summary.replaced',
  villages: 'imports.summary.villages',
  kept: 'imports.summary.kept',
  removed: 'imports.summary.removed',
  keptRefused: 'imports.summary.keptRefused',
  written: 'imports.summary.written',
  casesOpened: 'imports.summary.casesOpened',
  casesMoved: 'imports.summary.casesMoved',
};

/** Figures of what happens only now and then: shown when it happened. */
const EXCEPTIONAL = new Set(['kept', 'removed', 'keptRefused', 'casesOpened', 'casesMoved']);

/** The summary's figures in the order above: the database keeps JSON keys in an order of its own. */
function summaryEntries(summary: Record<string, number>): [string, number][] {
  const rank = (key: string) => {
    const at = Object.keys(SUMMARY_KEYS).indexOf(key);
    return at < 0 ? Infinity : at;
  };
  return Object.entries(summary)
    .filter(([key, n]) => n !== 0 || !EXCEPTIONAL.has(key))
    .sort(([a], [b]) => rank(a) - rank(b));
}

/** One import job: a progress bar while it runs, then what it did and which rows it refused. */
export function ImportJobPanel({ id, onClose }: { id: number; onClose: () => void }) {
  const { t, enumLabel, lang } = useI18n();
  const job = useImportJob(id);
  const j = job.data;
  const active = j ? isJobActive(j) : true;
  const percent = j && j.fileBytes > 0 ? Math.min(100, Math.floor((j.progressBytes / j.fileBytes) * 100)) : 0;
  // Children the roster holds on, beside the file's: registered by hand, or with a refused row.
  const kept = j ? (j.summary.kept ?? 0) + (j.summary.keptRefused ?? 0) : 0;

  const problemColumns: Column<RowProblem>[] = [
    { key: 'row', title: t('imports.row'), width: 72, render: (p) => p.row },
    { key: 'column', title: t('imports.column'), render: (p) => p.column || '—' },
    { key: 'reason', title: t('imports.reason'), render: (p) => (lang === 'en' ? p.messageEn : p.message) },
  ];

  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={
        <Space wrap>
          {t('imports.result')}
          {j ? <Typography.Text type="secondary">{j.fileName}</Typography.Text> : null}
          {j ? <JobStatusTag status={j.status} /> : null}
        </Space>
      }
      extra={<Button type="text" icon={<CloseOutlined />} aria-label={t('imports.close')} onClick={onClose} />}
      data-testid="import-job"
    >
      {job.isError ? <QueryError error={job.error} onRetry={() => void job.refetch()} /> : null}
      {!j && job.isPending ? <Skeleton active /> : null}
      {j && active ? (
        <div data-testid="import-progress">
          <Progress percent={percent} status="active" />
          <Typography.Text type="secondary">{t('imports.progressRows', { n: j.progressRows.toLocaleString() })}</Typography.Text>
        </div>
      ) : null}
      {j && !active ? (
        <Flex vertical gap={12} data-testid="import-result">
          {j.status === 'succeeded' ? (
            <Alert
              type={j.rejectedRows > 0 ? 'warning' : 'success'}
              showIcon
              title={t('imports.succeeded', { accepted: j.acceptedRows.toLocaleString(), rejected: j.rejectedRows.toLocaleString() })}
            />
          ) : (
            <Alert
              type="error"
              showIcon
              title={t('imports.failed')}
              description={(lang === 'en' ? j.errorEn : j.error) ?? undefined}
              data-testid="import-error"
            />
          )}
          {/* A file refused as a whole (missing column, not a workbook) has no rows to count. */}
          <Flex wrap gap={24} style={j.status === 'failed' && j.progressRows === 0 ? { display: 'none' } : undefined}>
            <Statistic title={t('imports.rows')} value={j.totalRows ?? j.progressRows} />
            <Statistic title={t('imports.accepted')} value={j.acceptedRows} styles={{ content: { color: '#389e0d' } }} data-testid="import-accepted" />
            <Statistic title={t('imports.rejected')} value={j.rejectedRows} styles={{ content: j.rejectedRows > 0 ? { color: '#cf1322' } : undefined }} data-testid="import-rejected" />
            <Statistic title={t('imports.warnings')} value={j.warningCount} />
          </Flex>
          <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
            <Descriptions.Item label={t('imports.kind')}>{enumLabel(IMPORT_KIND_LABELS, j.kind)}</Descriptions.Item>
            <Descriptions.Item label={t('monitoring.schoolYear')}>
              {t('monitoring.schoolYearValue', { year: j.schoolYear, next: j.schoolYear + 1 })}
            </Descriptions.Item>
            {summaryEntries(j.summary).map(([key, n]) => (
              <Descriptions.Item key={key} label={SUMMARY_KEYS[key] ? t(SUMMARY_KEYS[key]) : key}>
                {n.toLocaleString()}
              </Descriptions.Item>
            ))}
          </Descriptions>
          {/* A whole village replaced by a shorter list: say so, it may be a partial file. */}
          {j.kind === 'population' && (j.summary.replaced ?? 0) > (j.summary.inserted ?? 0) ? (
            <Alert
              type="warning"
              showIcon
              title={t('imports.fewerThanBefore', {
                before: ((j.summary.replaced ?? 0) + kept).toLocaleString(),
                now: ((j.summary.inserted ?? 0) + kept).toLocaleString(),
              })}
              data-testid="import-fewer"
            />
          ) : null}
          {j.summary.kept ? (
            <Typography.Text type="secondary" data-testid="import-kept">
              {t('imports.keptHint', { n: j.summary.kept.toLocaleString() })}
            </Typography.Text>
          ) : null}
          {j.summary.keptRefused ? (
            <Typography.Text type="warning" data-testid="import-kept-refused">
              {t('imports.keptRefusedHint', { n: j.summary.keptRefused.toLocaleString() })}
            </Typography.Text>
          ) : null}
          {j.rejectedRows > 0 ? (
            <Flex wrap gap={8} align="center">
              <DownloadButton type="primary" danger url={errorWorkbookUrl(j.id)} testId="import-error-workbook">
                {t('imports.errorWorkbook')}
              </DownloadButton>
              <Typography.Text type="secondary">{t('imports.errorWorkbookHint')}</Typography.Text>
            </Flex>
          ) : null}
          {j.errors.length > 0 ? (
            <>
              <Typography.Text strong>{t('imports.errorRows', { n: j.errors.length })}</Typography.Text>
              <DataTable<RowProblem>
                testId="import-errors"
                size="small"
                columns={problemColumns}
                rows={j.errors}
                rowKey={(p) => `${p.row}-${p.column}-${p.code}`}
                localPageSize={10}
                cardTitle={(p) => `${t('imports.row')} ${p.row}`}
              />
            </>
          ) : null}
          {j.warnings.length > 0 ? (
            <>
              <Typography.Text strong>{t('imports.warningRows', { n: j.warnings.length })}</Typography.Text>
              <DataTable<RowProblem>
                testId="import-warnings"
                size="small"
                columns={problemColumns}
                rows={j.warnings}
                rowKey={(p) => `${p.row}-${p.column}-${p.code}`}
                localPageSize={5}
                cardTitle={(p) => `${t('imports.row')} ${p.row}`}
              />
            </>
          ) : null}
        </Flex>
      ) : null}
    </Card>
  );
}
