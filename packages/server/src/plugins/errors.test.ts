import Fastify from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeIdNumber } from '@baoxue/shared';
import errorsPlugin from './errors';

describe('errors plugin', () => {
  afterEach(() => vi.restoreAllMocks());

  it('answers an unexpected error with the generic message and logs it, numbers masked, even without a logger', async () => {
    const id = makeIdNumber('610727', '2016-05-06', 7, 'M');
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const app = Fastify({ logger: false });
    await app.register(errorsPlugin);
    app.get('/boom', () => {
      throw new Error(`duplicate key (${id})`);
    });
    const res = await app.inject({ method: 'GET', url: '/boom' });
    await app.close();

    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('duplicate key');
    const text = logged.mock.calls.map((args) => args.join(' ')).join('\n');
    expect(text).toContain('unhandled error in GET /boom');
    expect(text).toContain(`duplicate key (${id.slice(0, 6)}`);
    expect(text).not.toContain(id);
  });
});
