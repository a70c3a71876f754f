import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';

// The authorization matrix must grow with the API: every endpoint in the OpenAPI document
// is asked for by some authorization*.db.test.ts file with its method. A new route without
// matrix rows fails here, naming the route.

/** Routes every visitor may call, with why they need no matrix rows. */
const OUTSIDE_THE_MATRIX: Record<string, string> = {
  'GET /api/health': 'public liveness probe',
  'POST /api/auth/login': 'public; covered by auth.db.test.ts (lockout, rate limit)',
  'POST /api/auth/logout': 'own session only, covered by auth.db.test.ts',
  'GET /api/auth/me': 'own account and CSRF token only, covered by auth.db.test.ts',
  'POST /api/auth/password': 'own account only, covered by auth.db.test.ts',
};

function matrixText(): string {
  const dir = __dirname;
  return readdirSync(dir)
    .filter((f) => f.startsWith('authorization') && f.endsWith('.db.test.ts') && !f.includes('coverage'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

const escape = (s: string) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

/** `/api/cases/{id}/advance` → a pattern matching '/api/cases/${m.caseId}/advance' or '/api/cases/12/advance'. */
function urlPattern(path: string): RegExp {
  const parts = path.split(/\{[^}]+\}/).map(escape);
  return new RegExp(parts.join('(?:\\$\\{[^}]*\\}|[^/\'"`?\\s]+)') + '(?=[?\'"`])');
}

/** The method is named within a few lines before the url (a matrix row or a request call). */
function mentionedWith(text: string, method: string, pattern: RegExp): boolean {
  const global = new RegExp(pattern.source, 'g');
  for (const match of text.matchAll(global)) {
    const before = text.slice(Math.max(0, match.index - 300), match.index);
    if (new RegExp(`['"]${method}['"]`).test(before)) return true;
  }
  return false;
}

describe('the authorization matrix covers every endpoint', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite');
  });
  afterAll(async () => {
    await t.close();
  });

  it('names every route of the API with its method', () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const text = matrixText();
    const missing: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods).map((m) => m.toUpperCase())) {
        const route = `${method} ${path.replace(/\{([^}]+)\}/g, ':$1')}`;
        if (route in OUTSIDE_THE_MATRIX || method === 'HEAD') continue;
        if (!mentionedWith(text, method, urlPattern(path))) missing.push(route);
      }
    }
    expect(missing).toEqual([]);
  });
});
