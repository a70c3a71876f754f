import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/db';
import { copyRows, decodeCopyLine, encodeCopyRow, withBulkSession, type CopyRow } from './bulk';

async function* chunks(...parts: string[]): AsyncIterable<string> {
  for (const part of parts) yield part;
}

async function all(rows: AsyncIterable<CopyRow[]>): Promise<CopyRow[]> {
  const out: CopyRow[] = [];
  for await (const batch of rows) out.push(...batch);
  return out;
}

describe('COPY text format', () => {
  it('escapes what would break a line or a field, and writes null, numbers and booleans as PostgreSQL reads them', () => {
    expect(encodeCopyRow(['a\tb', 'c\nd\re', 'back\\slash', null, 7, true, false])).toBe(
      'a\\tb\tc\\nd\\re\tback\\\\slash\t\\N\t7\tt\tf\n',
    );
    expect(() => encodeCopyRow([Number.NaN])).toThrow(/COPY/);
  });

  it('reads back what it wrote, an empty string apart from null', () => {
    const row = ['王\t小明', '', 'x\\N', '{"a":"\\"q\\""}', null];
    expect(decodeCopyLine(encodeCopyRow(row).slice(0, -1))).toEqual(row);
  });

  it('joins lines cut anywhere between chunks', async () => {
    expect(await all(copyRows(chunks('1\tone\n2\tt', 'wo\n3', '\tthree\n')))).toEqual([
      ['1', 'one'],
      ['2', 'two'],
      ['3', 'three'],
    ]);
    expect(await all(copyRows(chunks('', '4\tno newline at the end')))).toEqual([
      ['4', 'no newline at the end'],
    ]);
  });
});

describe.each(databaseKinds())('bulk sessions on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  }, 120_000);
  afterAll(async () => database?.dispose());

  const rows = Array.from({ length: 5_000 }, (_, i) => [
    '999999',
    `测试县${i}`,
    i % 7 === 0 ? null : `第${i}\t行\\`,
  ]);

  it('writes rows in and reads them out unchanged, in one transaction', async () => {
    const written = await withBulkSession(database.db, {}, (bulk) =>
      bulk.copyIn('counties', ['county_code', 'name'], [['999999', '测试县']]),
    );
    expect(written).toBe(1);
    await database.db.schema
      .createTable('bulk_probe')
      .addColumn('county_code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .execute();
    const read = await withBulkSession(database.db, { repeatableRead: true }, async (bulk) => {
      expect(await bulk.copyIn('bulk_probe', ['county_code', 'name', 'note'], rows)).toBe(rows.length);
      return all(bulk.copyOut('select county_code, name, note from bulk_probe order by name'));
    });
    expect(read).toHaveLength(rows.length);
    expect(read).toEqual([...rows].sort((a, b) => (a[1]! < b[1]! ? -1 : 1)));
    const counted = await database.db
      .selectFrom('counties')
      .select('name')
      .where('county_code', '=', '999999')
      .execute();
    expect(counted).toEqual([{ name: '测试县' }]);
  });

  it('stays usable after a reader gives up halfway through a COPY', async () => {
    await expect(
      withBulkSession(database.db, { repeatableRead: true }, async (bulk) => {
        for await (const batch of bulk.copyOut(
          "select g, repeat('x', 50) from generate_series(1, 200000) g",
        )) {
          if (batch.length > 0) throw new Error('enough');
        }
      }),
    ).rejects.toThrow('enough');
    for (let i = 0; i < 12; i++) {
      const again = await withBulkSession(database.db, {}, (bulk) => all(bulk.copyOut(`select ${i}`)));
      expect(again).toEqual([[String(i)]]);
    }
    expect(await database.db.selectFrom('counties').select('county_code').execute()).toHaveLength(1);
  });

  it('keeps nothing of a session that fails', async () => {
    await expect(
      withBulkSession(database.db, {}, async (bulk) => {
        await bulk.copyIn('bulk_probe', ['county_code', 'name'], [['888888', '回滚']]);
        throw new Error('stop here');
      }),
    ).rejects.toThrow('stop here');
    await expect(
      withBulkSession(database.db, {}, (bulk) =>
        bulk.copyIn('bulk_probe', ['county_code', 'name'], [['777777', null]]),
      ),
    ).rejects.toThrow(/null/);
    const left = await database.db
      .selectFrom('bulk_probe' as 'counties')
      .select('county_code')
      .where('county_code', 'in', ['888888', '777777'])
      .execute();
    expect(left).toEqual([]);
  });
});
