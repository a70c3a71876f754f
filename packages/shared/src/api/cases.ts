import { z } from 'zod';
import {
  CASE_ACTION_KINDS,
  CASE_ENDINGS,
  CASE_SOURCES,
  CASE_STEPS,
  CASE_TEAM_ROLES,
  CHIEF_DUTIES,
  INBOX_KINDS,
  RETURN_PLACEMENTS,
} from '../enums';
import { DateInput, DateOutput, Note, PageQuery, Phone, RegionCode, SchoolCode, TypedText } from './common';

// Cases (一人一案, C6), the responsibility chain (C1) and the inbox. Every change to a
// case names the version it read; a stale version is refused (409 case_version_conflict).

export const CaseSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  gender: z.enum(['M', 'F']).nullable(),
  /** Masked unless the user may see full identity numbers and asked for this one. */
  idNumberMasked: z.string().nullable(),
  birthDate: DateOutput.nullable(),
  studentId: z.number().int().nullable(),
  townCode: z.string().nullable(),
  townName: z.string().nullable(),
  villageCode: z.string().nullable(),
  villageName: z.string().nullable(),
  schoolCode: z.string().nullable(),
  schoolName: z.string().nullable(),
  classId: z.number().int().nullable(),
  className: z.string().nullable(),
  /** The grade of that class: with its name, 三年级1班 or "Grade 3, Class 1". */
  classGrade: z.number().int().nullable(),
  schoolYear: z.number().int(),
  source: z.enum(CASE_SOURCES),
  reasonCode: z.string().nullable(),
  step: z.enum(CASE_STEPS),
  stepStartedOn: DateOutput,
  stepDueOn: DateOutput.nullable(),
  overdue: z.boolean(),
  escalationLevel: z.number().int(),
  confirmedOutOfSchool: z.boolean(),
  openedOn: DateOutput,
  closedOn: DateOutput.nullable(),
  ending: z.enum(CASE_ENDINGS).nullable(),
  version: z.number().int(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const CaseListQuery = PageQuery.extend({
  q: z.string().trim().max(60).optional(),
  /** open (default): every step but closed; closed; all. */
  state: z.enum(['open', 'closed', 'all']).default('open'),
  step: z.enum(CASE_STEPS).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  source: z.enum(CASE_SOURCES).optional(),
  townCode: RegionCode.optional(),
  schoolCode: SchoolCode.optional(),
  /** Cases the user is on the team of. */
  mine: z.enum(['true', 'false']).optional(),
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;

export const CaseMember = z.object({
  role: z.enum(CASE_TEAM_ROLES),
  name: TypedText.min(1).max(40),
  phone: z.string().nullable(),
  staffId: z.number().int().nullable(),
  userId: z.number().int().nullable(),
});
export type CaseMember = z.infer<typeof CaseMember>;

export const CaseAction = z.object({
  id: z.number().int(),
  step: z.enum(CASE_STEPS),
  kind: z.enum(CASE_ACTION_KINDS),
  happenedOn: DateOutput,
  participants: z.string().nullable(),
  result: z.string().nullable(),
  note: z.string().nullable(),
  /** Who: their name, or the login name kept on the row where it names no account; null for the system. */
  by: z.string().nullable(),
  createdAt: z.string(),
});
export type CaseAction = z.infer<typeof CaseAction>;

export const CaseEvent = z.object({
  id: z.number().int(),
  /** opened, step, reopened, escalated, overdue, closed, team, updated, absence (a new run of absences) */
  kind: z.string(),
  fromStep: z.enum(CASE_STEPS).nullable(),
  toStep: z.enum(CASE_STEPS).nullable(),
  note: z.string().nullable(),
  /** Who: their name, or the login name kept on the row where it names no account; null for the system. */
  by: z.string().nullable(),
  at: z.string(),
});
export type CaseEvent = z.infer<typeof CaseEvent>;

export const CaseCheckIn = z.object({
  round: z.number().int(),
  seq: z.number().int(),
  dueOn: DateOutput,
  doneOn: DateOutput.nullable(),
  inSchool: z.boolean().nullable(),
  note: z.string().nullable(),
  /** Who: their name, or the login name kept on the row where it names no account; null for the system. */
  by: z.string().nullable(),
});
export type CaseCheckIn = z.infer<typeof CaseCheckIn>;

/** One named person of the responsibility chain; null where nobody is recorded yet. */
export const ChainLink = z.object({
  duty: z.enum(CHIEF_DUTIES),
  line: z.enum(['government', 'education']),
  /** The unit the person answers for: the county, town, village, bureau, school or class. */
  unitName: z.string().nullable(),
  /** The class teacher's class: its grade, to read 三年级1班 or "Grade 3, Class 1" with `unitName`; null on the other links. */
  classGrade: z.number().int().nullable(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
});
export type ChainLink = z.infer<typeof ChainLink>;

/** 七长: county head, town head, village head, guardian; bureau director, principal, teacher. */
export const ResponsibilityChain = z.object({
  schoolYear: z.number().int(),
  links: z.array(ChainLink),
});
export type ResponsibilityChain = z.infer<typeof ResponsibilityChain>;

export const CaseDetail = CaseSummary.extend({
  guardianName: z.string().nullable(),
  guardianPhone: z.string().nullable(),
  sourceRef: z.string().nullable(),
  sourceNote: z.string().nullable(),
  reasonNote: z.string().nullable(),
  plan: z.string().nullable(),
  confirmedOn: DateOutput.nullable(),
  placement: z.enum(RETURN_PLACEMENTS).nullable(),
  returnSchoolCode: z.string().nullable(),
  returnSchoolName: z.string().nullable(),
  returnedOn: DateOutput.nullable(),
  reopenCount: z.number().int(),
  endingEvidence: z.string().nullable(),
  team: z.array(CaseMember),
  actions: z.array(CaseAction),
  events: z.array(CaseEvent),
  checkIns: z.array(CaseCheckIn),
  chain: ResponsibilityChain,
  /** The user may act on this case (cases.work and in scope). */
  canWork: z.boolean(),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

/** Open a case by hand: a village report, an inspector's visit. Either an enrolled child or a described one. */
export const OpenCaseRequest = z.object({
  source: z.enum(['village_report', 'inspector', 'other']),
  sourceNote: Note.min(1),
  studentId: z.number().int().positive().optional(),
  idNumber: z.string().trim().max(18).optional(),
  name: TypedText.min(1).max(40).optional(),
  gender: z.enum(['M', 'F']).optional(),
  birthDate: DateInput.optional(),
  villageCode: RegionCode.optional(),
  guardianName: TypedText.max(40).optional(),
  guardianPhone: Phone.optional(),
  reasonCode: z.string().max(40).optional(),
});
export type OpenCaseRequest = z.infer<typeof OpenCaseRequest>;

const Versioned = z.object({ version: z.number().int().positive() });

export const UpdateCaseRequest = Versioned.extend({
  reasonCode: z.string().max(40).nullable().optional(),
  reasonNote: Note.nullable().optional(),
  plan: Note.nullable().optional(),
  guardianName: TypedText.max(40).nullable().optional(),
  guardianPhone: Phone.nullable().optional(),
});
export type UpdateCaseRequest = z.infer<typeof UpdateCaseRequest>;

export const ReplaceTeamRequest = Versioned.extend({
  members: z.array(CaseMember.extend({ phone: Phone.nullable() })).max(20),
});
export type ReplaceTeamRequest = z.infer<typeof ReplaceTeamRequest>;

export const AddCaseActionRequest = z.object({
  kind: z.enum(CASE_ACTION_KINDS).exclude(['check_in']),
  happenedOn: DateInput,
  participants: z.string().trim().max(200).optional(),
  result: z.string().trim().max(500).optional(),
  note: Note.optional(),
});
export type AddCaseActionRequest = z.infer<typeof AddCaseActionRequest>;

/**
 * Move a case on. verification → persuasion (the home visit found the child out of
 * school, with the reason); persuasion → return (the agreed placement); return →
 * observation (the child is back since returnedOn; the check-ins are scheduled).
 */
export const AdvanceCaseRequest = z.discriminatedUnion('to', [
  Versioned.extend({
    to: z.literal('persuasion'),
    reasonCode: z.string().min(1).max(40),
    note: Note.optional(),
  }),
  Versioned.extend({
    to: z.literal('return'),
    placement: z.enum(RETURN_PLACEMENTS),
    returnSchoolCode: SchoolCode.optional(),
    note: Note.optional(),
  }),
  Versioned.extend({ to: z.literal('observation'), returnedOn: DateInput, note: Note.optional() }),
]);
export type AdvanceCaseRequest = z.infer<typeof AdvanceCaseRequest>;

/** Ends a case other than by a completed observation; the evidence is required. */
export const CloseCaseRequest = Versioned.extend({
  ending: z.enum(CASE_ENDINGS).exclude(['returned']),
  evidence: Note.min(1),
});
export type CloseCaseRequest = z.infer<typeof CloseCaseRequest>;

/** Records an observation check-in; one that finds the child out again reopens persuasion. */
export const CheckInRequest = Versioned.extend({
  doneOn: DateInput,
  inSchool: z.boolean(),
  note: Note.optional(),
});
export type CheckInRequest = z.infer<typeof CheckInRequest>;

// ------------------------------------------------------------------ ledgers and overview

/** 辍学台账: cases whose verification confirmed the child out of school. */
export const DropoutLedgerQuery = PageQuery.extend({
  townCode: RegionCode.optional(),
  schoolCode: SchoolCode.optional(),
  state: z.enum(['open', 'closed', 'all']).default('all'),
  format: z.literal('xlsx').optional(),
});
export type DropoutLedgerQuery = z.infer<typeof DropoutLedgerQuery>;

/** 动态销号: closed cases with their ending, newest first. */
export const ClearingQuery = PageQuery.extend({
  townCode: RegionCode.optional(),
  schoolCode: SchoolCode.optional(),
  from: DateInput.optional(),
  to: DateInput.optional(),
  format: z.literal('xlsx').optional(),
});
export type ClearingQuery = z.infer<typeof ClearingQuery>;

export const CaseFigures = z.object({
  open: z.number().int(),
  byStep: z.object({
    verification: z.number().int(),
    persuasion: z.number().int(),
    return: z.number().int(),
    observation: z.number().int(),
  }),
  overdue: z.number().int(),
  escalated: z.number().int(),
  confirmed: z.number().int(),
  /** Confirmed cases that reached observation or closed as returned. */
  returned: z.number().int(),
  /** returned / confirmed, null with no confirmed case. */
  returnRate: z.number().nullable(),
  closed: z.number().int(),
  /** Check-ins done: finding the child in school, and out again. */
  checkInsInSchool: z.number().int(),
  checkInsOut: z.number().int(),
});
export type CaseFigures = z.infer<typeof CaseFigures>;

export const CaseOverviewRow = CaseFigures.extend({ code: z.string(), name: z.string() });
export const CaseOverview = z.object({
  total: CaseFigures,
  towns: z.array(CaseOverviewRow),
  schools: z.array(CaseOverviewRow),
});
export type CaseOverview = z.infer<typeof CaseOverview>;

export const CaseOverviewQuery = z.object({ townCode: RegionCode.optional() });

// ------------------------------------------------------------------ inbox

export const InboxItem = z.object({
  id: z.number().int(),
  kind: z.enum(INBOX_KINDS),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  caseId: z.number().int().nullable(),
  studentId: z.number().int().nullable(),
  dueOn: DateOutput.nullable(),
  createdAt: z.string(),
  read: z.boolean(),
  done: z.boolean(),
});
export type InboxItem = z.infer<typeof InboxItem>;

export const InboxQuery = PageQuery.extend({ state: z.enum(['open', 'done', 'all']).default('open') });
export type InboxQuery = z.infer<typeof InboxQuery>;

export const InboxCount = z.object({ open: z.number().int(), unread: z.number().int() });
export type InboxCount = z.infer<typeof InboxCount>;

// ------------------------------------------------------------------ the seven chiefs

export const Chief = z.object({
  schoolYear: z.number().int().min(2000).max(2100),
  unitCode: z.string().min(6).max(12),
  duty: z.enum(['county_head', 'town_head', 'village_head', 'bureau_director', 'principal']),
  name: TypedText.min(1).max(40),
  phone: Phone.nullable(),
  staffId: z.number().int().nullable(),
});
export type Chief = z.infer<typeof Chief>;

export const ChiefRow = Chief.extend({ unitName: z.string() });
export type ChiefRow = z.infer<typeof ChiefRow>;

export const ChiefListQuery = z.object({
  schoolYear: z.coerce.number().int().min(2000).max(2100).optional(),
  duty: z.enum(['county_head', 'town_head', 'village_head', 'bureau_director', 'principal']).optional(),
});
