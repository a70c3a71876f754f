import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_HASHED, CACHE_REVALIDATE, serveWebApp } from './web-app';

const SCRIPT = `console.log(${JSON.stringify('保学'.repeat(500))});`;
const PAGE = `<!doctype html><html><head><script src="/assets/index-Ab12Cd.js"></script></head></html>`;

/** A build as Vite writes it: hashed assets with their compressed copies, index.html at the root. */
function writeBuild(dir: string): void {
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), PAGE);
  writeFileSync(join(dir, 'assets', 'index-Ab12Cd.js'), SCRIPT);
  writeFileSync(join(dir, 'assets', 'index-Ab12Cd.js.br'), brotliCompressSync(SCRIPT));
  writeFileSync(join(dir, 'assets', 'index-Ab12Cd.js.gz'), gzipSync(SCRIPT));
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
}

describe('serving the web app', () => {
  let dir: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bx-web-'));
    writeBuild(dir);
    app = Fastify({ logger: false });
    await serveWebApp(app, dir);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends a hashed asset compressed to a browser that takes brotli or gzip, cached for good', async () => {
    for (const [accepted, encoding] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
    ]) {
      const res = await app.inject({
        url: '/assets/index-Ab12Cd.js',
        headers: { 'accept-encoding': accepted },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers['content-type']).toMatch(/javascript/);
      expect(res.headers['cache-control']).toBe(CACHE_HASHED);
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(res.rawPayload.length).toBeLessThan(SCRIPT.length / 4);
    }
  });

  it('sends the plain file to a browser that takes no compression', async () => {
    const res = await app.inject({
      url: '/assets/index-Ab12Cd.js',
      headers: { 'accept-encoding': 'identity' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body).toBe(SCRIPT);
  });

  it('has index.html and other unhashed files asked for again on each visit, so a new version is seen', async () => {
    for (const url of ['/', '/index.html', '/students/12', '/favicon.svg']) {
      const res = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
      expect([url, res.statusCode, res.headers['cache-control']]).toEqual([url, 200, CACHE_REVALIDATE]);
    }
    expect((await app.inject({ url: '/students/12' })).body).toBe(PAGE);
  });

  it('answers a missing file and an unknown API route with a 404 error, never the page', async () => {
    for (const url of ['/assets/gone-Zz99.js', '/api/nothing']) {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'not_found' } });
    }
  });
});
