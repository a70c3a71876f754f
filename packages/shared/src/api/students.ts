import { z } from 'zod';
import { ENROLLMENT_STATUSES, STUDY_MODES, VERIFICATION_METHODS } from '../enums';
import { DateInput, DbIdQuery, PageQuery, RegionCode, SchoolCode, TypedText } from './common';
import { fieldMessage } from './field-messages';

export const StudentSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  gender: z.enum(['M', 'F']),
  /** Masked unless the user holds the "view full identity" permission and asked for it. */
  idNumberMasked: z.string(),
  birthDate: z.string().nullable(),
  schoolCode: z.string(),
  schoolName: z.string(),
  classId: z.number().int().nullable(),
  className: z.string().nullable(),
  grade: z.number().int(),
  status: z.enum(ENROLLMENT_STATUSES),
  studyMode: z.enum(STUDY_MODES),
  villageCode: z.string().nullable(),
  villageName: z.string().nullable(),
  povertyRegistered: z.boolean(),
  leftBehind: z.boolean(),
});
export type StudentSummary = z.infer<typeof StudentSummary>;

export const StudentListQuery = PageQuery.extend({
  q: z.string().trim().max(60).optional(),
  schoolCode: SchoolCode.optional(),
  classId: DbIdQuery.optional(),
  villageCode: RegionCode.optional(),
  status: z.enum(ENROLLMENT_STATUSES).optional(),
});
export type StudentListQuery = z.infer<typeof StudentListQuery>;

/** The students of a list's filters by status (the status filter itself aside): what each status would show. */
export const StudentStatusCountsQuery = StudentListQuery.omit({ page: true, pageSize: true, status: true });
export type StudentStatusCountsQuery = z.infer<typeof StudentStatusCountsQuery>;
export const StudentStatusCounts = z.record(z.enum(ENROLLMENT_STATUSES), z.number().int());
export type StudentStatusCounts = z.infer<typeof StudentStatusCounts>;

/** 调班: the pupil moves to another class of their school, grade and the current school year. */
export const ChangeClassRequest = z.object({ classId: z.number().int().positive().max(2_147_483_647) });
export type ChangeClassRequest = z.infer<typeof ChangeClassRequest>;

/**
 * 转出去向: the school outside the county a pupil moved to and how the school knows — the
 * columns of the out-of-county roster (IMPORT-FORMATS.md). Without it a 转出 is "转出 without a
 * destination", which reconciliation counts as suspected out of school.
 */
export const TransferDestination = z.object({
  school: TypedText.min(1, fieldMessage('请填写转入学校', 'Enter the school moved to')).max(100),
  region: z
    .string()
    .trim()
    .min(1, fieldMessage('请填写转入地区（省/市/县）', 'Enter the place moved to (province, city, county)'))
    .max(100),
  verification: z.enum(VERIFICATION_METHODS),
  verifiedOn: DateInput,
});
export type TransferDestination = z.infer<typeof TransferDestination>;

/**
 * 学籍变动 recorded by hand for one pupil: the status it takes, the day it took effect (not
 * after today) and why — the same event an enrolment import records for a changed status.
 */
export const ChangeStatusRequest = z.object({
  status: z.enum(ENROLLMENT_STATUSES),
  date: DateInput,
  note: TypedText.min(1, fieldMessage('请写明变动原因', 'Give the reason for the change')).max(200),
  /** Only with 转出: where the pupil went, written as the school year's out-of-county record. */
  destination: TransferDestination.optional(),
  /**
   * Only with 转出, instead of `destination`: the school of the county the pupil moves to. That
   * school is told and takes the pupil over (待接收转入); till then the pupil is 转出 here.
   */
  toSchoolCode: SchoolCode.optional(),
});
export type ChangeStatusRequest = z.infer<typeof ChangeStatusRequest>;

/** The pupil after the change, and the case opened when they were recorded as 辍学 (else null). */
export const ChangeStatusResult = StudentSummary.extend({ caseId: z.number().int().nullable() });
export type ChangeStatusResult = z.infer<typeof ChangeStatusResult>;

/**
 * 接收转入: a pupil of another school of the county moves to this one (一人一籍，籍随人走) —
 * their record moves, and both schools see the handover. The pupil is named by identity
 * number and name, which must agree with the record.
 */
export const ReceiveTransferRequest = z.object({
  idNumber: z.string().trim().min(1, fieldMessage('请填写身份证号', 'Enter the identity number')).max(18),
  name: TypedText.min(1, fieldMessage('请填写姓名', 'Enter the name')).max(50),
  schoolCode: SchoolCode,
  grade: z.number().int().min(1).max(9),
  classId: z.number().int().positive().max(2_147_483_647).nullable().optional(),
  date: DateInput,
  note: z.string().trim().max(200).optional(),
});
export type ReceiveTransferRequest = z.infer<typeof ReceiveTransferRequest>;

/**
 * 待接收转入: a pupil another school of the county recorded as 转出 to this one, waiting to be
 * taken over. The receiving school knows them by this, without their full identity number.
 */
export const PendingTransfer = z.object({
  studentId: z.number().int(),
  name: z.string(),
  gender: z.enum(['M', 'F']),
  idNumberMasked: z.string(),
  grade: z.number().int(),
  fromSchoolCode: z.string(),
  fromSchoolName: z.string(),
  toSchoolCode: z.string(),
  toSchoolName: z.string(),
  /** The day the sending school recorded the 转出, and why. */
  date: z.string(),
  note: z.string().nullable(),
});
export type PendingTransfer = z.infer<typeof PendingTransfer>;

/** Taking over a pending transfer: the school is the one the sending school named. */
export const ReceivePendingRequest = ReceiveTransferRequest.omit({
  idNumber: true,
  name: true,
  schoolCode: true,
});
export type ReceivePendingRequest = z.infer<typeof ReceivePendingRequest>;

export const FullIdentity = z.object({ id: z.number().int(), idNumber: z.string() });
export type FullIdentity = z.infer<typeof FullIdentity>;
