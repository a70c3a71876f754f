import type { Db } from '../src/context';
import { openCase } from '../src/modules/cases/cases.open';
import { COUNTY } from './fixtures';

/** A case opened for a fixture pupil as the absence rules open one (no user), on the tests' day by default. */
export async function openCaseOfPupil(db: Db, studentId: number, openedOn = '2026-12-01'): Promise<number> {
  const { caseId } = await openCase(db, {
    countyCode: COUNTY,
    source: 'absence',
    studentId,
    openedOn,
    by: null,
  });
  return caseId;
}

/** Rolls taken by these classes on these days, written straight in the table (past days the API no longer takes). */
export async function insertRollCalls(db: Db, classIds: number[], days: string[]): Promise<void> {
  await db
    .insertInto('roll_calls')
    .values(
      classIds.flatMap((class_id) =>
        days.map((day) => ({
          county_code: COUNTY,
          class_id,
          day,
          present_count: 1,
          absent_count: 0,
          user_id: null,
          username: 'test',
        })),
      ),
    )
    .execute();
}
