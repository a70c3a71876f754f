import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/db';
import { copyRows, decodeCopyLine, encodeCopyRow, withBulkSession, type CopyRow } from './bulk';

async function* chunks(...parts: (string | Uint8Array)[]): AsyncIterable<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
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

  it('joins a character cut between chunks, and reads lines with nulls and escapes among plain ones', async () => {
    const text = Buffer.from('1\t王芳\t"引号"\n2\t\\N\t\n3\ta\\tb\tx\\\\N\n4\t王芳\t\n', 'utf8');
    const cut = text.indexOf(Buffer.from('芳', 'utf8')) + 1;
    const rows = await all(copyRows(chunks(text.subarray(0, cut), text.subarray(cut))));
    expect(rows).toEqual([
      ['1', '王芳', '"引号"'],
      ['2', null, ''],
      ['3', 'a\tb', 'x\\N'],
      ['4', '王芳', ''],
    ]);
  });

  it('gives the same text as the line decoder for any mix of plain and escaped lines', async () => {
    const values = ['王芳', '', null, 'a\tb', 'c\\d', 'e\nf', '"q"', '2016-05-06', '😀'];
    const written = Array.from({ length: 3_000 }, (_, i) =>
      Array.from({ length: 4 }, (_, c) => values[(i * 7 + c * 3) % values.length] ?? null),
    );
    const text = written.map((row) => encodeCopyRow(row)).join('');
    const bytes = Buffer.from(text, 'utf8');
    const pieces = Array.from({ length: 40 }, (_, k) =>
      bytes.subarray((k * bytes.length) / 40, ((k + 1) * bytes.length) / 40),
    );
    expect(await all(copyRows(chunks(...pieces)))).toEqual(written);
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

  it('shows the COPY text as it arrives to whoever asks (a run fingerprints its inputs by it)', async () => {
    const seen: Uint8Array[] = [];
    const read = await withBulkSession(database.db, {}, (bulk) =>
      all(
        bulk.copyOut("select g, 'x' || g, null from generate_series(1, 30000) g", (bytes) =>
          seen.push(Uint8Array.from(bytes)),
        ),
      ),
    );
    expect(read).toHaveLength(30000);
    const text = Buffer.concat(seen).toString('utf8');
    expect(text.split('\n')).toHaveLength(30001);
    expect(text.startsWith('1\tx1\t\\N\n2\tx2\t\\N\n')).toBe(true);
    expect(text.endsWith('30000\tx30000\t\\N\n')).toBe(true);
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
