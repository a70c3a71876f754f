import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxCount, InboxItem, Page } from '@baoxue/shared';
import { createTestApp, login, type Client, type TestApp } from '../../../test/app';
import { databaseKinds } from '../../../test/db';
import { COUNTY } from '../../../test/fixtures';
import { deliver, type NewInboxItem } from './inbox.deliver';

// Every user's inbox: only one's own items are seen, counted and marked; titles come in the
// language asked for, else the user's locale; filing the same item twice files it once.

describe.each(databaseKinds())('inbox on %s', (kind) => {
  let t: TestApp;
  let teacher: Client;
  let town: Client;
  const ids: Record<string, number> = {};

  const item = (
    userId: number,
    key: string,
    dueOn: string | null,
    extra: Partial<NewInboxItem> = {},
  ): NewInboxItem => ({
    userId,
    kind: 'contact_today',
    dedupeKey: key,
    titleZh: `联系监护人 ${key}`,
    titleEn: `Contact the guardian ${key}`,
    bodyZh: '今日未到校',
    bodyEn: 'Absent today',
    link: '/absences',
    dueOn,
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp(kind);
    teacher = await login(t.app, t.fixture.users.teacher.username);
    town = await login(t.app, t.fixture.users.town_official.username);
    const u = t.fixture.users;
    const filed = await deliver(t.database.db, COUNTY, [
      item(u.teacher.id, 't1', '2026-12-02'),
      item(u.teacher.id, 't2', '2026-12-01'),
      item(u.teacher.id, 't3', null, { kind: 'step_due', caseId: null, link: '/cases/1', bodyEn: null }),
      item(u.town_official.id, 'o1', '2026-12-01', { kind: 'case_escalated' }),
    ]);
    expect(filed).toBe(4);
    const rows = await t.database.db.selectFrom('inbox_items').select(['id', 'dedupe_key']).execute();
    for (const r of rows) ids[r.dedupe_key] = r.id;
  }, 120_000);
  afterAll(async () => t?.close());

  it('files an item once however often it is delivered, and queues one outbound message each', async () => {
    const again = await deliver(t.database.db, COUNTY, [
      item(t.fixture.users.teacher.id, 't1', '2026-12-02'),
    ]);
    expect(again).toBe(0);
    const queued = await t.database.db
      .selectFrom('outbound_messages')
      .select(['channel', 'status'])
      .execute();
    expect(queued).toHaveLength(4);
    expect(new Set(queued.map((q) => `${q.channel}:${q.status}`))).toEqual(new Set(['log:pending']));
  });

  it('lists only the user’s own open items, most pressing first', async () => {
    const page = (await teacher.request('GET', '/api/inbox')).json() as Page<InboxItem>;
    expect(page.total).toBe(3);
    expect(page.items.map((i) => i.title)).toEqual(['联系监护人 t2', '联系监护人 t1', '联系监护人 t3']);
    expect(page.items[0]).toMatchObject({
      kind: 'contact_today',
      dueOn: '2026-12-01',
      read: false,
      done: false,
      link: '/absences',
    });
    const other = (await town.request('GET', '/api/inbox')).json() as Page<InboxItem>;
    expect(other.items.map((i) => i.title)).toEqual(['联系监护人 o1']);
  });

  it('answers in the language asked for, else in the user’s saved locale', async () => {
    const en = (await teacher.request('GET', '/api/inbox?lang=en')).json() as Page<InboxItem>;
    expect(en.items[0]).toMatchObject({ title: 'Contact the guardian t2', body: 'Absent today' });
    // An item without an English body falls back to the Chinese one.
    expect(en.items[2]).toMatchObject({ title: 'Contact the guardian t3', body: '今日未到校' });
    await t.database.db
      .updateTable('users')
      .set({ locale: 'en' })
      .where('id', '=', t.fixture.users.town_official.id)
      .execute();
    const saved = await login(t.app, t.fixture.users.town_official.username);
    expect(((await saved.request('GET', '/api/inbox')).json() as Page<InboxItem>).items[0]!.title).toBe(
      'Contact the guardian o1',
    );
    expect(
      ((await saved.request('GET', '/api/inbox?lang=zh-CN')).json() as Page<InboxItem>).items[0]!.title,
    ).toBe('联系监护人 o1');
  });

  it('counts open and unread items for the badge, and marks read and done', async () => {
    const count = async (c: Client) => (await c.request('GET', '/api/inbox/count')).json() as InboxCount;
    expect(await count(teacher)).toEqual({ open: 3, unread: 3 });

    const read = await teacher.request('POST', `/api/inbox/${ids.t1}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ read: true, done: false });
    expect(await count(teacher)).toEqual({ open: 3, unread: 2 });

    const done = await teacher.request('POST', `/api/inbox/${ids.t2}/done`);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ read: true, done: true });
    expect(await count(teacher)).toEqual({ open: 2, unread: 1 });

    const open = (await teacher.request('GET', '/api/inbox?state=open')).json() as Page<InboxItem>;
    expect(open.items.map((i) => i.id)).not.toContain(ids.t2);
    const finished = (await teacher.request('GET', '/api/inbox?state=done')).json() as Page<InboxItem>;
    expect(finished.items.map((i) => i.id)).toEqual([ids.t2]);
    const all = (await teacher.request('GET', '/api/inbox?state=all&pageSize=2')).json() as Page<InboxItem>;
    expect(all.total).toBe(3);
    expect(all.items).toHaveLength(2);

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('entity', '=', 'inbox_item')
      .execute();
    expect(audit).toEqual([{ action: 'update', entity_id: String(ids.t2) }]);
  });

  it('answers 404 for another user’s item and leaves it untouched', async () => {
    for (const action of ['read', 'done']) {
      const res = await teacher.request('POST', `/api/inbox/${ids.o1}/${action}`);
      expect(res.statusCode).toBe(404);
    }
    expect((await teacher.request('POST', '/api/inbox/999999/done')).statusCode).toBe(404);
    const row = await t.database.db
      .selectFrom('inbox_items')
      .select(['read_at', 'done_at'])
      .where('id', '=', ids.o1!)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ read_at: null, done_at: null });
    expect(((await town.request('GET', '/api/inbox/count')).json() as InboxCount).open).toBe(1);
  });
});
