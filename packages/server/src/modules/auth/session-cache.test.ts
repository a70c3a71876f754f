import { describe, expect, it } from 'vitest';
import type { Actor } from '../../context';
import { cachedSession, forgetCachedSessions, forgetSession, rememberSession } from './session-cache';

const session = (tokenHash: string) => ({
  actor: { userId: 1, username: 'a' } as Actor,
  csrfToken: 'c',
  tokenHash,
  locale: 'zh-CN',
});

describe('the resolved-session cache', () => {
  it('answers for two seconds, then asks again', () => {
    rememberSession(session('t1'), 1_000);
    expect(cachedSession('t1', 2_999)?.tokenHash).toBe('t1');
    expect(cachedSession('t1', 3_000)).toBeUndefined();
    expect(cachedSession('t1', 2_000)).toBeUndefined();
  });

  it('forgets one session at logout and all after a change', () => {
    rememberSession(session('t2'), 0);
    rememberSession(session('t3'), 0);
    forgetSession('t2');
    expect(cachedSession('t2', 1)).toBeUndefined();
    expect(cachedSession('t3', 1)).toBeDefined();
    forgetCachedSessions();
    expect(cachedSession('t3', 1)).toBeUndefined();
  });
});
