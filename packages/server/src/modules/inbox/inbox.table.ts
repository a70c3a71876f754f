import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { InboxKind } from '@baoxue/shared';

/** A task or alert for one user; dedupe_key makes every job that files items idempotent. */
export interface InboxItemTable {
  county_code: string;
  id: Generated<number>;
  user_id: number;
  kind: InboxKind;
  dedupe_key: string;
  case_id: number | null;
  student_id: number | null;
  title_zh: string;
  title_en: string;
  body_zh: string | null;
  body_en: string | null;
  /** Where the item opens in the web app, e.g. /cases/12. */
  link: string | null;
  due_on: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  read_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  done_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface OutboundMessageTable {
  county_code: string;
  id: Generated<number>;
  inbox_item_id: number | null;
  channel: string;
  recipient: string;
  payload: JSONColumnType<Record<string, unknown>>;
  status: 'pending' | 'sent' | 'failed';
  attempts: Generated<number>;
  error: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
