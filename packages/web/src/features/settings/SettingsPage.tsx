import { useSearchParams } from 'react-router';
import { Tabs } from 'antd';
import { useI18n } from '../../i18n';
import { PageTitle } from '../../components/PageTitle';
import { SettingsForm } from './SettingsForm';
import { DictionaryTable } from './DictionaryTable';

export default function SettingsPage() {
  const { t } = useI18n();
  const [search, setSearch] = useSearchParams();
  const tab = search.get('tab') === 'dictionaries' ? 'dictionaries' : 'settings';
  return (
    <>
      <PageTitle title={t('settings.title')} />
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearch(key === 'dictionaries' ? { tab: key } : {}, { replace: true })}
        items={[
          { key: 'settings', label: <span data-testid="settings-tab-settings">{t('settings.tabSettings')}</span>, children: <SettingsForm /> },
          { key: 'dictionaries', label: <span data-testid="settings-tab-dictionaries">{t('settings.tabDictionaries')}</span>, children: <DictionaryTable /> },
        ]}
      />
    </>
  );
}
