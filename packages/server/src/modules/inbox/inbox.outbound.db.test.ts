import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from '../../../test/app';
import { databaseKinds } from '../../../test/db';
import { COUNTY } from '../../../test/fixtures';
import { ManualClock } from '../../lib/clock';
import { runDailyJobs } from '../schedule/schedule.service';
import { deliver } from './inbox.deliver';
import { LogChannel, MAX_ATTEMPTS, WebhookChannel, dispatchOutbound } from './inbox.outbound';

// The outbound channel: the log writes one JSON line per message; the webhook POSTs the
// JSON to a real HTTP server; a refused message is retried on the next runs up to five
// attempts; the daily job sends what deliver() queued, on the county's channel.

interface Received {
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
}

/** A local receiver answering `status()` for each request, keeping what it got. */
async function receiver(status: () => number): Promise<{ url: string; got: Received[]; server: Server }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
        headers: req.headers,
      });
      const code = status();
      res.writeHead(code, { 'content-type': 'text/plain' });
      res.end(code >= 300 ? 'receiver says no' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, got, server };
}

describe.each(databaseKinds())('outbound messages on %s', (kind) => {
  let t: TestApp;
  const servers: Server[] = [];

  beforeAll(async () => {
    t = await createTestApp(kind);
  }, 120_000);
  afterAll(async () => t?.close());
  afterEach(async () => {
    await t.database.db.deleteFrom('outbound_messages').execute();
    await t.database.db.deleteFrom('inbox_items').execute();
    for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
  });

  async function file(key: string, count = 1) {
    const items = Array.from({ length: count }, (_, i) => ({
      userId: t.fixture.users.teacher.id,
      kind: 'case_opened' as const,
      dedupeKey: `${key}:${i}`,
      caseId: 7,
      titleZh: '新立案：赵一',
      titleEn: 'Case opened: 赵一',
      bodyZh: '请在 3 日内入户核实',
      link: '/cases/7',
    }));
    return deliver(t.database.db, COUNTY, items);
  }

  const messages = () =>
    t.database.db
      .selectFrom('outbound_messages')
      .select(['status', 'attempts', 'error', 'sent_at'])
      .orderBy('id')
      .execute();

  it('writes one JSON line per message on the log channel', async () => {
    await file('log', 2);
    const lines: string[] = [];
    const summary = await dispatchOutbound(t.database.db, COUNTY, {
      channels: { log: new LogChannel((line) => lines.push(line)) },
    });
    expect(summary).toEqual({ sent: 2, failed: 0, gaveUp: 0, deferred: 0 });
    expect(lines).toHaveLength(2);
    const parsed = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      county: COUNTY,
      kind: 'case_opened',
      link: '/cases/7',
      caseId: 7,
      recipient: { userId: t.fixture.users.teacher.id, username: t.fixture.users.teacher.username },
    });
    expect(lines[0]).not.toContain('\n');
    // The server's log is read outside the app's scopes: no child's name, no text of the message.
    for (const line of lines) for (const text of ['赵一', '入户核实']) expect(line).not.toContain(text);
    expect((await messages()).map((m) => [m.status, m.attempts])).toEqual([
      ['sent', 1],
      ['sent', 1],
    ]);
    // Sent messages are not sent again.
    expect((await dispatchOutbound(t.database.db, COUNTY)).sent).toBe(0);
  });

  it('posts the JSON to a webhook', async () => {
    const hook = await receiver(() => 200);
    servers.push(hook.server);
    await file('hook');
    await t.database.db.updateTable('outbound_messages').set({ channel: 'webhook' }).execute();
    const summary = await dispatchOutbound(t.database.db, COUNTY, {
      channels: { webhook: new WebhookChannel(hook.url) },
    });
    expect(summary.sent).toBe(1);
    expect(hook.got).toHaveLength(1);
    expect(hook.got[0]!.headers['content-type']).toContain('application/json');
    expect(Object.keys(hook.got[0]!.body).sort()).toEqual(
      ['body', 'caseId', 'county', 'createdAt', 'kind', 'link', 'recipient', 'title', 'titleEn'].sort(),
    );
    expect(hook.got[0]!.body).toMatchObject({
      county: COUNTY,
      title: '新立案：赵一',
      caseId: 7,
      link: '/cases/7',
    });
    expect(Number.isNaN(Date.parse(String(hook.got[0]!.body.createdAt)))).toBe(false);
  });

  it('marks a refused message failed with the reason and retries it up to five attempts', async () => {
    let answers = 0;
    const hook = await receiver(() => (++answers <= 2 ? 500 : 204));
    servers.push(hook.server);
    await file('retry');
    await t.database.db.updateTable('outbound_messages').set({ channel: 'webhook' }).execute();
    const channels = { webhook: new WebhookChannel(hook.url) };

    expect(await dispatchOutbound(t.database.db, COUNTY, { channels })).toMatchObject({ sent: 0, failed: 1 });
    let [m] = await messages();
    expect(m).toMatchObject({ status: 'failed', attempts: 1, sent_at: null });
    expect(m!.error).toContain('HTTP 500');
    expect(m!.error).toContain('receiver says no');
    await dispatchOutbound(t.database.db, COUNTY, { channels });
    expect(await dispatchOutbound(t.database.db, COUNTY, { channels })).toMatchObject({ sent: 1 });
    [m] = await messages();
    expect(m).toMatchObject({ status: 'sent', attempts: 3, error: null });
    expect(hook.got).toHaveLength(3);
  });

  it('gives up after five attempts, and rests a failing channel for the rest of a run', async () => {
    const hook = await receiver(() => 503);
    servers.push(hook.server);
    await file('down', 4);
    await t.database.db.updateTable('outbound_messages').set({ channel: 'webhook' }).execute();
    const channels = { webhook: new WebhookChannel(hook.url) };
    const first = await dispatchOutbound(t.database.db, COUNTY, { channels });
    // Three failures in a row: the fourth waits for the next run, its attempts untouched.
    expect(first).toEqual({ sent: 0, failed: 3, gaveUp: 0, deferred: 1 });
    expect((await messages()).map((m) => m.attempts)).toEqual([1, 1, 1, 0]);
    for (let run = 0; run < 10; run++) await dispatchOutbound(t.database.db, COUNTY, { channels });
    const after = await messages();
    expect(after.map((m) => [m.status, m.attempts])).toEqual(Array(4).fill(['failed', MAX_ATTEMPTS]));
    const requests = hook.got.length;
    expect(await dispatchOutbound(t.database.db, COUNTY, { channels })).toEqual({
      sent: 0,
      failed: 0,
      gaveUp: 0,
      deferred: 0,
    });
    expect(hook.got.length).toBe(requests);
    expect(requests).toBe(4 * MAX_ATTEMPTS);
  });

  it('a message with no URL configured fails with a clear reason', async () => {
    await file('nourl');
    await t.database.db.updateTable('outbound_messages').set({ channel: 'webhook' }).execute();
    await dispatchOutbound(t.database.db, COUNTY);
    const [m] = await messages();
    expect(m).toMatchObject({ status: 'failed', attempts: 1 });
    expect(m!.error).toContain('webhookUrl');
  });

  it('the daily job sends the queue on the county’s configured webhook, last of the jobs', async () => {
    const hook = await receiver(() => 200);
    servers.push(hook.server);
    const admin = await login(t.app, t.fixture.users.county_admin.username);
    const res = await admin.request('PUT', '/api/settings', {
      notifications: { channel: 'webhook', webhookUrl: hook.url },
    });
    expect(res.statusCode, res.body).toBe(200);
    await file('job', 2);
    const clock = new ManualClock('2026-12-01T09:00:00+08:00');
    const results = await runDailyJobs(t.database.db, COUNTY, clock);
    expect(results.at(-1)).toMatchObject({
      job: 'outbound-dispatch',
      day: '2026-12-01',
      summary: { sent: 2 },
    });
    expect(hook.got.map((g) => g.body.title)).toEqual(['新立案：赵一', '新立案：赵一']);
    const [m] = await messages();
    expect(m!.sent_at?.toISOString()).toBe('2026-12-01T01:00:00.000Z');
    await admin.request('PUT', '/api/settings', { notifications: { channel: 'log', webhookUrl: '' } });
  });
});
