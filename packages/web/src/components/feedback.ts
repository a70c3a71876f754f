// Toasts from outside React (the query and mutation caches). antd's static message API
// would ignore the theme and locale of ConfigProvider, so the FeedbackBridge component
// hands over the context-aware instance from App.useApp().
import type { App } from 'antd';
import { ApiError, type ErrorDetail } from '../api/client';
import { getLang, translate, type Lang } from '../i18n';

type MessageInstance = ReturnType<typeof App.useApp>['message'];

let messageApi: MessageInstance | null = null;

export function setMessageApi(api: MessageInstance | null): void {
  messageApi = api;
}

/** Where a request's schema found the mistake: the part of the request it is in. */
const SCHEMA_PATH = /^(body|querystring|params|headers)(\.|$)/;

/** A field's reason from the server in the given language. */
export function detailText(detail: ErrorDetail, lang: Lang): string {
  return lang === 'en' ? detail.messageEn : detail.message;
}

/** The server's message in the current language, with per-field details appended. */
export function errorText(err: unknown): string {
  const lang = getLang();
  if (err instanceof ApiError) {
    const main = lang === 'en' ? err.messageEn : err.messageZh;
    if (err.details.length === 0) return main;
    // A schema's message names its field (body.name …) to make sense; a refusal the server
    // wrote for people (所选班级不是该生所在学校的班级) is a sentence, and a field name
    // such as "classId" in front of it would only puzzle a county official.
    const fields = err.details.map((d) =>
      SCHEMA_PATH.test(d.path) ? `${d.path}: ${detailText(d, lang)}` : detailText(d, lang),
    );
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
