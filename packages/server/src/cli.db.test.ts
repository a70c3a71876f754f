import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { tableFingerprints } from '../test/checksums';
import { createFixtureCounty } from '../test/fixtures';
import { main } from './cli';
import { connect } from './db/connection';
import { migrateToLatest } from './db/migrate';
import { verifyPassword } from './modules/auth/password';

// The `baoxue` command as a user runs it: real data folders, exit codes and messages. The
// commands run in this process through `main`, as bin/baoxue.mjs runs them: a process costs
// 3–10 s of start-up under the suite's load (tsx, then PGlite), nine of them most of this
// file's two minutes. Two real processes check the wrapper that turns `main`'s answer into
// the exit status, one for each way out.

const BIN = fileURLToPath(new URL('../bin/baoxue.mjs', import.meta.url));

function baoxue(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '' },
    timeout: 120_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** The same command in this process: its exit status and what it wrote. */
async function baoxueHere(...args: string[]) {
  const written = { out: '', err: '' };
  const capture = (key: 'out' | 'err') => (chunk: string | Uint8Array) => {
    written[key] += String(chunk);
    return true;
  };
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture('out'));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture('err'));
  vi.stubEnv('DATABASE_URL', '');
  try {
    return { code: await main(args), ...written };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    vi.unstubAllEnvs();
  }
}

describe('baoxue command line', () => {
  const root = mkdtempSync(join(tmpdir(), 'bx-cli-'));
  const data = join(root, 'data');

  beforeAll(async () => {
    const handle = await connect({ dataDir: data });
    await migrateToLatest(handle.db);
    await createFixtureCounty(handle.db);
    await handle.close();
  });

  it('explains itself with --help, as a process', () => {
    const top = baoxue('--help');
    expect(top.code).toBe(0);
    for (const command of ['serve', 'migrate', 'seed', 'user', 'backup', 'restore'])
      expect(top.out).toContain(command);
  });

  it('exits 2 with a message for an unknown command, as a process', () => {
    const result = baoxue('frobnicate');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/未知命令/);
  });

  it('explains every command with --help', async () => {
    for (const command of ['serve', 'user', 'backup', 'restore']) {
      const one = await baoxueHere(command, '--help');
      expect([command, one.code]).toEqual([command, 0]);
      expect(one.out).toContain(`baoxue ${command}`);
    }
  });

  it.each([
    [['frobnicate'], /未知命令/],
    [['migrate', '--bogus'], /参数错误/],
    [['serve', '--port', 'eighty'], /端口无效/],
    [['seed'], /baoxue seed demo/],
    [['backup'], /缺少参数 --out/],
    [['restore'], /usage: baoxue restore/],
    [['restore', '/no/such/file.bxbak'], /找不到备份文件/],
    [['user', 'add', '--username', 'x1'], /缺少参数 --role/],
    [['user', 'add', '--username', 'x1', '--name', 'X', '--role', 'wizard', '--scope', '1'], /未知角色/],
  ])('answers 2 with a message for bad input: %s', async (args, message) => {
    const result = await baoxueHere(...args, '--data', data);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.err).not.toMatch(/at .*\.ts:\d+/);
  });

  it('refuses a bad scope and a weak password with exit 2', async () => {
    const scope = await baoxueHere(
      'user',
      'add',
      '--username',
      'x2',
      '--name',
      'X',
      '--role',
      'town_official',
      '--scope',
      '610727999',
      '--data',
      data,
    );
    expect(scope.code).toBe(2);
    expect(scope.err).toMatch(/范围代码无效/);
    const weak = await baoxueHere(
      'user',
      'add',
      '--username',
      'x3',
      '--name',
      'X',
      '--role',
      'town_official',
      '--scope',
      '610727101',
      '--password',
      'weak',
      '--data',
      data,
    );
    expect(weak.code).toBe(2);
    expect(weak.err).toMatch(/密码至少 8 位/);
  });

  it('adds a user with a generated password that must be changed, and resets it', async () => {
    const added = await baoxueHere(
      'user',
      'add',
      '--username',
      'clerk.wang',
      '--name',
      '王文员',
      '--role',
      'town_official',
      '--scope',
      '610727101',
      '--data',
      data,
    );
    expect(added.code, added.err).toBe(0);
    const password = /初始密码 \/ initial password: (\S+)/.exec(added.out)?.[1];
    expect(password).toBeTruthy();
    const reset = await baoxueHere(
      'user',
      'reset-password',
      '--username',
      'clerk.wang',
      '--password',
      'Reset#2026a',
      '--data',
      data,
    );
    expect(reset.code, reset.err).toBe(0);
    const handle = await connect({ dataDir: data });
    try {
      const user = await handle.db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', 'clerk.wang')
        .executeTakeFirstOrThrow();
      expect(user.must_change_password).toBe(true);
      expect(await verifyPassword(user.password_hash, 'Reset#2026a')).toBe(true);
      const audit = await handle.db
        .selectFrom('audit_log')
        .select('action')
        .where('username', '=', 'cli')
        .execute();
      expect(audit.map((a) => a.action).sort()).toEqual(['create', 'password_reset']);
    } finally {
      await handle.close();
    }
    expect((await baoxueHere('user', 'reset-password', '--username', 'nobody', '--data', data)).code).toBe(2);
  });

  it('backs up and restores into an empty folder with the same data', async () => {
    const file = join(root, 'county.bxbak');
    const backup = await baoxueHere('backup', '--out', file, '--data', data);
    expect(backup.code, backup.err).toBe(0);
    const restoredDir = join(root, 'restored');
    const restore = await baoxueHere('restore', file, '--data', restoredDir);
    expect(restore.code, restore.err).toBe(0);
    const [a, b] = [await connect({ dataDir: data }), await connect({ dataDir: restoredDir })];
    try {
      expect(await tableFingerprints(b.db)).toEqual(await tableFingerprints(a.db));
    } finally {
      await a.close();
      await b.close();
    }
    const again = await baoxueHere('restore', file, '--data', restoredDir);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/不是空的/);
    const junk = join(root, 'junk.bxbak');
    writeFileSync(junk, 'not a backup');
    const bad = await baoxueHere('restore', junk, '--data', join(root, 'other'));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/不是保学备份文件/);
  });
});
