import type { Db } from '../../context';
import * as q from './cases.open.queries';
import type { TeamMemberRow } from './cases.open.queries';

// A new case's team (C6: both lines with the guardian) is proposed from the people who
// answer for the child: the town's and the village's officials (government line), the
// school's administrators and the class's head teacher (education line), and the
// guardian; where a unit has no account, the chief of the responsibility chain (七长制).
// The team can be changed afterwards (PUT /cases/:id/team). Built for a batch: the same
// handful of queries for one case or for every case of a reconciliation run.

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
  const townCodes = distinct(subjects.map((s) => s.townCode));
  const villageCodes = distinct(subjects.map((s) => s.villageCode));
  const schoolCodes = distinct(subjects.map((s) => s.schoolCode));
  const years = distinct(subjects.map((s) => s.schoolYear));
  const [towns, villages, schools, teachers, chiefs, staffPrincipals] = await Promise.all([
    q.teamUsersAt(db, countyCode, 'town_official', townCodes),
    q.teamUsersAt(db, countyCode, 'village_official', villageCodes),
    q.teamUsersAt(db, countyCode, 'school_admin', schoolCodes),
    q.headTeachersOfClasses(db, countyCode, distinct(subjects.map((s) => s.classId))),
    Promise.all(
      years.map((y) => q.chiefsOfUnits(db, countyCode, y, [...townCodes, ...villageCodes, ...schoolCodes])),
    ).then((lists) => lists.flatMap((list, i) => list.map((c) => ({ ...c, school_year: years[i]! })))),
    q.principalsOnStaff(db, countyCode, schoolCodes),
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
  const chief = (year: number, unit: string, duty: string) =>
    chiefs.find((c) => c.school_year === year && c.unit_code === unit && c.duty === duty);
  const staffPrincipal = (school: string) => staffPrincipals.find((p) => p.school_code === school);

  return subjects.map((s) => {
    const members: TeamMemberRow[] = [];
    const asMember = (role: TeamMemberRow['role']) => (u: (typeof towns)[number]) =>
      members.push({ role, name: u.display_name, phone: u.phone, staff_id: u.staff_id, user_id: u.id });
    // Where nobody of a unit has an account, its chief of the year (七长制) stands in, and
    // for a school its principal on staff: named on the team, told through their unit.
    const withoutUser = (
      role: TeamMemberRow['role'],
      person: { name: string; phone: string | null } | undefined,
      staffId: number | null,
    ) => {
      if (person)
        members.push({ role, name: person.name, phone: person.phone, staff_id: staffId, user_id: null });
    };
    if (s.townCode) {
      const users = townUsers.get(s.townCode);
      if (users) users.forEach(asMember('town_cadre'));
      else {
        const c = chief(s.schoolYear, s.townCode, 'town_head');
        withoutUser('town_cadre', c, c?.staff_id ?? null);
      }
    }
    if (s.villageCode) {
      const users = villageUsers.get(s.villageCode);
      if (users) users.forEach(asMember('village_cadre'));
      else {
        const c = chief(s.schoolYear, s.villageCode, 'village_head');
        withoutUser('village_cadre', c, c?.staff_id ?? null);
      }
    }
    if (s.schoolCode) {
      const users = schoolUsers.get(s.schoolCode);
      if (users) users.forEach(asMember('principal'));
      else {
        const c = chief(s.schoolYear, s.schoolCode, 'principal');
        const p = staffPrincipal(s.schoolCode);
        if (c) withoutUser('principal', c, c.staff_id);
        else withoutUser('principal', p, p?.id ?? null);
      }
    }
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
