import { z } from 'zod';
import { SCHOOL_TYPES } from '../enums';
import { DbId, PageQuery, Phone, RegionCode, SchoolCode, TypedText } from './common';
import { fieldMessage } from './field-messages';

export const SchoolSummary = z.object({
  code: z.string(),
  name: z.string(),
  type: z.enum(SCHOOL_TYPES),
  townCode: z.string(),
  townName: z.string(),
  boarding: z.boolean(),
  active: z.boolean(),
  studentCount: z.number().int(),
  classCount: z.number().int(),
});
export type SchoolSummary = z.infer<typeof SchoolSummary>;

/**
 * One school of the county as any school may name it (转出 to it): the directory of the
 * county's schools, public facts only.
 */
export const SchoolDirectoryEntry = z.object({
  code: z.string(),
  name: z.string(),
  type: z.enum(SCHOOL_TYPES),
  townName: z.string(),
});
export type SchoolDirectoryEntry = z.infer<typeof SchoolDirectoryEntry>;

export const SchoolListQuery = PageQuery.extend({
  q: z.string().trim().max(60).optional(),
  townCode: RegionCode.optional(),
  type: z.enum(SCHOOL_TYPES).optional(),
});
export type SchoolListQuery = z.infer<typeof SchoolListQuery>;

export const SchoolClass = z.object({
  id: z.number().int(),
  schoolYear: z.number().int(),
  grade: z.number().int(),
  name: z.string(),
  headTeacherStaffId: z.number().int().nullable(),
  headTeacherName: z.string().nullable(),
  headTeacherPhone: z.string().nullable(),
  studentCount: z.number().int(),
});
export type SchoolClass = z.infer<typeof SchoolClass>;

export const SchoolDetail = SchoolSummary.extend({
  address: z.string().nullable(),
  phone: z.string().nullable(),
  principalName: z.string().nullable(),
  principalPhone: z.string().nullable(),
  serviceArea: z.array(z.object({ code: z.string(), name: z.string() })),
  teacherCount: z.number().int(),
});
export type SchoolDetail = z.infer<typeof SchoolDetail>;

const SchoolFields = z.object({
  name: TypedText.min(2).max(60),
  type: z.enum(SCHOOL_TYPES),
  townCode: RegionCode,
  address: z.string().trim().max(200).nullable(),
  phone: Phone.nullable(),
  boarding: z.boolean(),
  serviceArea: z
    .array(RegionCode)
    .max(200)
    .refine(
      (codes) => new Set(codes).size === codes.length,
      fieldMessage('服务范围中有重复的村(社区)', 'A village is listed twice in the service area'),
    ),
});

export const SchoolInput = SchoolFields.extend({
  code: SchoolCode,
  address: SchoolFields.shape.address.default(null),
  phone: SchoolFields.shape.phone.default(null),
  boarding: SchoolFields.shape.boarding.default(false),
  serviceArea: SchoolFields.shape.serviceArea.default([]),
});
export type SchoolInput = z.infer<typeof SchoolInput>;

// Built from the fields without their defaults: a field left out of a change must stay as
// it is (with the defaults, changing only `boarding` emptied the school's service area).
export const UpdateSchoolRequest = SchoolFields.partial().extend({ active: z.boolean().optional() });
export type UpdateSchoolRequest = z.infer<typeof UpdateSchoolRequest>;

export const ClassListQuery = z.object({
  schoolYear: z.coerce.number().int().min(2000).max(2100).optional(),
});

/** The teachers and principals of a school: who may head a class or get a teacher's account. */
export const StaffMember = z.object({
  id: z.number().int(),
  name: z.string(),
  gender: z.enum(['M', 'F']),
  phone: z.string().nullable(),
  kind: z.enum(['teacher', 'principal']),
  title: z.string().nullable(),
  /** False once they have left the school (离岗): listed, but never chosen as a head teacher. */
  active: z.boolean(),
});
export type StaffMember = z.infer<typeof StaffMember>;

export const StaffInput = z.object({
  name: TypedText.min(2).max(30),
  gender: z.enum(['M', 'F']),
  phone: Phone.nullable().default(null),
  kind: z.enum(['teacher', 'principal']).default('teacher'),
  title: z.string().trim().max(30).nullable().default(null),
});
export type StaffInput = z.infer<typeof StaffInput>;

// Without the defaults: a field left out of a change stays as it is.
export const UpdateStaffRequest = z.object({
  name: StaffInput.shape.name.optional(),
  gender: StaffInput.shape.gender.optional(),
  phone: Phone.nullable().optional(),
  kind: z.enum(['teacher', 'principal']).optional(),
  title: z.string().trim().max(30).nullable().optional(),
  /** false: the person has left (离岗); true: back again. */
  active: z.boolean().optional(),
});
export type UpdateStaffRequest = z.infer<typeof UpdateStaffRequest>;

/** A class of the county's current school year (or of `schoolYear`), with its head teacher. */
export const ClassInput = z.object({
  schoolYear: z.number().int().min(2000).max(2100).optional(),
  grade: z.number().int().min(-2).max(12),
  name: TypedText.min(1).max(20),
  headTeacherStaffId: DbId.nullable().default(null),
});
export type ClassInput = z.infer<typeof ClassInput>;

export const UpdateClassRequest = z.object({
  name: ClassInput.shape.name.optional(),
  headTeacherStaffId: DbId.nullable().optional(),
});
export type UpdateClassRequest = z.infer<typeof UpdateClassRequest>;
