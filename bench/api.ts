import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import autocannon from 'autocannon';

// Measures the main list endpoints on the demo county under 32 concurrent connections.
// The server runs in its own process (as in production) so the load generator does not
// share its event loop. Goal: p99 ≤ 50 ms per endpoint.

const PORT = 3999;
const BASE = `http://127.0.0.1:${PORT}`;
const DATA_DIR = 'bench/out/api-data';
const CONNECTIONS = 32;
const GOAL_P99_MS = 50;

interface Target {
  name: string;
  path: string;
  as: string;
}

const TARGETS: Target[] = [
  { name: 'overview (county)', path: '/api/overview', as: 'admin' },
  { name: 'schools list (county)', path: '/api/schools?pageSize=20', as: 'admin' },
  { name: 'students list (county)', path: '/api/students?pageSize=20', as: 'admin' },
  { name: 'students list p.50 (county)', path: '/api/students?page=50&pageSize=20', as: 'admin' },
  { name: 'students search (county)', path: '/api/students?q=%E5%BC%A0&pageSize=20', as: 'admin' },
  { name: 'students list (town)', path: '/api/students?pageSize=20', as: 'town' },
  { name: 'students list (teacher)', path: '/api/students?pageSize=50', as: 'teacher' },
  { name: 'regions tree (county)', path: '/api/regions/tree', as: 'admin' },
  { name: 'users list', path: '/api/users?pageSize=20', as: 'admin' },
  { name: 'audit log', path: '/api/audit?pageSize=20', as: 'admin' },
];

const PG_BENCH_DB = 'baoxue_bench';

/** `--pg`: a fresh database on the local PostgreSQL (as CI has it) instead of the embedded one. */
function postgresUrl(): string {
  const admin = 'postgres://postgres@127.0.0.1:5432/postgres';
  execFileSync('psql', [admin, '-qc', `drop database if exists ${PG_BENCH_DB} with (force)`]);
  execFileSync('psql', [admin, '-qc', `create database ${PG_BENCH_DB}`]);
  return `postgres://postgres@127.0.0.1:5432/${PG_BENCH_DB}`;
}

function startServer(databaseUrl: string): ChildProcess {
  mkdirSync('bench/out', { recursive: true });
  const args = [
    '--import',
    'tsx',
    'packages/server/src/cli.ts',
    'serve',
    '--data',
    DATA_DIR,
    '--port',
    String(PORT),
  ];
  return spawn(process.execPath, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
}

async function waitForHealth(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('server did not start');
}

async function sessionCookie(username: string): Promise<string> {
  const res = await fetch(`${BASE}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'Baoxue#2026' }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie') ?? '';
  return cookie.split(';')[0] ?? '';
}

function measure(path: string, cookie: string, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: `${BASE}${path}`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { cookie },
  });
}

export async function main(args: string[]): Promise<void> {
  const pg = args.includes('--pg');
  const seconds = Number(args.find((a) => /^\d+$/.test(a)) ?? 5);
  const server = startServer(pg ? postgresUrl() : '');
  try {
    await waitForHealth(120_000);
    const cookies = new Map<string, string>();
    for (const who of new Set(TARGETS.map((t) => t.as))) cookies.set(who, await sessionCookie(who));
    console.log(
      `\nAPI benchmark: ${CONNECTIONS} connections, ${seconds} s per endpoint, demo county on PGlite`,
    );
    console.log(`goal: p99 ≤ ${GOAL_P99_MS} ms; baseline: GET /api/health (no database work)\n`);
    const rows: string[][] = [];
    const all = [{ name: 'baseline: health', path: '/api/health', as: 'admin' }, ...TARGETS];
    for (const target of all) {
      await measure(target.path, cookies.get(target.as) ?? '', 1); // warm-up
      const r = await measure(target.path, cookies.get(target.as) ?? '', seconds);
      const ok = r.non2xx === 0 && r.errors === 0 && r.timeouts === 0 && r.requests.total > 0;
      rows.push([
        target.name,
        `${r.latency.p50}`,
        `${r.latency.p99}`,
        `${Math.round(r.requests.average)}`,
        ok
          ? r.latency.p99 <= GOAL_P99_MS
            ? 'ok'
            : 'SLOW'
          : `ERR ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`,
      ]);
    }
    const header = ['endpoint', 'p50 ms', 'p99 ms', 'req/s', 'goal'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    for (const line of [header, ...rows]) console.log(line.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  } finally {
    server.kill('SIGTERM');
  }
}
