import type { Db } from '../../context';
import { getSettings } from '../settings/settings.service';
import { openCases } from './cases.open';
import * as q from './cases.open.queries';

// Every suspected out-of-school child of a successful run gets a case (C6, C9), opened in
// one batch through openCases: a rerun finds the cases still open and opens none twice.
// Only runs of the current school year open cases: rerunning a past year is a look back,
// not a new finding.

export async function openCasesOfRun(
  db: Db,
  countyCode: string,
  run: { id: number; schoolYear: number },
  openedOn: string,
): Promise<{ suspected: number; opened: number }> {
  const settings = await getSettings(db, countyCode);
  if (run.schoolYear !== settings.monitoring.currentSchoolYear) return { suspected: 0, opened: 0 };
  const children = await q.suspectedChildrenOfRun(db, countyCode, run.id);
  const results = await openCases(
    db,
    countyCode,
    children.map((c) => ({
      countyCode,
      source: 'reconciliation' as const,
      sourceRef: `run:${run.id}`,
      child: {
        childKey: c.child_key,
        idNumber: c.id_number,
        name: c.name,
        gender: c.gender,
        birthDate: c.birth_date,
        villageCode: c.village_code,
        townCode: c.town_code,
        // The school responsible for the village, so its principal sees and works the case.
        schoolCode: c.responsible_school_code ?? c.school_code,
        guardianName: c.guardian_name ?? null,
        guardianPhone: c.guardian_phone ?? null,
      },
      openedOn,
      by: null,
    })),
  );
  return { suspected: children.length, opened: results.filter((r) => r.created).length };
}
