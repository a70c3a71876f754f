import { Alert, Flex, Segmented } from 'antd';
import { GENDER_LABELS, LEDGER_KINDS, LEDGER_LABELS, type LedgerKind, type LedgerRow } from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { PageTitle } from '../../components/PageTitle';
import { Tel } from '../../components/Tel';
import { QueryError } from '../../components/QueryError';
import { DataTable, type Column } from '../../components/DataTable';
import { ExportButton } from '../../components/ExportButton';
import { FilterBar } from '../../components/FilterBar';
import { useListParams } from '../../components/useListParams';
import { RECON_PATHS, useFinishedRuns, useLedger, type LedgerFilters } from '../reconciliation/reconciliation.api';
import { AgeTitle, ChildFlagTags, ChildStatusTag, positiveInt, RunSelect, TownSelect, VillageSelect } from '../reconciliation/parts';
import { useChildPage } from '../rosters/ChildDrawer';
import { useMe } from '../../api/session';
import { seesManyTowns } from '../cases/filters';
import { useIsMobile } from '../../components/useIsMobile';

const FILTER_KEYS = ['ledger', 'runId', 'townCode', 'villageCode'] as const;
/** A segment's label on more lines than one, as Segmented keeps it on one. */
const WRAPPING_LABEL = { display: 'inline-block', whiteSpace: 'normal', lineHeight: 1.4, padding: '4px 0' } as const;

/** 适龄儿童台账 and 疑似辍学台账 of a run, per town, with both lines' responsible units. */
export default function LedgersPage() {
  const { t, enumLabel } = useI18n();
  const me = useMe();
  const isMobile = useIsMobile();
  const list = useListParams(FILTER_KEYS);
  const ledger: LedgerKind = list.filters.ledger === 'compulsory' ? 'compulsory' : 'suspected';
  const finished = useFinishedRuns();
  const runId = positiveInt(list.filters.runId) ?? finished.data?.[0]?.id;
  const { townCode, villageCode } = list.filters;
  const query: LedgerFilters = { townCode, villageCode, page: list.page, pageSize: list.pageSize };
  const rows = useLedger(runId, ledger, query);
  const childPage = useChildPage();

  const columns: Column<LedgerRow>[] = [
    { key: 'name', title: t('monitoring.name'), render: childPage.name, hideOnCard: true },
    { key: 'gender', title: t('monitoring.gender'), render: (r) => (r.gender ? enumLabel(GENDER_LABELS, r.gender) : '—') },
    { key: 'age', title: <AgeTitle />, align: 'right', render: (r) => r.age },
    { key: 'id', title: t('monitoring.idNumber'), render: (r) => <span style={{ fontFamily: 'monospace' }}>{r.idNumberMasked ?? '—'}</span> },
    { key: 'status', title: t('monitoring.status'), render: (r) => <ChildStatusTag status={r.status} />, hideOnCard: true },
    {
      key: 'gov',
      title: t('ledgers.governmentLine'),
      render: (r) => [r.governmentLine.townName, r.governmentLine.villageName].filter(Boolean).join(' · ') || '—',
    },
    { key: 'edu', title: t('ledgers.educationLine'), render: (r) => r.educationLine.schoolName ?? '—' },
    // For a child out of school, the school is the last one they were on the roll of.
    { key: 'school', title: ledger === 'suspected' ? t('ledgers.lastSchool') : t('monitoring.school'), render: (r) => r.schoolName ?? '—' },
    { key: 'flags', title: t('monitoring.flags'), render: (r) => (r.flags.length > 0 ? <ChildFlagTags flags={r.flags} /> : null) },
    {
      key: 'guardian',
      title: t('monitoring.guardian'),
      // A village official calls from the ledger: the number dials on a tap.
      render: (r) => (
        <>
          {r.guardianName} <Tel phone={r.guardianPhone} />
        </>
      ),
    },
  ];

  return (
    <>
      <PageTitle title={t('ledgers.title')} subtitle={t('ledgers.hint')} />
      {/* The two names are long in English: on a phone each takes half the width and wraps. */}
      <Segmented
        block={isMobile}
        value={ledger}
        onChange={(v) => list.update({ ledger: v })}
        options={LEDGER_KINDS.map((k) => ({
          value: k,
          label: (
            <span data-testid={`ledger-${k}`} style={isMobile ? WRAPPING_LABEL : undefined}>
              {enumLabel(LEDGER_LABELS, k)}
            </span>
          ),
        }))}
        style={{ marginBottom: 16 }}
      />
      {finished.isSuccess && runId === undefined ? (
        <Alert type="info" showIcon title={t('monitoring.noRun')} />
      ) : (
        <>
          <FilterBar
            activeCount={[villageCode, list.filters.runId].filter(Boolean).length}
            extra={runId !== undefined ? <ExportButton path={RECON_PATHS.ledger(runId, ledger)} params={query} fullIds /> : null}
          >
            {seesManyTowns(me) ? <TownSelect value={townCode} onChange={(v) => list.update({ townCode: v, villageCode: undefined })} /> : null}
            <RunSelect runs={finished.data} value={runId} onChange={(v) => list.update({ runId: v })} />
            <VillageSelect townCode={townCode} value={villageCode} onChange={(v) => list.update({ villageCode: v })} />
          </FilterBar>
          {rows.isError ? <QueryError error={rows.error} onRetry={() => void rows.refetch()} /> : null}
          <DataTable<LedgerRow>
            testId="ledger-table"
            columns={columns}
            rows={rows.data?.items}
            rowKey={(r) => r.id}
            {...childPage.rowProps}
            loading={rows.isFetching || finished.isPending}
            cardTitle={(r) => (
              <Flex gap={8} align="center" wrap>
                {r.name} <ChildStatusTag status={r.status} />
              </Flex>
            )}
            paging={list.pagingFor(rows.data)}
          />
        </>
      )}
      {childPage.drawer}
    </>
  );
}
