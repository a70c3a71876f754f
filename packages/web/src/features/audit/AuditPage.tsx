import { useSearchParams } from 'react-router';
import { Tabs } from 'antd';
import { useI18n } from '../../i18n';
import { PageTitle } from '../../components/PageTitle';
import { OperationsTab } from './OperationsTab';
import { LoginsTab } from './LoginsTab';

type TabKey = 'operations' | 'logins';

export default function AuditPage() {
  const { t } = useI18n();
  const [search, setSearch] = useSearchParams();
  const tab: TabKey = search.get('tab') === 'logins' ? 'logins' : 'operations';
  return (
    <>
      <PageTitle title={t('audit.title')} />
      <Tabs
        activeKey={tab}
        // Each tab has its own filters; switching starts clean rather than carrying them over.
        onChange={(key) => setSearch(key === 'logins' ? { tab: 'logins' } : {}, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'operations', label: <span data-testid="audit-tab-operations">{t('audit.operations')}</span>, children: <OperationsTab /> },
          { key: 'logins', label: <span data-testid="audit-tab-logins">{t('audit.logins')}</span>, children: <LoginsTab /> },
        ]}
      />
    </>
  );
}
