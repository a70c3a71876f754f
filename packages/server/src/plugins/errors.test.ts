import Fastify from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { DateInput, makeIdNumber } from '@baoxue/shared';
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

  it('gives each field a schema refused its reason in Chinese and English, telling a field left out from a wrong one', async () => {
    const app = Fastify({ logger: false });
    app.setValidatorCompiler(validatorCompiler);
    await app.register(errorsPlugin);
    const body = z.object({
      name: z.string().trim().min(1),
      note: z.string(),
      day: DateInput,
      kind: z.string(),
    });
    const querystring = z.object({ page: z.coerce.number().int().max(10) });
    app.post('/things', { schema: { body, querystring } }, () => ({ ok: true }));
    const post = (url: string, payload: unknown) =>
      app.inject({ method: 'POST', url, payload: payload as object });

    const refused = await post('/things', { name: ' ', note: 5, day: '2026-02-30' });
    const paged = await post('/things?page=11', { name: 'a', note: '', day: '2026-01-01', kind: 'k' });
    await app.close();

    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toEqual({
      code: 'validation',
      message: '输入内容不符合要求',
      messageEn: 'The input is not valid',
      details: [
        { path: 'body.name', message: '不能为空', messageEn: 'Must not be empty' },
        { path: 'body.note', message: '应为文字', messageEn: 'Must be text' },
        { path: 'body.day', message: '日期不存在', messageEn: 'There is no such date' },
        { path: 'body.kind', message: '请填写此项', messageEn: 'Required' },
      ],
    });
    expect(paged.json().error.details).toEqual([
      { path: 'querystring.page', message: '不能大于 10', messageEn: 'Must be at most 10' },
    ]);
  });
});
