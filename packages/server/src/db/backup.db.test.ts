import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFingerprints } from '../../test/checksums';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/db';
import { createFixtureCounty } from '../../test/fixtures';
import { createMonitoringFixture } from '../../test/monitoring-fixture';
import { writeAudit } from '../plugins/audit';
import { backup, BackupError, restore } from './backup';

describe.each(databaseKinds())('backup and restore on %s', (kind) => {
  let source: TestDatabase;
  const dir = mkdtempSync(join(tmpdir(), 'bx-backup-'));
  const file = join(dir, 'county.bxbak');

  beforeAll(async () => {
    source = await createTestDatabase(kind);
    const fixture = await createFixtureCounty(source.db);
    // Population, out-of-county records, import jobs (jsonb reports) and a reconciliation
    // run with its children and findings (jsonb flags and candidates) travel too.
    await createMonitoringFixture(source.db, fixture);
    await writeAudit(
      source.db,
      { countyCode: '610727', userId: null, username: 'cli', ip: null },
      {
        action: 'update',
        entity: 'school',
        entityId: '2161000001',
        before: { name: '旧名', nested: { a: [1, 2] } },
        after: { name: '新名' },
      },
    );
  });
  afterAll(async () => source?.dispose());

  it('restores into an empty database with identical data, and new rows get fresh ids', async () => {
    const counts = await backup(source.db, file);
    expect(counts.students).toBe(4);
    const target = await createTestDatabase(kind);
    try {
      const restored = await restore(target.db, file);
      expect(restored).toMatchObject({ students: 4, users: 7, population: 8, imports: 2 });
      // The fixture's entries and the one above, the cases its run opened among them: every one back.
      expect(restored.audit_log).toBe(counts.audit_log);
      expect(restored.audit_log).toBeGreaterThanOrEqual(3);
      expect(restored.reconciliation_children).toBeGreaterThan(0);
      expect(await tableFingerprints(target.db)).toEqual(await tableFingerprints(source.db));
      const maxId = await target.db
        .selectFrom('students')
        .select((eb) => eb.fn.max('id').as('m'))
        .executeTakeFirstOrThrow();
      const inserted = await target.db
        .insertInto('students')
        .values({
          county_code: '610727',
          id_number: 'X',
          name: '新生',
          gender: 'F',
          school_code: '2161000001',
          grade: 1,
          status: 'enrolled',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(inserted.id).toBeGreaterThan(Number(maxId.m));
    } finally {
      await target.dispose();
    }
  });

  it("reads a backup of version 1, when a run's children had ids of their own and places from 0", async () => {
    await backup(source.db, file);
    const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
    const older = lines.map((line, i) => {
      if (line === '') return line;
      const parsed = JSON.parse(line) as { version?: number; t?: string; r?: Record<string, unknown> };
      if (i === 0) return JSON.stringify({ ...parsed, version: 1 });
      if (parsed.t !== 'reconciliation_children' || !parsed.r) return line;
      return JSON.stringify({ t: parsed.t, r: { ...parsed.r, id: 1000 + i, seq: Number(parsed.r.seq) - 1 } });
    });
    const v1 = join(dir, 'version-1.bxbak');
    writeFileSync(v1, gzipSync(older.join('\n')));
    const target = await createTestDatabase(kind);
    try {
      const restored = await restore(target.db, v1);
      expect(restored.reconciliation_children).toBeGreaterThan(0);
      expect(await tableFingerprints(target.db)).toEqual(await tableFingerprints(source.db));
    } finally {
      await target.dispose();
    }
  });

  it('refuses to restore over existing data', async () => {
    await expect(restore(source.db, file)).rejects.toBeInstanceOf(BackupError);
  });

  it('refuses a file that is not a backup, with a clear message', async () => {
    const bogus = join(dir, 'not-a-backup.txt');
    writeFileSync(bogus, 'hello');
    const target = await createTestDatabase(kind);
    try {
      await expect(restore(target.db, bogus)).rejects.toThrow(/不是保学备份文件/);
      expect(await target.db.selectFrom('counties').selectAll().execute()).toEqual([]);
    } finally {
      await target.dispose();
    }
  });
});
