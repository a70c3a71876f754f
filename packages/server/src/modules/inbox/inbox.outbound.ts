import type { Kysely } from 'kysely';
import type { Db } from '../../context';
import type { Database } from '../../db/schema';
import type { DailyJob } from '../schedule/schedule.service';
import { getSettings } from '../settings/settings.service';

// The outbound channel (issue #4 item 8): each inbox item filed by deliver() queues one
// message in outbound_messages with the county's channel of that moment. The dispatcher
// sends the queue outside the transaction that filed it: as the last daily job (the
// scheduler ticks every 15 minutes) — so a slow or broken receiver never holds up a case
// change. A failed send is retried on each following run, up to MAX_ATTEMPTS in all.
//
// The default channel ('log') writes one JSON line per message to standard output, where
// the server's log collects it: which user was told what kind of thing about which case, not
// the title and body, which name the child. A server's log is kept and read outside the app's
// scopes and audit; the message itself is in the recipient's inbox. A county that has an SMS
// gateway or a messaging bot sets channel 'webhook' and a URL, and each message is POSTed
// there as JSON, whole.

export const MAX_ATTEMPTS = 5;
/** Messages sent per run: a long queue drains over the following runs instead of one long one. */
const BATCH = 500;
const WEBHOOK_TIMEOUT_MS = 10_000;
/**
 * Failures in a row after which a channel rests until the next run: a receiver that is down
 * would otherwise cost a timeout per queued message, and use up their attempts for nothing.
 */
const FAILURES_BEFORE_REST = 3;

export interface OutboundRecipient {
  userId: number | null;
  username: string | null;
  displayName: string | null;
  phone: string | null;
}

/** What a receiver gets: the JSON body of the webhook, the line of the log. */
export interface OutboundMessage {
  id: number;
  county: string;
  /** The user the item was filed for, with the phone an SMS gateway needs. */
  recipient: OutboundRecipient;
  kind: string;
  title: string;
  titleEn: string;
  body: string | null;
  link: string | null;
  caseId: number | null;
  createdAt: string;
}

export interface OutboundChannel {
  name: string;
  /** Resolves when the receiver accepted the message; throws with the reason otherwise. */
  send(message: OutboundMessage): Promise<void>;
}

const stdoutLine = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** The default: one JSON line per message through `write` (standard output unless given), without its text. */
export class LogChannel implements OutboundChannel {
  readonly name = 'log';
  constructor(private readonly write: (line: string) => void = stdoutLine) {}

  send(message: OutboundMessage): Promise<void> {
    const { id, county, recipient, kind, link, caseId, createdAt } = message;
    this.write(
      JSON.stringify({
        outbound: 'notification',
        id,
        county,
        recipient: { userId: recipient.userId, username: recipient.username },
        kind,
        link,
        caseId,
        createdAt,
      }),
    );
    return Promise.resolve();
  }
}

/** POSTs each message as JSON to the county's URL; anything but a 2xx answer is a failure. */
export class WebhookChannel implements OutboundChannel {
  readonly name = 'webhook';
  constructor(
    private readonly url: string,
    private readonly timeoutMs = WEBHOOK_TIMEOUT_MS,
  ) {}

