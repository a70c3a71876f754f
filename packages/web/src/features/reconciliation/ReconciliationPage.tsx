import { Tabs } from 'antd';
import { useI18n } from '../../i18n';
import { PageTitle } from '../../components/PageTitle';
import { useListParams } from '../../components/useListParams';
import { RunsTab } from './RunsTab';
import { ChildrenTab } from './ChildrenTab';
import { FindingsTab } from './FindingsTab';
import { CompareTab } from './CompareTab';

export const RECON_FILTER_KEYS = ['tab', 'runId', 'status', 'flag', 'townCode', 'villageCode', 'q', 'code', 'from', 'to', 'schoolYear'] as const;
export type ReconList = ReturnType<typeof useListParams<(typeof RECON_FILTER_KEYS)[number]>>;

const TABS = ['runs', 'children', 'findings', 'compare'] as const;
type Tab = (typeof TABS)[number];

export default function ReconciliationPage() {
  const { t } = useI18n();
  const list = useListParams(RECON_FILTER_KEYS);
  const tab: Tab = (TABS as readonly string[]).includes(list.filters.tab ?? '') ? (list.filters.tab as Tab) : 'runs';
  const go = (next: string) =>
    // Each tab has its own filters; the run chosen carries over.
    list.update({ tab: next, status: undefined, flag: undefined, q: undefined, code: undefined, villageCode: undefined });

  return (
    <>
      <PageTitle title={t('recon.title')} />
      <Tabs
        activeKey={tab}
        onChange={go}
        destroyOnHidden
        items={[
          { key: 'runs', label: <span data-testid="tab-runs">{t('recon.tabRuns')}</span>, children: <RunsTab list={list} /> },
          { key: 'children', label: <span data-testid="tab-children">{t('recon.tabChildren')}</span>, children: <ChildrenTab list={list} /> },
          { key: 'findings', label: <span data-testid="tab-findings">{t('recon.tabFindings')}</span>, children: <FindingsTab list={list} /> },
          { key: 'compare', label: <span data-testid="tab-compare">{t('recon.tabCompare')}</span>, children: <CompareTab list={list} /> },
        ]}
      />
    </>
  );
}
