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
