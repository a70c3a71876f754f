import { fileURLToPath } from 'node:url';

export const DEFAULT_COUNTY = '610727';
export const DEFAULT_PORT = 3000;
export const DEFAULT_DATA_DIR = 'data';
/**
 * However active, a session ends this long after its login: a working day and some, so a
 * session taken over (a cookie copied, a desk left logged in) does not outlive the day.
 */
export const DEFAULT_SESSION_HOURS = 12;
export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface RuntimeConfig {
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  countyCode: string;
  /** Served to browsers over HTTPS (by a reverse proxy): the session cookie is marked Secure. */
  https: boolean;
  /** Behind a reverse proxy: the client's address is read from X-Forwarded-For (login limit, audit). */
  trustProxy: boolean;
  /** A session ends this many hours after its login, however active it stays. */
  sessionHours: number;
}

/** Command-line flags win over the environment, which wins over the defaults. */
export function runtimeConfig(flags: { data?: string; port?: number; host?: string }): RuntimeConfig {
  return {
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: flags.data ?? process.env.BAOXUE_DATA ?? DEFAULT_DATA_DIR,
    port: flags.port ?? (process.env.PORT ? Number(process.env.PORT) : DEFAULT_PORT),
    host: flags.host ?? process.env.HOST ?? '0.0.0.0',
    countyCode: process.env.BAOXUE_COUNTY ?? DEFAULT_COUNTY,
    https: process.env.BAOXUE_HTTPS === '1',
    trustProxy: process.env.BAOXUE_TRUST_PROXY === '1',
    sessionHours: sessionHoursOf(process.env.BAOXUE_SESSION_HOURS),
  };
}

/** A mistyped limit must stop the start: read as NaN it would let every session live forever. */
function sessionHoursOf(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_SESSION_HOURS;
  const hours = Number(value);
  if (!Number.isFinite(hours) || hours <= 0) {
    throw new Error(
      `BAOXUE_SESSION_HOURS 应为正数（小时）/ BAOXUE_SESSION_HOURS must be a positive number of hours: ${value}`,
    );
  }
  return hours;
}
