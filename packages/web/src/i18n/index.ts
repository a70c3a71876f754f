export { I18nProvider } from './I18nProvider';
export { useI18n, type I18n } from './context';
export { getLang, translate, LANGS, type Lang } from './lang';
export type { MessageKey } from './messages';