  async send(message: OutboundMessage): Promise<void> {
    if (!this.url) throw new Error('no webhook URL configured (settings.notifications.webhookUrl)');
    const { id: _id, ...body } = message;
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'x-baoxue-message-id': String(message.id),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    // Drain the body so the connection is released even when nobody reads the answer.
    const text = await response.text().catch(() => '');
    if (!response.ok) throw new Error(`HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
  }
}

export interface DispatchOptions {
  /** Channels by name; the defaults are a LogChannel and a WebhookChannel on the settings' URL. */
  channels?: Partial<Record<string, OutboundChannel>>;
  now?: () => Date;
}

export interface DispatchSummary {
  sent: number;
  failed: number;
  /** Failures that used the last attempt: they stay failed and are not tried again. */
  gaveUp: number;
  /** Left for the next run because their channel failed FAILURES_BEFORE_REST times in a row. */
  deferred: number;
}

/** Pending messages and failed ones with attempts left, oldest first, with their recipient. */
function dueMessages(db: Db, countyCode: string) {
  return db
    .selectFrom('outbound_messages as m')
    .leftJoin('inbox_items as i', (j) =>
      j.onRef('i.county_code', '=', 'm.county_code').onRef('i.id', '=', 'm.inbox_item_id'),
    )
    .leftJoin('users as u', (j) =>
      j.onRef('u.county_code', '=', 'm.county_code').onRef('u.id', '=', 'i.user_id'),
    )
    .select([
      'm.id',
      'm.channel',
      'm.recipient',
      'm.payload',
      'm.attempts',
      'm.created_at',
      'u.id as user_id',
      'u.username',
      'u.display_name',
      'u.phone',
    ])
    .where('m.county_code', '=', countyCode)
    .where((eb) =>
      eb.or([
        eb('m.status', '=', 'pending'),
        eb.and([eb('m.status', '=', 'failed'), eb('m.attempts', '<', MAX_ATTEMPTS)]),
      ]),
    )
    .orderBy('m.id')
    .limit(BATCH)
    .execute();
}

type DueRow = Awaited<ReturnType<typeof dueMessages>>[number];

function toMessage(countyCode: string, row: DueRow): OutboundMessage {
  const p = row.payload as Record<string, unknown>;
  const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return {
    id: row.id,
    county: countyCode,
    recipient: {
      userId: row.user_id ?? null,
      username: row.username ?? null,
      displayName: row.display_name ?? null,
      phone: row.phone ?? null,
    },
    kind: text(p.kind) ?? '',
    title: text(p.title) ?? '',
    titleEn: text(p.titleEn) ?? '',
    body: text(p.body),
    link: text(p.link),
    caseId: typeof p.caseId === 'number' ? p.caseId : null,
    createdAt: row.created_at.toISOString(),
  };
}

// One dispatcher at a time per county in this process: the daily job and any other caller
// share the run in progress instead of sending the same message twice.
const running = new Map<string, Promise<DispatchSummary>>();

export function dispatchOutbound(
  db: Kysely<Database>,
  countyCode: string,
  options: DispatchOptions = {},
): Promise<DispatchSummary> {
  const current = running.get(countyCode);
  if (current) return current;
  const run = dispatchOnce(db, countyCode, options).finally(() => running.delete(countyCode));
  running.set(countyCode, run);
  return run;
}

async function dispatchOnce(
  db: Kysely<Database>,
  countyCode: string,
  options: DispatchOptions,
): Promise<DispatchSummary> {
  const now = options.now ?? (() => new Date());
  const summary: DispatchSummary = { sent: 0, failed: 0, gaveUp: 0, deferred: 0 };
  const rows = await dueMessages(db, countyCode);
  if (rows.length === 0) return summary;
  const { notifications } = await getSettings(db, countyCode);
  const channels: Partial<Record<string, OutboundChannel>> = {
    log: new LogChannel(),
    webhook: new WebhookChannel(notifications.webhookUrl),
    ...options.channels,
  };
  const failuresInRow = new Map<string, number>();
  for (const row of rows) {
    const channel = channels[row.channel];
    const attempts = row.attempts + 1;
    if ((failuresInRow.get(row.channel) ?? 0) >= FAILURES_BEFORE_REST) {
      summary.deferred += 1;
      continue;
    }
    try {
      if (!channel) throw new Error(`unknown channel: ${row.channel}`);
      await channel.send(toMessage(countyCode, row));
      await db
        .updateTable('outbound_messages')
        .set({ status: 'sent', attempts, error: null, sent_at: now() })
        .where('county_code', '=', countyCode)
        .where('id', '=', row.id)
        .execute();
      summary.sent += 1;
      failuresInRow.set(row.channel, 0);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await db
        .updateTable('outbound_messages')
        .set({ status: 'failed', attempts, error: reason.slice(0, 1000) })
        .where('county_code', '=', countyCode)
        .where('id', '=', row.id)
        .execute();
      summary.failed += 1;
      failuresInRow.set(row.channel, (failuresInRow.get(row.channel) ?? 0) + 1);
      if (attempts >= MAX_ATTEMPTS) summary.gaveUp += 1;
    }
  }
  return summary;
}

/** The last of the daily jobs: sends what the jobs before it (and the day's work) filed. */
export const outboundDispatchJob: DailyJob = {
  name: 'outbound-dispatch',
  run: async (db, countyCode, _day, clock) => ({
    ...(await dispatchOutbound(db, countyCode, { now: () => clock.now() })),
  }),
};
