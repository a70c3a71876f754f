import { afterEach, describe, expect, it } from 'vitest';
import { runtimeConfig } from './config';

describe('runtimeConfig', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of ['BAOXUE_HTTPS', 'BAOXUE_TRUST_PROXY', 'PORT', 'BAOXUE_SESSION_HOURS']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('serves plain HTTP on its own by default, as the demo on localhost does', () => {
    delete process.env.BAOXUE_HTTPS;
    delete process.env.BAOXUE_TRUST_PROXY;
    expect(runtimeConfig({})).toMatchObject({ https: false, trustProxy: false });
  });

  it('marks the session cookie Secure and reads the client address from the proxy when told it is behind one', () => {
    process.env.BAOXUE_HTTPS = '1';
    process.env.BAOXUE_TRUST_PROXY = '1';
    expect(runtimeConfig({})).toMatchObject({ https: true, trustProxy: true });
  });

  it('takes the port from a flag over the environment', () => {
    process.env.PORT = '4000';
    expect(runtimeConfig({}).port).toBe(4000);
    expect(runtimeConfig({ port: 5000 }).port).toBe(5000);
  });

  it('ends sessions 12 hours after login unless told another number of hours', () => {
    delete process.env.BAOXUE_SESSION_HOURS;
    expect(runtimeConfig({}).sessionHours).toBe(12);
    process.env.BAOXUE_SESSION_HOURS = '8.5';
    expect(runtimeConfig({}).sessionHours).toBe(8.5);
  });

  it('refuses to start with a session lifetime that is not a positive number: it would never end a session', () => {
    for (const value of ['twelve', '0', '-1', 'Infinity']) {
      process.env.BAOXUE_SESSION_HOURS = value;
      expect(() => runtimeConfig({}), value).toThrow(/BAOXUE_SESSION_HOURS/);
    }
  });
});
