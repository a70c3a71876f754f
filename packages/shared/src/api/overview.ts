import { z } from 'zod';
import { SCHOOL_TYPES } from '../enums';
import { OverviewReconciliation, StatusCounts } from './monitoring';

const Counts = z.object({
  schools: z.number().int(),
  classes: z.number().int(),
  students: z.number().int(),
  teachers: z.number().int(),
});

export const Overview = z.object({
  schoolYear: z.number().int(),
  totals: Counts.extend({ towns: z.number().int(), villages: z.number().int() }),
  byTown: z.array(
    Counts.extend({
      code: z.string(),
      name: z.string(),
      /** Compulsory-age children by status in the latest run of the school year (absent without a run). */
      statuses: StatusCounts.optional(),
    }),
  ),
  bySchool: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      townName: z.string(),
      type: z.enum(SCHOOL_TYPES),
      students: z.number().int(),
      classes: z.number().int(),
    }),
  ),
  /**
   * Enrolled children on the user's own student list (/students?status=enrolled). It differs
   * from `totals.students` (the pupils of the schools in scope) where the scope is not made of
   * schools: a town's list also holds its children at schools of other towns, a teacher's only
   * their classes.
   */
  rosterEnrolled: z.number().int(),
  /** The latest successful reconciliation run of the school year within scope; null without one. */
  reconciliation: OverviewReconciliation.nullable().optional(),
});
export type Overview = z.infer<typeof Overview>;
