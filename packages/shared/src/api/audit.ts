import { z } from 'zod';
import { AUDIT_ACTIONS, LOGIN_OUTCOMES } from '../enums';
import { DateInput, PageQuery } from './common';

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  userId: z.number().int().nullable(),
  username: z.string().nullable(),
  ip: z.string().nullable(),
  action: z.enum(AUDIT_ACTIONS),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  detail: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = PageQuery.extend({
  username: z.string().trim().max(64).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  entity: z.string().trim().max(40).optional(),
  /** One record's history: with `entity`, every change and identity view of that record. */
  entityId: z.string().trim().max(64).optional(),
  from: DateInput.optional(),
  to: DateInput.optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const LoginEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  username: z.string(),
  userId: z.number().int().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  outcome: z.enum(LOGIN_OUTCOMES),
});
export type LoginEntry = z.infer<typeof LoginEntry>;

export const LoginQuery = PageQuery.extend({
  username: z.string().trim().max(64).optional(),
  outcome: z.enum(LOGIN_OUTCOMES).optional(),
  from: DateInput.optional(),
  to: DateInput.optional(),
});
export type LoginQuery = z.infer<typeof LoginQuery>;
