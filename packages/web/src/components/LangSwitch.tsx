import { Segmented } from 'antd';
import { useI18n, type Lang } from '../i18n';

export function LangSwitch({ size = 'small' }: { size?: 'small' | 'middle' }) {
  const { lang, setLang, t } = useI18n();
  return (
    <Segmented<Lang>
      data-testid="lang-switch"
      size={size}
      value={lang}
      onChange={setLang}
      options={[
        { value: 'zh-CN', label: <span data-testid="lang-zh">{t('lang.zh')}</span> },
        { value: 'en', label: <span data-testid="lang-en">{t('lang.en')}</span> },
      ]}
    />
  );
}
