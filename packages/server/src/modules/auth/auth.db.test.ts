import type { AuditAction, ErrorResponse } from '@baoxue/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Client, type TestApp } from '../../../test/app';
import { databaseKinds } from '../../../test/db';
import { PASSWORD } from '../../../test/fixtures';
import { hashToken } from './auth.service';
import { forgetCachedSessions } from './session-cache';

describe.each(databaseKinds())('login and session security on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t?.close());

  const tryLogin = (username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

  const auditActions = async (action: AuditAction) =>
    t.database.db
      .selectFrom('audit_log')
      .select(['username', 'entity_id', 'detail'])
      .where('action', '=', action)
      .execute();

  it('logs in with an HttpOnly, SameSite=Strict session cookie and a CSRF token', async () => {
    const res = await tryLogin('teacher', PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'bx_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(res.json()).toMatchObject({
      user: { username: 'teacher', role: 'teacher' },
      csrfToken: expect.any(String),
    });
  });

  it('sends security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: kind });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toContain('max-age=');
    // Refusals and unknown paths carry them too.
    for (const url of ['/api/students', '/api/no-such-thing']) {
      const refused = await t.app.inject({ method: 'GET', url });
      expect(refused.statusCode).toBeGreaterThanOrEqual(400);
      expect(refused.headers['content-security-policy']).toContain("script-src 'self'");
      expect(refused.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('has no answer of the API kept by a browser or proxy: a full number revealed must not stay in a cache', async () => {
    const admin = await login(t.app, t.fixture.users.county_admin.username);
    const listed = await admin.request('GET', '/api/students');
    const revealed = await admin.request('POST', `/api/students/${t.fixture.students.a1}/identity`);
    const exported = await admin.request('GET', '/api/students?format=xlsx');
    for (const res of [listed, revealed, exported]) {
      expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('locks an account after five wrong passwords; the sixth attempt is refused even with the right one', async () => {
    for (let i = 1; i <= 5; i++) {
      const res = await tryLogin('school-admin', `Wrong#${i}pass`);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: { code: 'bad_credentials', message: '用户名或密码错误' } });
    }
    const sixth = await tryLogin('school-admin', PASSWORD);
    expect(sixth.statusCode).toBe(423);
    expect(sixth.json()).toMatchObject({ error: { code: 'account_locked' } });

    const locked = await auditActions('login_locked');
    expect(locked).toContainEqual(expect.objectContaining({ username: 'school-admin' }));
    const logins = await t.database.db
      .selectFrom('login_log')
      .select('outcome')
      .where('username', '=', 'school-admin')
      .orderBy('id')
      .execute();
    expect(logins.map((l) => l.outcome)).toEqual([...Array(5).fill('bad_password'), 'locked']);
  });

  it('lets the county admin unlock the account', async () => {
    const admin = await login(t.app, 'county-admin');
    const res = await admin.request('POST', `/api/users/${t.fixture.users.school_admin.id}/unlock`);
    expect(res.statusCode).toBe(200);
    expect((await tryLogin('school-admin', PASSWORD)).statusCode).toBe(200);
  });

  it('unlocks by itself once the lockout period is over', async () => {
    for (let i = 0; i < 5; i++) await tryLogin('village-official', 'Wrong#pass1');
    expect((await tryLogin('village-official', PASSWORD)).statusCode).toBe(423);
    // Move the lock into the past instead of waiting 15 minutes.
    await t.database.db
      .updateTable('users')
      .set({ locked_until: sql<Date>`now() - interval '1 second'` })
      .where('username', '=', 'village-official')
      .execute();
    expect((await tryLogin('village-official', PASSWORD)).statusCode).toBe(200);
  });

  it('does not reveal whether a username exists', async () => {
    const res = await tryLogin('nobody-here', 'Whatever#1');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'bad_credentials' } });
  });

  it('expires a session after 30 idle minutes and audits it', async () => {
    const client = await login(t.app, 'county-leader');
    expect((await client.request('GET', '/api/overview')).statusCode).toBe(200);
    await t.database.db
      .updateTable('sessions')
      .set({ last_seen_at: sql<Date>`now() - interval '31 minutes'` })
      .where('user_id', '=', t.fixture.users.county_leader.id)
      .execute();
    // The edit moves time behind the services' back; the moment a resolved session is
    // remembered (session-cache.ts) is long over after 31 real minutes.
    forgetCachedSessions();
    const res = await client.request('GET', '/api/overview');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'session_expired' } });
    expect(await auditActions('session_expired')).toContainEqual(
      expect.objectContaining({ username: 'county-leader' }),
    );
    // The expired session is gone for good.
    expect((await client.request('GET', '/api/overview')).statusCode).toBe(401);
  });

  it('keeps a session that was active 29 minutes ago', async () => {
    const client = await login(t.app, 'inspector');
    await t.database.db
      .updateTable('sessions')
      .set({ last_seen_at: sql<Date>`now() - interval '29 minutes'` })
      .where('user_id', '=', t.fixture.users.inspector.id)
      .execute();
    expect((await client.request('GET', '/api/overview')).statusCode).toBe(200);
  });

  /**
   * Moves one session's login into the past; its last request stays just now. In raw SQL:
   * the app never changes a session's `created_at`, and its table type says so.
   */
  const loggedInAgo = async (client: Client, interval: string) => {
    const tokenHash = hashToken(client.cookie.replace('bx_session=', ''));
    await sql`update sessions set created_at = now() - ${interval}::interval
      where token_hash = ${tokenHash}`.execute(t.database.db);
    // The edit moves time behind the services' back (see the idle test above).
    forgetCachedSessions();
  };

  it('ends a session 12 hours after its login however active it stays, and audits it', async () => {
    const client = await login(t.app, 'town-official');
    await loggedInAgo(client, '12 hours 1 minute');
    const res = await client.request('GET', '/api/overview');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({
      error: {
        code: 'session_lifetime_over',
        message: '登录时间已达上限，会话已结束，请重新登录',
        messageEn: 'Your session reached its time limit; please log in again',
      },
    });
    expect(await auditActions('session_expired')).toContainEqual(
      expect.objectContaining({
        username: 'town-official',
        detail: '登录已满 12 小时 / 12 hours after login',
      }),
    );
    // The session row is gone, as an idle one's is: the cookie opens nothing any more.
    expect((await client.request('GET', '/api/overview')).json()).toMatchObject({
      error: { code: 'unauthenticated' },
    });
  });

  it('keeps an active session logged in just under 12 hours ago', async () => {
    const client = await login(t.app, 'town-official');
    await loggedInAgo(client, '11 hours 59 minutes');
    expect((await client.request('GET', '/api/overview')).statusCode).toBe(200);
  });

  it('ends sessions after the lifetime the server was started with', async () => {
    const { buildApp } = await import('../../app');
    const shortDay = await buildApp({
      db: t.database.db,
      dbKind: t.database.kind,
      countyCode: '610727',
      loginRateLimit: 10_000,
      sessionHours: 1,
    });
    try {
      const client = await login(shortDay, 'town-official');
      await loggedInAgo(client, '61 minutes');
      const res = await shortDay.inject({
        method: 'GET',
        url: '/api/overview',
        headers: { cookie: client.cookie },
      });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: { code: 'session_lifetime_over' } });
    } finally {
      await shortDay.close();
    }
  });

  it('shows the API description (/api/docs) to logged-in users only', async () => {
    for (const url of ['/api/docs', '/api/docs/json', '/api/docs/yaml', '/api/docs/static/index.html']) {
      const anonymous = await t.app.inject({ method: 'GET', url });
      expect(anonymous.statusCode, url).toBe(401);
      expect(anonymous.body, url).not.toContain('/api/students');
    }
    const client = await login(t.app, 'teacher');
    const spec = await client.request('GET', '/api/docs/json');
    expect(spec.statusCode).toBe(200);
    expect(spec.json<{ paths: Record<string, unknown> }>().paths).toHaveProperty('/api/imports');
    const ui = await client.request('GET', '/api/docs');
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });

  it('refuses a state-changing request without the CSRF token, and a forged cross-site POST', async () => {
    const client = await login(t.app, 'county-admin');
    const noToken = await t.app.inject({
      method: 'PUT',
      url: '/api/settings',
      headers: { cookie: client.cookie },
      payload: { security: { idleMinutes: 45 } },
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json()).toMatchObject({ error: { code: 'csrf' } });

    const crossSite = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: {
        cookie: client.cookie,
        origin: 'https://evil.example',
        host: 'localhost:3000',
        'x-csrf-token': client.csrf,
      },
      payload: {
        username: 'forged',
        displayName: 'x',
        role: 'teacher',
        scopeCode: '1',
        initialPassword: 'Forged#2026',
      },
    });
    expect(crossSite.statusCode).toBe(403);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { origin: 'https://spam.example', host: 'localhost:3000' },
    });
    expect(anonymous.statusCode).toBe(403);
    const rejected = await auditActions('csrf_rejected');
    expect(rejected.length).toBeGreaterThanOrEqual(2);
    // The forged request is written down under the user whose session it rode.
    expect(rejected.find((r) => r.detail?.includes('evil.example'))?.username).toBe('county-admin');
    // One without a session is refused unrecorded: no entries naming nobody.
    expect(rejected.some((r) => r.detail?.includes('spam.example'))).toBe(false);
    const forged = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'forged')
      .execute();
    expect(forged).toEqual([]);
  });

  it('forces a user with an initial password to change it first, under the password policy', async () => {
    const admin = await login(t.app, 'county-admin');
    const created = await admin.request('POST', '/api/users', {
      username: 'first.timer',
      displayName: '新用户',
      role: 'town_official',
      scopeCode: '610727101',
      initialPassword: 'Initial#2026',
    });
    expect(created.statusCode).toBe(201);
    const user = await login(t.app, 'first.timer', 'Initial#2026');
    const blocked = await user.request('GET', '/api/schools');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ error: { code: 'password_change_required' } });

    const weak = await user.request('POST', '/api/auth/password', {
      currentPassword: 'Initial#2026',
      newPassword: 'alllowercase',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({ error: { code: 'weak_password' } });
    const wrong = await user.request('POST', '/api/auth/password', {
      currentPassword: 'Nope#2026',
      newPassword: 'Better#2027',
    });
    expect(wrong.json()).toMatchObject({ error: { code: 'wrong_current_password' } });

    const ok = await user.request('POST', '/api/auth/password', {
      currentPassword: 'Initial#2026',
      newPassword: 'Better#2027',
    });
    expect(ok.statusCode).toBe(200);
    expect((await user.request('GET', '/api/schools')).statusCode).toBe(200);
    expect((await tryLogin('first.timer', 'Initial#2026')).statusCode).toBe(401);
    expect((await tryLogin('first.timer', 'Better#2027')).statusCode).toBe(200);
    expect(await auditActions('password_change')).toContainEqual(
      expect.objectContaining({ username: 'first.timer' }),
    );
  });

  it('refuses an account linked to a staff member or a scope the county does not have, on its field, in both languages', async () => {
    const admin = await login(t.app, 'county-admin');
    const account = {
      username: 'no.such.staff',
      displayName: '无此人',
      role: 'school_admin',
      scopeCode: '2161000001',
      initialPassword: 'Initial#2026',
    };
    const noStaff = await admin.request('POST', '/api/users', { ...account, staffId: 999_999 });
    expect(noStaff.statusCode, noStaff.body).toBe(400);
    expect(noStaff.json<ErrorResponse>().error.details).toEqual([
      { path: 'staffId', message: '找不到教职工 999999', messageEn: 'No staff member 999999' },
    ]);
    const noTown = await admin.request('POST', '/api/users', {
      ...account,
      role: 'town_official',
      scopeCode: '610727999',
    });
    expect(noTown.json<ErrorResponse>().error.details).toEqual([
      {
        path: 'scopeCode',
        message: '范围代码 610727999 不是本县的镇(街道)',
        messageEn: 'The scope code 610727999 is not a town of the county',
      },
    ]);
    const taken = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', account.username)
      .execute();
    expect(taken).toEqual([]);
  });

  it('counts wrong current passwords of a password change as failed logins: a session cannot guess without end', async () => {
    const admin = await login(t.app, 'county-admin');
    const created = await admin.request('POST', '/api/users', {
      username: 'guessed.at',
      displayName: '被猜密码',
      role: 'town_official',
      scopeCode: '610727101',
      initialPassword: 'Initial#2026',
    });
    expect(created.statusCode).toBe(201);
    const session = await login(t.app, 'guessed.at', 'Initial#2026');
    const change = (currentPassword: string) =>
      session.request('POST', '/api/auth/password', { currentPassword, newPassword: 'Better#2027' });
    for (let i = 1; i <= 5; i++) {
      expect((await change(`Guess#${i}word`)).json()).toMatchObject({
        error: { code: 'wrong_current_password' },
      });
    }
    // Locked: the right password no longer serves, here or at the login.
    expect((await change('Initial#2026')).statusCode).toBe(423);
    expect((await tryLogin('guessed.at', 'Initial#2026')).statusCode).toBe(423);
    expect(await auditActions('login_locked')).toContainEqual(
      expect.objectContaining({ username: 'guessed.at' }),
    );
  });

  it('names the scope node of each user in the user list: a town, a school, a zone, a teacher', async () => {
    const admin = await login(t.app, 'county-admin');
    const page = (await admin.request('GET', '/api/users?pageSize=100')).json<{
      items: { username: string; scopeName: string }[];
    }>();
    const scopeOf = (username: string) => page.items.find((u) => u.username === username)?.scopeName;
    const db = t.database.db;
    const nameOf = async (table: 'regions' | 'schools', code: string) =>
      (await db.selectFrom(table).select('name').where('code', '=', code).executeTakeFirstOrThrow()).name;
    const zone = await db.selectFrom('inspection_zones').select('name').executeTakeFirstOrThrow();
    const users = t.fixture.users;
    expect(scopeOf(users.town_official.username)).toBe(await nameOf('regions', '610727101'));
    expect(scopeOf(users.school_admin.username)).toBe(await nameOf('schools', '2161000001'));
    expect(scopeOf(users.inspector.username)).toBe(zone.name);
    expect(scopeOf(users.teacher.username)).toBe('甲老师');
  });

  it('logs out: the cookie no longer opens anything', async () => {
    const client = await login(t.app, 'teacher');
    expect((await client.request('POST', '/api/auth/logout')).statusCode).toBe(200);
    expect((await client.request('GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('rate-limits login attempts per client address', async () => {
    const { buildApp } = await import('../../app');
    const limited = await buildApp({
      db: t.database.db,
      dbKind: t.database.kind,
      countyCode: '610727',
      loginRateLimit: 3,
    });
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const res = await limited.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'nobody', password: 'x' },
      });
      statuses.push(res.statusCode);
    }
    await limited.close();
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('never answers 500 to malformed input', async () => {
    const admin = await login(t.app, 'county-admin');
    const cases: [string, string, unknown, number][] = [
      ['POST', '/api/auth/login', {}, 400],
      ['POST', '/api/auth/login', { username: 123, password: [] }, 400],
      ['GET', '/api/students/abc', undefined, 400],
      ['GET', '/api/students/99999999999', undefined, 400],
      ['GET', '/api/students/424242', undefined, 404],
      ['GET', '/api/students?pageSize=100000', undefined, 400],
      ['GET', '/api/schools/12', undefined, 400],
      ['GET', '/api/regions/abc', undefined, 400],
      ['PATCH', '/api/schools/2161000001', { type: 'castle' }, 400],
      [
        'POST',
        '/api/schools',
        { code: '2161000001', name: '重复', type: 'primary', townCode: '610727101' },
        409,
      ],
      [
        'POST',
        '/api/schools',
        { code: '2161000077', name: '错镇', type: 'primary', townCode: '610727999' },
        400,
      ],
      ['POST', '/api/users', { username: 'x' }, 400],
      [
        'POST',
        '/api/users',
        { username: 'weakling', displayName: 'w', role: 'teacher', scopeCode: '1', initialPassword: 'short' },
        400,
      ],
      [
        'POST',
        '/api/users',
        {
          username: 'badscope',
          displayName: 'b',
          role: 'town_official',
          scopeCode: '610727001001',
          initialPassword: 'Strong#2026',
        },
        400,
      ],
      ['PATCH', '/api/users/999999', { displayName: 'ghost' }, 404],
      ['PUT', '/api/settings', { security: { idleMinutes: 'soon' } }, 400],
      ['GET', '/api/audit?from=yesterday', undefined, 400],
      ['GET', '/api/nothing-here', undefined, 404],
    ];
    for (const [method, url, body, status] of cases) {
      const res = await admin.request(method as 'GET', url, body);
      expect([method, url, res.statusCode]).toEqual([method, url, status]);
      const error = (res.json() as { error: { message: string; messageEn: string } }).error;
      expect(error.message.length).toBeGreaterThan(0);
      expect(error.messageEn.length).toBeGreaterThan(0);
      expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    }
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": ',
    });
    expect(malformed.statusCode).toBe(400);
    const huge = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'x', password: 'y'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.statusCode).toBe(413);
  });
});
