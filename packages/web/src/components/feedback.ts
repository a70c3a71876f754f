// Toasts from outside React (the query and mutation caches). antd's static message API
// would ignore the theme and locale of ConfigProvider, so the FeedbackBridge component
// hands over the context-aware instance from App.useApp().
import type { App } from 'antd';
import { ApiError } from '../api/client';
import { getLang, translate } from '../i18n';

type MessageInstance = ReturnType<typeof App.useApp>['message'];

let messageApi: MessageInstance | null = null;

export function setMessageApi(api: MessageInstance | null): void {
  messageApi = api;
}

/** The server's message in the current language, with per-field details appended. */
export function errorText(err: unknown): string {
  const lang = getLang();
  if (err instanceof ApiError) {
    const main = lang === 'en' ? err.messageEn : err.messageZh;
    if (err.details.length === 0) return main;
    // Field messages come from the shared Zod schemas and exist in Chinese only.
    const fields = err.details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message));
    return lang === 'en' ? `${main} (${fields.join('; ')})` : `${main}（${fields.join('；')}）`;
  }
  return translate(lang, 'error.unexpected');
}

/** Errors that the app shell answers by navigating; a toast on top would only be noise. */
export function isHandledByShell(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 401 || err.code === 'password_change_required');
}

export function notifyError(err: unknown): void {
  if (isHandledByShell(err)) return;
  if (messageApi) void messageApi.error(errorText(err), 6);
}

export function notifySuccess(text: string): void {
  if (messageApi) void messageApi.success(text);
}
