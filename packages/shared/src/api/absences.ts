import { z } from 'zod';
import { ABSENCE_KINDS, CALENDAR_DAY_KINDS, CONTACT_METHODS, CONTACT_RESULTS } from '../enums';
import {
  DateInput,
  DateOutput,
  DbId,
  DbIdQuery,
  Note,
  PageQuery,
  RegionCode,
  SchoolCode,
  TypedText,
} from './common';
import { fieldMessage } from './field-messages';

// The school calendar and daily absences (C10). Days travel as YYYY-MM-DD; "today" is
// the server's (Beijing time), so a request without a day means the server's today.

// ------------------------------------------------------------------- calendar

export const SchoolTerm = z.object({
  schoolYear: z.number().int(),
  term: z.union([z.literal(1), z.literal(2)]),
  startsOn: DateOutput,
  endsOn: DateOutput,
});
export type SchoolTerm = z.infer<typeof SchoolTerm>;

export const CalendarDay = z.object({
  day: DateOutput,
  kind: z.enum(CALENDAR_DAY_KINDS),
  note: z.string().nullable(),
});
export type CalendarDay = z.infer<typeof CalendarDay>;

export const CalendarQuery = z.object({
  /** 2026 is 2026-2027; the county's current school year when left out. */
  schoolYear: z.coerce.number().int().min(2000).max(2100).optional(),
});
export type CalendarQuery = z.infer<typeof CalendarQuery>;

/** A school year's terms and the days marked from 1 September to 31 August. */
export const SchoolCalendarResponse = z.object({
  schoolYear: z.number().int(),
  terms: z.array(SchoolTerm),
  days: z.array(CalendarDay),
});
export type SchoolCalendarResponse = z.infer<typeof SchoolCalendarResponse>;

export const TermInput = z
  .object({
    term: z.union([z.literal(1), z.literal(2)]),
    startsOn: DateInput,
    endsOn: DateInput,
  })
  .refine((t) => t.endsOn >= t.startsOn, {
    message: fieldMessage('结束日期不能早于开始日期', 'The end date cannot be before the start date'),
    path: ['endsOn'],
  });

/** Replaces the terms of a school year (one or two; the second after the first). */
export const PutTermsRequest = z
  .object({
    schoolYear: z.number().int().min(2000).max(2100),
    terms: z.array(TermInput).min(1).max(2),
  })
  .refine((r) => new Set(r.terms.map((t) => t.term)).size === r.terms.length, {
    message: fieldMessage('每个学期只能填写一次', 'Each term can be given once only'),
    path: ['terms'],
  })
  .refine(
    (r) =>
      r.terms.every((t) => t.startsOn >= `${r.schoolYear}-09-01` && t.endsOn <= `${r.schoolYear + 1}-08-31`),
    {
      message: fieldMessage(
        '学期应在该学年内(9月1日至次年8月31日)',
        'A term falls within its school year (1 September to 31 August)',
      ),
      path: ['terms'],
    },
  )
  .refine(
    (r) => {
      const [first, second] = [...r.terms].sort((a, b) => a.term - b.term);
      return !first || !second || first.endsOn < second.startsOn;
    },
    {
      message: fieldMessage(
        '第二学期应在第一学期结束后开始',
        'The second term starts after the first one ends',
      ),
      path: ['terms'],
    },
  );
export type PutTermsRequest = z.infer<typeof PutTermsRequest>;

export const DayParam = z.object({ day: DateInput });

export const PutCalendarDayRequest = z.object({
  kind: z.enum(CALENDAR_DAY_KINDS),
  note: Note.max(100).nullish(),
});
export type PutCalendarDayRequest = z.infer<typeof PutCalendarDayRequest>;

// ------------------------------------------------------------------ roll call

export const DayQuery = z.object({ day: DateInput.optional() });
export type DayQuery = z.infer<typeof DayQuery>;

/** A class the user may mark, with how the day stands. */
export const AbsenceClass = z.object({
  classId: z.number().int(),
  className: z.string(),
  grade: z.number().int(),
  schoolCode: z.string(),
  schoolName: z.string(),
  enrolled: z.number().int(),
  marked: z.boolean(),
  absent: z.number().int(),
  unexcused: z.number().int(),
});
export type AbsenceClass = z.infer<typeof AbsenceClass>;

export const AbsenceClassesResponse = z.object({
  day: DateOutput,
  today: DateOutput,
  schoolDay: z.boolean(),
  classes: z.array(AbsenceClass),
});
export type AbsenceClassesResponse = z.infer<typeof AbsenceClassesResponse>;

export const GuardianContact = z.object({
  id: z.number().int(),
  studentId: z.number().int(),
  day: DateOutput,
  contactName: z.string(),
  relation: z.string().nullable(),
  method: z.enum(CONTACT_METHODS),
  result: z.enum(CONTACT_RESULTS),
  note: z.string().nullable(),
  username: z.string().nullable(),
  createdAt: z.string(),
});
export type GuardianContact = z.infer<typeof GuardianContact>;

