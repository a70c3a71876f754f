import { z } from 'zod';
import { ROLES } from '../enums';
import { DbId, PageQuery, Phone, TypedText } from './common';
import { fieldMessage } from './field-messages';

export const UserSummary = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  role: z.enum(ROLES),
  scopeCode: z.string(),
  scopeName: z.string(),
  canViewFullId: z.boolean(),
  active: z.boolean(),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  isDemo: z.boolean(),
});
export type UserSummary = z.infer<typeof UserSummary>;

export const UserListQuery = PageQuery.extend({
  q: z.string().trim().max(60).optional(),
  role: z.enum(ROLES).optional(),
});
export type UserListQuery = z.infer<typeof UserListQuery>;

export const CreateUserRequest = z.object({
  username: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9_.-]{3,32}$/,
      fieldMessage(
        '用户名为 3–32 位字母、数字、下划线、点或短横线',
        'A user name has 3–32 letters, digits, underscores, dots or hyphens',
      ),
    ),
  displayName: TypedText.min(1).max(40),
  phone: Phone.nullable().default(null),
  role: z.enum(ROLES),
  scopeCode: z.string().trim().min(1).max(20),
  staffId: DbId.nullable().default(null),
  canViewFullId: z.boolean().default(false),
  initialPassword: z.string().min(1).max(256),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

export const UpdateUserRequest = z.object({
  displayName: TypedText.min(1).max(40).optional(),
  phone: Phone.nullable().optional(),
  role: z.enum(ROLES).optional(),
  scopeCode: z.string().trim().min(1).max(20).optional(),
  canViewFullId: z.boolean().optional(),
  active: z.boolean().optional(),
});
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

export const ResetPasswordRequest = z.object({ newPassword: z.string().min(1).max(256) });
export type ResetPasswordRequest = z.infer<typeof ResetPasswordRequest>;
