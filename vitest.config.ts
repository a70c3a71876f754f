import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Three projects so `npm test` can report what it ran and what it skipped:
// unit (pure, always), db (PGlite always, PostgreSQL when DATABASE_URL is set), e2e (Chromium).
export default defineConfig({
  test: {
    // One file per core. Left to itself, Vitest ran one file at a time on a two-core machine,
    // and the database files spend much of their time waiting (on PostgreSQL, on Chromium
    // printing a PDF, on a child process): two at once took the unit and database tests
    // from 9 min 7 s to 6 min 25 s. Each database file has databases of its own. The browser
    // journeys stay one at a time: two at once each took nearly twice as long (5 min 29 s
    // against about 6 min), for more risk of a timeout under load.
    maxWorkers: availableParallelism(),
    // The unit and database files share their worker's module cache (isolate: false): loading
    // the server's modules afresh for each of 64 files cost 119 s of the workers' time, and the
    // unit and database tests took 387 s rather than 199 s. Each database file still has
    // databases of its own, and a new test database forgets what the server keeps in memory
    // per county (test/db.ts). The browser journeys are isolated: they load little.
    projects: [
      {
        test: {
          name: 'unit',
          isolate: false,
          include: ['packages/*/src/**/*.test.ts', 'packages/*/src/**/*.test.tsx'],
          exclude: ['**/*.db.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'db',
          isolate: false,
          include: ['packages/server/src/**/*.db.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          globalSetup: ['e2e/global-setup.ts'],
          setupFiles: ['e2e/setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
