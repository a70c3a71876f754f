import { z } from 'zod';
import { PERMISSIONS, ROLES, type ScopeKind } from '../enums';

export const LoginRequest = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const SCOPE_KINDS = [
  'county',
  'town',
  'village',
  'zone',
  'school',
  'teacher',
] as const satisfies readonly ScopeKind[];

export const Me = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  countyCode: z.string(),
  countyName: z.string(),
  scopeKind: z.enum(SCOPE_KINDS),
  scopeCode: z.string(),
  scopeName: z.string(),
  permissions: z.array(z.enum(PERMISSIONS)),
  canViewFullId: z.boolean(),
  mustChangePassword: z.boolean(),
  locale: z.string(),
});
export type Me = z.infer<typeof Me>;

export const Session = z.object({ user: Me, csrfToken: z.string() });
export type Session = z.infer<typeof Session>;

export const Health = z.object({
  status: z.literal('ok'),
  version: z.string(),
  database: z.enum(['pglite', 'postgresql']),
});
export type Health = z.infer<typeof Health>;
