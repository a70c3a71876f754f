import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds } from '../../test/db';
import { migrateToLatest, migrateUpTo } from './migrate';

// A migration that reshapes a table holding a county's data is run here over rows written
// the way they were before it.

describe.each(databaseKinds())('migrations over existing data on %s', (kind) => {
  it("0009 keys a run's children by their place in it, counted from 1, and drops their own ids", async () => {
    const database = await createTestDatabase(kind, { unmigrated: true });
    try {
      const { db } = database;
      await migrateUpTo(db, '0008_staff_active');
      await sql`insert into reconciliation_children (county_code, run_id, seq, child_key, name, age, status)
        values ('610727', 7, 0, 'k0', '甲', 9, 'enrolled_in_county'),
               ('610727', 7, 1, 'k1', '乙', 10, 'suspected_out_of_school'),
               ('610727', 8, 0, 'k0', '甲', 9, 'enrolled_in_county')`.execute(db);
      expect(await migrateToLatest(db)).toContain('0009_children_keyed_by_run');

      const rows = await db
        .selectFrom('reconciliation_children')
        .selectAll()
        .orderBy('run_id')
        .orderBy('seq')
        .execute();
      expect(rows.map((r) => [r.run_id, r.seq, r.name])).toEqual([
        [7, 1, '甲'],
        [7, 2, '乙'],
        [8, 1, '甲'],
      ]);
      expect(rows[0]).not.toHaveProperty('id');
      // The run and the place are the key now.
      await expect(
        sql`insert into reconciliation_children (county_code, run_id, seq, child_key, name, age, status)
          values ('610727', 7, 2, 'k9', '丙', 8, 'needs_review')`.execute(db),
      ).rejects.toThrow(/duplicate key|unique/i);
    } finally {
      await database.dispose();
    }
  });

  it('0013 takes the cases closed as a wrongful or duplicate record out of the confirmed dropouts, and only those', async () => {
    const database = await createTestDatabase(kind, { unmigrated: true });
    try {
      const { db } = database;
      await migrateUpTo(db, '0012_pending_transfers');
      await sql`insert into counties (county_code, name) values ('610727', '略阳县')`.execute(db);
      await sql`insert into cases (county_code, child_key, name, school_year, source, step, step_started_on,
          confirmed_out_of_school, confirmed_on, ending, opened_on)
        values ('610727', 'k1', '甲', 2026, 'other', 'closed', '2026-10-01', true, '2026-09-20', 'duplicate', '2026-09-15'),
               ('610727', 'k2', '乙', 2026, 'other', 'closed', '2026-10-01', true, '2026-09-20', 'not_out_of_school', '2026-09-15'),
               ('610727', 'k3', '丙', 2026, 'other', 'closed', '2026-10-01', true, '2026-09-20', 'moved_out', '2026-09-15'),
               ('610727', 'k4', '丁', 2026, 'other', 'persuasion', '2026-10-01', true, '2026-09-20', null, '2026-09-15')`.execute(
        db,
      );
      expect(await migrateToLatest(db)).toContain('0013_wrongful_cases_unconfirmed');
      const rows = await db
        .selectFrom('cases')
        .select(['child_key', 'confirmed_out_of_school', 'confirmed_on'])
        .orderBy('child_key')
        .execute();
      expect(rows.map((r) => [r.child_key, r.confirmed_out_of_school, r.confirmed_on !== null])).toEqual([
        ['k1', false, false],
        ['k2', false, false],
        ['k3', true, true],
        ['k4', true, true],
      ]);
    } finally {
      await database.dispose();
    }
  });
});
