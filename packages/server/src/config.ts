import { fileURLToPath } from 'node:url';

export const DEFAULT_COUNTY = '610727';
export const DEFAULT_PORT = 3000;
export const DEFAULT_DATA_DIR = 'data';
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
  };
}
