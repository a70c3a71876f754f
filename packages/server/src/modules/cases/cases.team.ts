import type { Db } from '../../context';
import * as q from './cases.open.queries';
import type { TeamMemberRow } from './cases.open.queries';

// A new case's team (C6: both lines with the guardian) is proposed from the people who
// answer for the child: the town's and the village's officials (government line), the
// school's administrators and the class's head teacher (education line), and the
// guardian. The team can be changed afterwards (PUT /cases/:id/team).

export interface TeamSubject {
  caseId: number;
  schoolYear: number;
  townCode: string | null;
  villageCode: string | null;
  schoolCode: string | null;
  classId: number | null;
  guardianName: string | null;
  guardianPhone: string | null;
}

export async function proposeTeams(
  db: Db,
  countyCode: string,
  subjects: readonly TeamSubject[],
): Promise<{ caseId: number; members: TeamMemberRow[] }[]> {
  if (subjects.length === 0) return [];
  const distinct = <T>(values: (T | null)[]) => [...new Set(values.filter((v): v is T => v !== null))];
  const [towns, villages, schools, teachers] = await Promise.all([
    q.teamUsersAt(db, countyCode, 'town_official', distinct(subjects.map((s) => s.townCode))),
    q.teamUsersAt(db, countyCode, 'village_official', distinct(subjects.map((s) => s.villageCode))),
    q.teamUsersAt(db, countyCode, 'school_admin', distinct(subjects.map((s) => s.schoolCode))),
    q.headTeachersOfClasses(db, countyCode, distinct(subjects.map((s) => s.classId))),
  ]);
  const at = <T extends { scope_code: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const r of rows) map.set(r.scope_code, [...(map.get(r.scope_code) ?? []), r]);
    return map;
  };
  const townUsers = at(towns);
  const villageUsers = at(villages);
  const schoolUsers = at(schools);
  const classTeachers = new Map<number, (typeof teachers)[number]>();
  // A head teacher with several teacher accounts: the first (lowest id) stands for them.
  for (const t of teachers) if (!classTeachers.has(t.class_id)) classTeachers.set(t.class_id, t);

  return subjects.map((s) => {
    const members: TeamMemberRow[] = [];
    const asMember = (role: TeamMemberRow['role']) => (u: (typeof towns)[number]) =>
      members.push({ role, name: u.display_name, phone: u.phone, staff_id: u.staff_id, user_id: u.id });
    if (s.townCode) townUsers.get(s.townCode)?.forEach(asMember('town_cadre'));
    if (s.villageCode) villageUsers.get(s.villageCode)?.forEach(asMember('village_cadre'));
    if (s.schoolCode) schoolUsers.get(s.schoolCode)?.forEach(asMember('principal'));
    const teacher = s.classId === null ? undefined : classTeachers.get(s.classId);
    if (teacher) {
      members.push({
        role: 'class_teacher',
        name: teacher.name,
        phone: teacher.phone,
        staff_id: teacher.staff_id,
        user_id: teacher.user_id,
      });
    }
    if (s.guardianName) {
      members.push({
        role: 'guardian',
        name: s.guardianName,
        phone: s.guardianPhone,
        staff_id: null,
        user_id: null,
      });
    }
    return { caseId: s.caseId, members: dedupe(members) };
  });
}

/** The key (role, name) is the table's: two accounts of one name in one role are one member. */
function dedupe(members: TeamMemberRow[]): TeamMemberRow[] {
  const seen = new Set<string>();
  return members.filter((m) => {
    const key = `${m.role}\u0000${m.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
