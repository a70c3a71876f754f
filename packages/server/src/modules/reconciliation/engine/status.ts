// One child's status from the records matched to them (RECONCILIATION.md, "Statuses,
// first that applies"). Where several enrolments could decide, the choice is written
// down in DECISIONS.md beside this file.
import type { EnrollmentStatus, StudyMode } from '@baoxue/shared/enums';
import type { ChildStatus } from './types';

/** What the status rules read of an enrolment (an `EnrollmentInput` has all of it). */
export interface EnrollmentFacts {
  row: number;
  schoolCode: string;
  grade: number;
  status: EnrollmentStatus;
  mode: StudyMode;
}

/** The records matched to one child: exactly, or through a confirmed candidate link. */
export interface ChildMatches<E extends EnrollmentFacts = EnrollmentFacts> {
  enrollments: readonly E[];
  outOfCounty: number;
  /** The school year of each exemption. */
  exemptionYears: readonly number[];
}

export interface StatusDecision<E extends EnrollmentFacts = EnrollmentFacts> {
  status: ChildStatus;
  /** The enrolment the status rests on, or for a child out of school the last one known. */
  enrollment: E | null;
}

/** Graduating below grade 9 leaves compulsory education unfinished. */
const LAST_COMPULSORY_GRADE = 9;

export function decideStatus<E extends EnrollmentFacts>(
  matches: ChildMatches<E>,
  schoolYear: number,
  hasCandidates: boolean,
): StatusDecision<E> {
  const { enrollments } = matches;
  const enrolled = latestEnrollment(enrollments, (e) => e.status === 'enrolled');
  if (enrolled) return { status: 'enrolled_in_county', enrollment: enrolled };
  if (matches.outOfCounty > 0) return { status: 'enrolled_out_of_county', enrollment: null };
  if (matches.exemptionYears.includes(schoolYear)) return { status: 'exempt', enrollment: null };
  const suspended = latestEnrollment(enrollments, (e) => e.status === 'suspended');
  if (suspended) return { status: 'suspended', enrollment: suspended };
  const completed = latestEnrollment(
    enrollments,
    (e) => e.status === 'graduated' && e.grade >= LAST_COMPULSORY_GRADE,
  );
  if (completed) return { status: 'completed_compulsory', enrollment: completed };
  if (hasCandidates) return { status: 'needs_review', enrollment: null };
  // Dropped out, transferred out with no destination on record, or graduated too early:
  // the last school known is the one that should go and persuade.
  return { status: 'suspected_out_of_school', enrollment: latestEnrollment(enrollments, () => true) };
}

/**
 * Of the enrolments that qualify, the one at the highest grade (a lingering old
 * registration is the lower one), then the lowest school code and row, so that the
 * choice never depends on the order the records arrived in.
 */
export function latestEnrollment<E extends EnrollmentFacts>(
  enrollments: readonly E[],
  qualifies: (e: E) => boolean,
): E | null {
  let best: E | null = null;
  for (const e of enrollments) {
    if (!qualifies(e)) continue;
    if (best === null || compareEnrollments(e, best) < 0) best = e;
  }
  return best;
}

function compareEnrollments(a: EnrollmentFacts, b: EnrollmentFacts): number {
  if (a.grade !== b.grade) return b.grade - a.grade;
  if (a.schoolCode !== b.schoolCode) return a.schoolCode < b.schoolCode ? -1 : 1;
  return a.row - b.row;
}
