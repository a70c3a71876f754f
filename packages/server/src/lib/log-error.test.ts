import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '@baoxue/shared';
import { describeError, describeRequest } from './log-error';

describe('describeError', () => {
  it('keeps the message and masks the numbers in it, and leaves out what the error carries beside', () => {
    const id = makeIdNumber('610727', '2016-05-06', 7, 'M');
    const error = Object.assign(new Error(`duplicate key (${id})`), {
      query: 'insert into population …',
      parameters: [id, '王小明'],
    });
    const text = describeError(error);
    expect(text).toContain('duplicate key (610727********');
    expect(text).not.toContain(id);
    expect(text).not.toContain('王小明');
    expect(text).not.toContain('insert into');
    expect(describeError(`plain ${id}`)).toBe(`plain ${id.slice(0, 6)}************`);
  });
});

describe('describeRequest', () => {
  it('masks a number searched for in the address of a request', () => {
    const id = makeIdNumber('610727', '2016-05-06', 7, 'M');
    const logged = describeRequest({ method: 'GET', url: `/api/students?q=${id}&page=1`, ip: '10.0.0.9' });
    expect(logged).toEqual({
      method: 'GET',
      url: `/api/students?q=${id.slice(0, 6)}************&page=1`,
      remoteAddress: '10.0.0.9',
    });
  });
});