export const RollStudent = z.object({
  studentId: z.number().int(),
  name: z.string(),
  gender: z.enum(['M', 'F']),
  guardianName: z.string().nullable(),
  guardianPhone: z.string().nullable(),
  /** null: present. */
  absence: z.object({ kind: z.enum(ABSENCE_KINDS), note: z.string().nullable() }).nullable(),
  /** The guardian contacts logged for this day. */
  contacts: z.array(GuardianContact),
});
export type RollStudent = z.infer<typeof RollStudent>;

export const ClassRoll = z.object({
  classId: z.number().int(),
  className: z.string(),
  grade: z.number().int(),
  schoolCode: z.string(),
  schoolName: z.string(),
  day: DateOutput,
  today: DateOutput,
  schoolDay: z.boolean(),
  marked: z.boolean(),
  markedAt: z.string().nullable(),
  markedBy: z.string().nullable(),
  students: z.array(RollStudent),
});
export type ClassRoll = z.infer<typeof ClassRoll>;

export const ClassParam = z.object({ classId: z.coerce.number().int().positive().max(2_147_483_647) });
export const ClassDayParam = ClassParam.extend({ day: DateInput });

export const AbsenceInput = z.object({
  studentId: DbId,
  kind: z.enum(ABSENCE_KINDS),
  note: Note.max(200).nullish(),
});
export type AbsenceInput = z.infer<typeof AbsenceInput>;

/** The class's absent children for the day; everyone else was present. Replaces what was marked. */
export const SaveRollRequest = z.object({
  absences: z
    .array(AbsenceInput)
    .max(200)
    .refine(
      (list) => new Set(list.map((a) => a.studentId)).size === list.length,
      fieldMessage('同一学生只能登记一次', 'A pupil can be recorded once only'),
    ),
});
export type SaveRollRequest = z.infer<typeof SaveRollRequest>;

export const NewGuardianContact = z.object({
  studentId: DbId,
  day: DateInput,
  contactName: TypedText.min(1).max(40),
  relation: z.string().trim().max(20).nullish(),
  method: z.enum(CONTACT_METHODS),
  result: z.enum(CONTACT_RESULTS),
  note: Note.max(500).nullish(),
});
export type NewGuardianContact = z.infer<typeof NewGuardianContact>;

// ------------------------------------------------------------- absences lists

export const AbsenceListQuery = PageQuery.extend({
  /** Both inclusive; the server's today when left out. */
  from: DateInput.optional(),
  to: DateInput.optional(),
  townCode: RegionCode.optional(),
  schoolCode: SchoolCode.optional(),
  classId: DbIdQuery.optional(),
  kind: z.enum(ABSENCE_KINDS).optional(),
});
export type AbsenceListQuery = z.infer<typeof AbsenceListQuery>;

export const AbsenceRow = z.object({
  studentId: z.number().int(),
  name: z.string(),
  gender: z.enum(['M', 'F']),
  day: DateOutput,
  kind: z.enum(ABSENCE_KINDS),
  note: z.string().nullable(),
  schoolCode: z.string(),
  schoolName: z.string(),
  townCode: z.string().nullable(),
  townName: z.string().nullable(),
  classId: z.number().int(),
  className: z.string(),
  grade: z.number().int(),
  villageName: z.string().nullable(),
  guardianName: z.string().nullable(),
  guardianPhone: z.string().nullable(),
  /** Contacts logged for that day, and whether one reached the guardian. */
  contacts: z.number().int(),
  reached: z.boolean(),
  markedBy: z.string().nullable(),
});
export type AbsenceRow = z.infer<typeof AbsenceRow>;

export const AbsenceSummaryQuery = z.object({
  from: DateInput.optional(),
  to: DateInput.optional(),
  townCode: RegionCode.optional(),
});
export type AbsenceSummaryQuery = z.infer<typeof AbsenceSummaryQuery>;

export const AbsenceCounts = z.object({
  absences: z.number().int(),
  sick: z.number().int(),
  personal: z.number().int(),
  unexcused: z.number().int(),
  /** Different children absent at least once. */
  children: z.number().int(),
  /** Unexcused absences with no guardian reached that day. */
  unreached: z.number().int(),
  /**
   * Rolls due in the period: each class with enrolled pupils the user answers for, on each
   * school day of the period up to today. Without them a school whose classes take no roll
   * looked like one without absences.
   */
  rollsDue: z.number().int(),
  /** Of those, the rolls taken. */
  rollsTaken: z.number().int(),
});
export type AbsenceCounts = z.infer<typeof AbsenceCounts>;

export const SchoolAbsenceSummary = AbsenceCounts.extend({
  schoolCode: z.string(),
  schoolName: z.string(),
  townCode: z.string().nullable(),
  townName: z.string().nullable(),
});
export type SchoolAbsenceSummary = z.infer<typeof SchoolAbsenceSummary>;

export const AbsenceSummary = z.object({
  from: DateOutput,
  to: DateOutput,
  today: DateOutput,
  total: AbsenceCounts,
  schools: z.array(SchoolAbsenceSummary),
});
export type AbsenceSummary = z.infer<typeof AbsenceSummary>;
