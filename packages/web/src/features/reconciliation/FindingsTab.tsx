import { Alert, Segmented, Select, Tag } from 'antd';
import { FINDING_CODES, FINDING_LABELS, type FindingCode, type RunFinding } from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { QueryError } from '../../components/QueryError';
import { DataTable, type Column } from '../../components/DataTable';
import { ExportButton } from '../../components/ExportButton';
import { FilterBar } from '../../components/FilterBar';
import { useIsMobile } from '../../components/useIsMobile';
import { RECON_PATHS, useFinishedRuns, useRun, useRunFindings, type FindingFilters } from './reconciliation.api';
import { AgeTitle, positiveInt, RunSelect, TownSelect } from './parts';
import type { ReconList } from './ReconciliationPage';
import { useMe } from '../../api/session';
import { seesManyTowns } from '../cases/filters';

function isCode(v: string | undefined): v is FindingCode {
  return v !== undefined && (FINDING_CODES as readonly string[]).includes(v);
}

export function FindingsTab({ list }: { list: ReconList }) {
  const { t, enumLabel, gradeLabel } = useI18n();
  const me = useMe();
  const isMobile = useIsMobile();
  const finished = useFinishedRuns();
  const runId = positiveInt(list.filters.runId) ?? finished.data?.[0]?.id;
  const run = useRun(runId);
  const { code, townCode } = list.filters;
  const query: FindingFilters = { code: isCode(code) ? code : undefined, townCode, page: list.page, pageSize: list.pageSize };
  const findings = useRunFindings(runId, query);
  const counts = run.data?.findingCounts ?? {};

  const columns: Column<RunFinding>[] = [
    { key: 'code', title: t('recon.findingCode'), render: (f) => <Tag color="volcano">{enumLabel(FINDING_LABELS, f.code)}</Tag> },
    { key: 'name', title: t('monitoring.name'), render: (f) => f.name, hideOnCard: true },
    { key: 'id', title: t('monitoring.idNumber'), render: (f) => <span style={{ fontFamily: 'monospace' }}>{f.idNumberMasked ?? '—'}</span> },
    {
      key: 'source',
      title: t('recon.source'),
      render: (f) => (f.source ? t(f.source === 'population' ? 'recon.source.population' : 'recon.source.enrollment') : ''),
    },
    { key: 'villages', title: t('recon.villages'), render: (f) => f.villageNames.join('、') },
    { key: 'schools', title: t('recon.schools'), render: (f) => f.schoolNames.join('、') },
    { key: 'grade', title: t('monitoring.grade'), render: (f) => (f.grade === null ? '' : gradeLabel(f.grade)) },
    { key: 'age', title: <AgeTitle />, align: 'right', render: (f) => f.age ?? '' },
    { key: 'count', title: t('recon.rowsSharing'), align: 'right', render: (f) => f.count ?? '' },
  ];

  if (finished.isSuccess && runId === undefined) return <Alert type="info" showIcon title={t('monitoring.noRun')} />;

  const codeOptions = [
    { value: '', label: t('recon.anyFinding') },
    ...FINDING_CODES.map((c) => ({ value: c, label: `${enumLabel(FINDING_LABELS, c)}${counts[c] !== undefined ? ` ${counts[c]}` : ''}` })),
  ];

  return (
    <>
      <FilterBar activeCount={[townCode, list.filters.runId].filter(Boolean).length} extra={runId !== undefined ? <ExportButton path={RECON_PATHS.findings(runId)} params={query} fullIds /> : null}>
        <RunSelect runs={finished.data} value={runId} onChange={(v) => list.update({ runId: v })} />
        {seesManyTowns(me) ? <TownSelect value={townCode} onChange={(v) => list.update({ townCode: v })} /> : null}
      </FilterBar>
      {/* Five codes with counts do not fit a phone's width as segments: a select there. */}
      {isMobile ? (
        <Select value={query.code ?? ''} onChange={(v: string) => list.update({ code: v || undefined })} options={codeOptions} style={{ width: '100%', marginBottom: 12 }} data-testid="finding-code" />
      ) : (
        <Segmented value={query.code ?? ''} onChange={(v) => list.update({ code: v || undefined })} options={codeOptions} style={{ marginBottom: 12 }} data-testid="finding-code" />
      )}
      {findings.isError ? <QueryError error={findings.error} onRetry={() => void findings.refetch()} /> : null}
      <DataTable<RunFinding>
        testId="findings-table"
        columns={columns}
        rows={findings.data?.items}
        rowKey={(f) => f.id}
        loading={findings.isFetching || finished.isPending}
        cardTitle={(f) => f.name}
        paging={list.pagingFor(findings.data)}
      />
    </>
  );
}
