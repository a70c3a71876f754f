import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db';
import { preparable } from './prepared';
import type { Database } from './schema';

describe('which statements are prepared', () => {
  it('prepares reads that name their columns', () => {
    expect(
      preparable('select "c"."id", count(*) as "n" from "cases" as "c" where "c"."county_code" = $1'),
    ).toBe(true);
    expect(preparable('  with x as (select 1 as n) select n from x')).toBe(true);
  });

  it('sends `select *` and every write unnamed', () => {
    expect(preparable('select * from "cases"')).toBe(false);
    expect(preparable('select "c".* from "cases" as "c"')).toBe(false);
    expect(preparable('select "c"."id", "s".* from "cases" as "c"')).toBe(false);
    expect(preparable('insert into "cases" ("id") values ($1)')).toBe(false);
    expect(preparable('update "cases" set "step" = $1')).toBe(false);
    expect(preparable('begin')).toBe(false);
  });
});

// Only PostgreSQL goes through the preparing pool (PGlite runs in the process).
describe.runIf(process.env.DATABASE_URL)('named statements on PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('postgresql');
    await database.db.insertInto('counties').values({ county_code: '999999', name: '测试县' }).execute();
  }, 120_000);
  afterAll(async () => database?.dispose());

  /** Statements prepared on the connection of this transaction. */
  async function preparedHere(trx: Transaction<Database>): Promise<string[]> {
    const result = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(
      trx,
    );
    return result.rows.map((row) => row.statement);
  }

  it('prepares a read once per connection, gives the same answers, and leaves `select *` unnamed', async () => {
    await database.db.transaction().execute(async (trx) => {
      const read = () =>
        trx.selectFrom('counties').select(['county_code', 'name']).orderBy('county_code').execute();
      const first = await read();
      expect(first).toEqual([{ county_code: '999999', name: '测试县' }]);
      expect(await read()).toEqual(first);
      await trx.selectFrom('counties').selectAll().execute();
      const statements = await preparedHere(trx);
      expect(statements.filter((s) => s.includes('from "counties"') && s.includes('"name"'))).toHaveLength(1);
      expect(statements.some((s) => s.includes('select *'))).toBe(false);
    });
  });

  it('names no more than 200 statements on one connection', async () => {
    await database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 230; i += 1) await sql`select ${sql.lit(i)}::int as n`.execute(trx);
      const statements = await preparedHere(trx);
      expect(statements.length).toBeGreaterThan(100);
      expect(statements.length).toBeLessThanOrEqual(200);
    });
  });
});
