import type { Overview } from '@baoxue/shared';
import type { RequestContext } from '../../context';
import { overviewReconciliation } from '../reconciliation/reconciliation.service';
import { countStudents } from '../registry/registry.queries';
import { getSettings } from '../settings/settings.service';
import * as q from './overview.queries';

/**
 * The first page everyone sees: per town, the schools located there and their classes,
 * students and teachers, plus per school the same figures — all within the user's scope —
 * and how many enrolled children the user's own list holds, which a town official or a teacher
 * would otherwise compare with the schools' figure and find different.
 */
export async function overview(ctx: RequestContext): Promise<Overview> {
  const scope = ctx.actor.scope;
  const schoolYear = (await getSettings(ctx.db, scope.countyCode)).monitoring.currentSchoolYear;
  const [schools, regions, reconciliation, rosterEnrolled] = await Promise.all([
    q.schoolCounts(ctx.db, scope, schoolYear),
    q.regionsInScope(ctx.db, scope),
    overviewReconciliation(ctx),
    countStudents(ctx.db, scope, { status: 'enrolled' }),
  ]);
  const towns = new Map<string, Overview['byTown'][number]>();
  for (const r of regions.filter((r) => r.level === 'town')) {
    towns.set(r.code, { code: r.code, name: r.name, schools: 0, classes: 0, students: 0, teachers: 0 });
  }
  for (const s of schools) {
    const town = towns.get(s.town_code) ?? {
      code: s.town_code,
      name: s.town_name,
      schools: 0,
      classes: 0,
      students: 0,
      teachers: 0,
    };
    town.schools += 1;
    town.classes += s.classes;
    town.students += s.students;
    town.teachers += s.teachers;
    towns.set(s.town_code, town);
  }
  const statuses = new Map(reconciliation?.byTown.map((t) => [t.code, t.statuses]));
  const byTown = [...towns.values()]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((t) => {
      const counts = statuses.get(t.code);
      return counts ? { ...t, statuses: counts } : t;
    });
  const sum = (key: 'schools' | 'classes' | 'students' | 'teachers') =>
    byTown.reduce((n, t) => n + t[key], 0);
  return {
    schoolYear,
    totals: {
      towns: byTown.length,
      villages: regions.filter((r) => r.level === 'village').length,
      schools: sum('schools'),
      classes: sum('classes'),
      students: sum('students'),
      teachers: sum('teachers'),
    },
    byTown,
    bySchool: schools.map((s) => ({
      code: s.code,
      name: s.name,
      townName: s.town_name,
      type: s.type,
      students: s.students,
      classes: s.classes,
    })),
    rosterEnrolled,
    reconciliation,
  };
}
