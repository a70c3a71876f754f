import { ROLES, type Role } from '@baoxue/shared';
import { login, type Client, type TestApp } from './app';
import type { Fixture } from './fixtures';

// Helpers of the authorization matrices (src/security/authorization*.db.test.ts): one way to
// write a role → expected status record, and one statement of who sees which fixture child,
// so a change in scope rules is made once and shows up in every matrix.

export type StudentKey = keyof Fixture['students'];

/** Every role the same answer, except those listed. */
export const ALL = (status: number, except: Partial<Record<Role, number>> = {}): Record<Role, number> => ({
  ...(Object.fromEntries(ROLES.map((r) => [r, status])) as Record<Role, number>),
  ...except,
});

/** Endpoints only the county admin may use at all. */
export const ADMIN_ONLY = (status: number): Record<Role, number> => ALL(403, { county_admin: status });

/** The fixture children each role sees (its region or school subtree, on either line). */
export const VISIBLE_STUDENTS: Record<Role, StudentKey[]> = {
  county_admin: ['a1', 'a2', 'b1', 'crossLine'],
  county_leader: ['a1', 'a2', 'b1', 'crossLine'],
  inspector: ['a1', 'a2', 'crossLine'],
  town_official: ['a1', 'a2', 'crossLine'],
  village_official: ['a1', 'crossLine'],
  school_admin: ['a1', 'a2'],
  teacher: ['a1'],
};

/** One logged-in client per role, each as the fixture's user of that role. */
export async function loginEveryRole(t: TestApp): Promise<Record<Role, Client>> {
  const clients = {} as Record<Role, Client>;
  for (const role of ROLES) clients[role] = await login(t.app, t.fixture.users[role].username);
  return clients;
}
