// Server validation answers carry `details` with a dotted path per field; they are put on
// the matching form items so the user sees each message where the mistake is. The toast
// with the overall message comes from the mutation cache, as for every failed change.
import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';
import { getLang } from '../i18n';
import { detailText } from './feedback';

export function applyFieldErrors<V>(
  form: FormInstance<V>,
  err: unknown,
  /** Error codes that concern one field as a whole (wrong_current_password → currentPassword). */
  fieldOfCode: Partial<Record<string, string>> = {},
): void {
  if (!(err instanceof ApiError)) return;
  // Registered fields only: an error set on a name no item renders would be invisible.
  const known = new Set(form.getFieldsError().map((f) => String(f.name[0])));
  const lang = getLang();
  const fields: { name: (string | number)[]; errors: string[] }[] = [];
  for (const d of err.details) {
    const name = d.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    if (d.path && known.has(String(name[0]))) fields.push({ name, errors: [detailText(d, lang)] });
  }
  const codeField = fieldOfCode[err.code];
  if (codeField) fields.push({ name: [codeField], errors: [lang === 'en' ? err.messageEn : err.messageZh] });
  if (fields.length > 0) form.setFields(fields as Parameters<FormInstance<V>['setFields']>[0]);
}
