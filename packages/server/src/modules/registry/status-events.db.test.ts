import { ENROLLMENT_STATUSES, type EnrollmentStatus } from '@baoxue/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../../test/db';
import { statusEventKind, statusEventKindSql } from './status-events';

// A change by hand names its event in TypeScript, the enrolment import in SQL: both must name
// every change of status alike.
describe.each(databaseKinds())('the event of a change of status on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => database?.dispose());

  const changes = ENROLLMENT_STATUSES.flatMap((before) =>
    ENROLLMENT_STATUSES.filter((after) => after !== before).map((after) => ({ before, after })),
  );

  it('is the same in the database as in the process, for every change', async () => {
    const { rows } = await sql<{ before: EnrollmentStatus; after: EnrollmentStatus; kind: string }>`
      select v.before, v.after, ${statusEventKindSql(sql.ref('v.before'), sql.ref('v.after'))} as kind
      from (values ${sql.join(changes.map((c) => sql`(${c.before}, ${c.after})`))}) as v(before, after)`.execute(
      database.db,
    );
    expect(rows).toEqual(changes.map((c) => ({ ...c, kind: statusEventKind(c.before, c.after) })));
  });

  it('names a leaving by where the pupil goes and a return by where they come back from', () => {
    const named = Object.fromEntries(
      changes.map((c) => [`${c.before}→${c.after}`, statusEventKind(c.before, c.after)]),
    );
    expect(named).toMatchObject({
      'enrolled→suspended': 'suspend',
      'suspended→dropped_out': 'drop_out',
      'enrolled→graduated': 'graduate',
      'enrolled→transferred_out': 'transfer_out',
      'transferred_out→enrolled': 'transfer_in',
      'graduated→enrolled': 'enrol',
      'suspended→enrolled': 'resume',
      'dropped_out→enrolled': 'resume',
    });
  });
});
