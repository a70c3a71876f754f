import type { Overview, Page, RegionDetail, StudentSummary } from '@baoxue/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from '../../../test/app';
import { databaseKinds } from '../../../test/db';
import { SCHOOL_A, SCHOOL_B, TOWN_A, VILLAGE_A1 } from '../../../test/fixtures';

describe.each(databaseKinds())('overview on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t?.close());

  async function overviewAndStudents(username: string) {
    const user = await login(t.app, username);
    const overview = (await user.request('GET', '/api/overview')).json<Overview>();
    const students = (await user.request('GET', '/api/students?pageSize=100')).json<Page<StudentSummary>>();
    return { overview, students };
  }

  it('counts for a town official the schools located in the town', async () => {
    const { overview } = await overviewAndStudents(t.fixture.users.town_official.username);
    expect(overview.bySchool.map((s) => s.code)).toEqual([SCHOOL_A]);
    expect(overview.byTown.map((town) => town.code)).toEqual([TOWN_A]);
    expect(overview.totals.classes).toBeGreaterThan(0);
    expect(overview.totals.teachers).toBeGreaterThan(0);
  });

  it("tells a town official how many enrolled children their list holds: the town's schools' and its children at schools elsewhere", async () => {
    const user = await login(t.app, t.fixture.users.town_official.username);
    const overview = (await user.request('GET', '/api/overview')).json<Overview>();
    const enrolled = (await user.request('GET', '/api/students?status=enrolled&pageSize=100')).json<
      Page<StudentSummary>
    >();
    expect(overview.rosterEnrolled).toBe(enrolled.total);
    // 李四 lives in the town's village and goes to school B in another town.
    expect(enrolled.items.some((s) => s.schoolCode === SCHOOL_B)).toBe(true);
    expect(overview.rosterEnrolled).toBeGreaterThan(overview.totals.students);
  });

  it("gives a teacher their own classes' enrolled children beside the school's figures", async () => {
    const { overview, students } = await overviewAndStudents(t.fixture.users.teacher.username);
    const enrolled = students.items.filter((s) => s.status === 'enrolled').length;
    expect(enrolled).toBeGreaterThan(0);
    expect(overview.rosterEnrolled).toBe(enrolled);
    // Their one class of school A's two: classes counted as the children are, within the scope.
    expect(overview.totals.classes).toBe(1);
    expect(overview.totals.students).toBe(enrolled);
  });

  it("counts for a village official the village's children where they are enrolled, and no school's classes", async () => {
    const { overview, students } = await overviewAndStudents(t.fixture.users.village_official.username);
    // 赵一 at school A and 李四 at school B live in the village.
    expect(students.total).toBe(2);
    expect(overview.totals.students).toBe(students.total);
    expect(overview.rosterEnrolled).toBe(students.total);
    expect(overview.bySchool.map((s) => s.code).sort()).toEqual([SCHOOL_A, SCHOOL_B]);
    expect(overview.bySchool.map((s) => s.students)).toEqual([1, 1]);
    expect(overview.totals.villages).toBe(1);
    expect(overview.totals.classes).toBe(0);
    expect(overview.totals.teachers).toBe(0);
  });

  it("gives a town's and a village's region page the figures their officials' overviews give", async () => {
    const town = await login(t.app, t.fixture.users.town_official.username);
    const townOverview = (await town.request('GET', '/api/overview')).json<Overview>();
    const townPage = (await town.request('GET', `/api/regions/${TOWN_A}`)).json<RegionDetail>();
    // The pupils of the town's schools, not its children (李四 lives in the town, at school B).
    expect([townPage.schoolCount, townPage.studentCount]).toEqual([
      townOverview.totals.schools,
      townOverview.totals.students,
    ]);
    const village = await login(t.app, t.fixture.users.village_official.username);
    const villageOverview = (await village.request('GET', '/api/overview')).json<Overview>();
    const villagePage = (await village.request('GET', `/api/regions/${VILLAGE_A1}`)).json<RegionDetail>();
    // The village's enrolled children wherever they attend; no school is the village's own.
    expect(villagePage.studentCount).toBe(villageOverview.totals.students);
    expect(villagePage.schoolCount).toBe(0);
  });
});
