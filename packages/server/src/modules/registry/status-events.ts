// The event a change of registry status is, by the first rule that applies. One table for
// the two writers of such events: a change by hand (registry.service.ts) and the enrolment
// import's set-based merge (imports.queries.ts), which reads the rules as a SQL `case` — so a
// change by hand and the same change by import always read the same in a pupil's history.
import { sql, type RawBuilder } from 'kysely';
import type { EnrollmentStatus, StudentEventKind } from '@baoxue/shared';

type Rule = readonly [side: 'after' | 'before', status: EnrollmentStatus, kind: StudentEventKind];

const RULES: readonly Rule[] = [
  ['after', 'suspended', 'suspend'],
  ['after', 'dropped_out', 'drop_out'],
  ['after', 'graduated', 'graduate'],
  ['after', 'transferred_out', 'transfer_out'],
  // Back to 在读: from 转出 a return to the county, from 毕业 a new enrolment.
  ['before', 'transferred_out', 'transfer_in'],
  ['before', 'graduated', 'enrol'],
];
const OTHERWISE: StudentEventKind = 'resume';

export function statusEventKind(before: EnrollmentStatus, after: EnrollmentStatus): StudentEventKind {
  for (const [side, status, kind] of RULES) if ((side === 'after' ? after : before) === status) return kind;
  return OTHERWISE;
}

/** The same rules as a SQL `case` over the columns (or expressions) of the two statuses. */
export function statusEventKindSql(
  before: RawBuilder<unknown>,
  after: RawBuilder<unknown>,
): RawBuilder<StudentEventKind> {
  const whens = RULES.map(
    ([side, status, kind]) =>
      sql`when ${side === 'after' ? after : before} = ${sql.lit(status)} then ${sql.lit(kind)}`,
  );
  return sql<StudentEventKind>`case ${sql.join(whens, sql` `)} else ${sql.lit(OTHERWISE)} end`;
}
