// Dynamic monitoring (REQUIREMENTS.md C9): imports, the registries, 一表六册 and
// reconciliation. These are the shapes the server answers with and the web builds on.
//
// Identity numbers never leave the server in full through these endpoints: every list
// carries `idNumberMasked`; a user allowed to see full numbers gets them in the .xlsx
// exports only, and every such export is audited as a full-identity view.
import { z } from 'zod';
import {
  CANDIDATE_RULES,
  CASE_STEPS,
  CHILD_FLAGS,
  CHILD_STATUSES,
  DISABILITY_CATEGORIES,
  ENROLLMENT_STATUSES,
  EXEMPTION_TYPES,
  FINDING_CODES,
  IMPORT_KINDS,
  IMPORT_MODES,
  JOB_STATUSES,
  LEDGER_KINDS,
  RECORD_SOURCES,
  REVIEW_DECISIONS,
  ROSTER_KINDS,
  ROSTER_REMOVALS,
  STUDENT_EVENT_KINDS,
  STUDY_MODES,
  VERIFICATION_METHODS,
} from '../enums';
import {
  DateInput,
  DbId,
  DbIdQuery,
  ExportQuery,
  FullIdQuery,
  PageQuery,
  RegionCode,
  SchoolCode,
  TypedText,
} from './common';
import { fieldMessage } from './field-messages';

const SchoolYear = z.coerce.number().int().min(2000).max(2100);
const Timestamp = z.string().describe('ISO 8601 timestamp');
const IsoDate = z.string().describe('YYYY-MM-DD');

// ------------------------------------------------------------------- imports

export const ImportKindSchema = z.enum(IMPORT_KINDS);
export const ImportModeSchema = z.enum(IMPORT_MODES);
export const JobStatusSchema = z.enum(JOB_STATUSES);

/**
 * `POST /api/imports?kind=&schoolYear=&mode=&fileName=` with the file itself as the body
 * (`content-type: application/octet-stream`, up to 200 MB). Answers 202 with the job at
 * once; poll `GET /api/imports/:id` for progress.
 *
 * Who may import: a county administrator any kind; a school administrator only the
 * enrolment kind, and only rows of their own school (other rows are refused row by row).
 */
export const StartImportQuery = z.object({
  kind: ImportKindSchema,
  /**
   * The school year the roster belongs to (population, out-of-county). Exemption rows
   * carry their own 学年; the enrolment registry is the current one, the year only picks
   * the classes named in 班级.
   */
  schoolYear: SchoolYear,
  mode: ImportModeSchema.default('valid_rows'),
  /** The file's name as the user chose it: decides .xlsx or .csv and appears in messages. */
  fileName: z.string().trim().min(1).max(200),
});
export type StartImportQuery = z.infer<typeof StartImportQuery>;

/** One problem in one row: row number as in Excel, the column's template header, why. */
export const RowProblem = z.object({
  row: z.number().int(),
  /** Empty when the problem is the row as a whole. */
  column: z.string(),
  code: z.string(),
  message: z.string(),
  messageEn: z.string(),
});
export type RowProblem = z.infer<typeof RowProblem>;

/**
 * What an import did, by kind: `inserted`, `updated`, `transferred` (enrolment rows that
 * moved a child's record to another school), `events` (registry history entries written),
 * `replaced` (population rows of the file's villages replaced), `keptRefused` (children of those
 * villages whose rows the import refused, their earlier rows kept), `kept` (children of those
 * villages registered by hand and not in the file, kept), `removed` (rows of children taken
 * off the year's roster, left out), `villages`.
 */
export const ImportSummary = z.record(z.string(), z.number().int());
export type ImportSummary = z.infer<typeof ImportSummary>;

export const ImportJob = z.object({
  id: z.number().int(),
  kind: ImportKindSchema,
  schoolYear: z.number().int(),
  fileName: z.string(),
  mode: ImportModeSchema,
  status: JobStatusSchema,
  /** Data rows read so far (for a progress bar; `totalRows` is known only at the end). */
  progressRows: z.number().int(),
  /** Bytes of the file read so far and the file's size: progress while rows are read. */
  progressBytes: z.number().int(),
  fileBytes: z.number().int(),
  totalRows: z.number().int().nullable(),
  acceptedRows: z.number().int(),
  rejectedRows: z.number().int(),
  warningCount: z.number().int(),
  /** Why the job failed: `not_a_workbook`, `empty`, `missing_column`, `unreadable`, `rows_invalid` (all or nothing), `no_valid_rows`, `interrupted`, `internal`. */
  errorCode: z.string().nullable(),
  error: z.string().nullable(),
  errorEn: z.string().nullable(),
  summary: ImportSummary,
  /** A school administrator's import is limited to this school. */
  schoolCode: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: Timestamp,
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
});
export type ImportJob = z.infer<typeof ImportJob>;

export const ImportJobDetail = ImportJob.extend({
  /** The file's header row as read. */
  headers: z.array(z.string()),
  /** The first row errors (at most 200); all of them are in the error workbook. */
  errors: z.array(RowProblem),
  /** The first warnings (unknown columns, invalid identity numbers kept and flagged …). */
  warnings: z.array(RowProblem),
});
export type ImportJobDetail = z.infer<typeof ImportJobDetail>;

export const ImportListQuery = PageQuery.extend({
  kind: ImportKindSchema.optional(),
  status: JobStatusSchema.optional(),
});
export type ImportListQuery = z.infer<typeof ImportListQuery>;

/** `GET /api/imports/templates/:kind.xlsx` */
export const TemplateParams = z.object({ kind: ImportKindSchema });

// ---------------------------------------------------------------- registries

export const StudentEvent = z.object({
  id: z.number().int(),
  studentId: z.number().int(),
  kind: z.enum(STUDENT_EVENT_KINDS),
  date: IsoDate,
  fromSchoolCode: z.string().nullable(),
  fromSchoolName: z.string().nullable(),
  toSchoolCode: z.string().nullable(),
  toSchoolName: z.string().nullable(),
  grade: z.number().int().nullable(),
  statusBefore: z.enum(ENROLLMENT_STATUSES).nullable(),
  statusAfter: z.enum(ENROLLMENT_STATUSES).nullable(),
  note: z.string().nullable(),
  importId: z.number().int().nullable(),
  by: z.string().nullable(),
  at: Timestamp,
});
export type StudentEvent = z.infer<typeof StudentEvent>;

/** `GET /api/student-events`: the registry's handovers a school (or the county) answers for. */
export const StudentEventQuery = PageQuery.extend({
  schoolCode: SchoolCode.optional(),
  kind: z.enum(STUDENT_EVENT_KINDS).optional(),
});
export type StudentEventQuery = z.infer<typeof StudentEventQuery>;

/**
 * An event of `GET /api/student-events` with its pupil: a school sees the pupils who left it
 * too (the handover), but may open the pupil's record only while it answers for the pupil.
 */
export const StudentEventListItem = StudentEvent.extend({
  studentName: z.string(),
  idNumberMasked: z.string(),
  /** Whether the user may open the pupil's record (the pupil is still theirs). */
  studentVisible: z.boolean(),
});
export type StudentEventListItem = z.infer<typeof StudentEventListItem>;

export const OutOfCountyEntry = z.object({
  id: z.number().int(),
  schoolYear: z.number().int(),
  name: z.string(),
  idNumberMasked: z.string(),
  school: z.string(),
  region: z.string(),
  grade: z.number().int().nullable(),
  verification: z.enum(VERIFICATION_METHODS),
  verifiedOn: IsoDate,
});
export type OutOfCountyEntry = z.infer<typeof OutOfCountyEntry>;

export const ExemptionEntry = z.object({
  id: z.number().int(),
  schoolYear: z.number().int(),
  name: z.string(),
  idNumberMasked: z.string(),
  type: z.enum(EXEMPTION_TYPES),
  reason: z.string(),
  approvalNo: z.string().nullable(),
});
export type ExemptionEntry = z.infer<typeof ExemptionEntry>;

/** A child of the population roster, with what the other registries and the latest run say. */
export const RosterRow = z.object({
  /** Id of the population row. */
  id: z.number().int(),
  schoolYear: z.number().int(),
  name: z.string(),
  gender: z.enum(['M', 'F']),
  idNumberMasked: z.string(),
  idValid: z.boolean(),
  birthDate: IsoDate,
  /** Age on 31 August of the school year. */
  age: z.number().int(),
  townCode: z.string().nullable(),
  townName: z.string().nullable(),
  villageCode: z.string().nullable(),
  villageName: z.string().nullable(),
  householdNo: z.string().nullable(),
  guardianName: z.string().nullable(),
  guardianPhone: z.string().nullable(),
  guardianRelation: z.string().nullable(),
  povertyRegistered: z.boolean(),
  leftBehind: z.boolean(),
  disabilityCategory: z.enum(DISABILITY_CATEGORIES).nullable(),
  disabilityLevel: z.number().int().min(1).max(4).nullable(),
  /** Registered by hand (摸排) and not yet in an imported household list. */
  byHand: z.boolean(),
  /** Status in the latest successful reconciliation run of the school year (compulsory ages only). */
  status: z.enum(CHILD_STATUSES).nullable(),
  /** The county school of the student record (在读 first), if any. */
  schoolCode: z.string().nullable(),
  schoolName: z.string().nullable(),
  grade: z.number().int().nullable(),
  enrollmentStatus: z.enum(ENROLLMENT_STATUSES).nullable(),
  studyMode: z.enum(STUDY_MODES).nullable(),
  /** The out-of-county record of the school year, for children studying outside. */
  outOfCountySchool: z.string().nullable(),
  outOfCountyRegion: z.string().nullable(),
  outOfCountyGrade: z.number().int().nullable(),
  verification: z.enum(VERIFICATION_METHODS).nullable(),
  verifiedOn: IsoDate.nullable(),
});
export type RosterRow = z.infer<typeof RosterRow>;

/**
 * The area of a roster or list. A county user may leave all three out (the whole
 * county); otherwise the area must lie in the user's scope (else 404).
 */
export const AreaQuery = z.object({
  townCode: RegionCode.optional(),
  /** A school's service area (划片): the villages it serves. */
  schoolCode: SchoolCode.optional(),
  villageCode: RegionCode.optional(),
});

export const PopulationListQuery = PageQuery.extend(AreaQuery.shape).extend({
  schoolYear: SchoolYear.optional(),
  /** Name, or a whole identity number. */
  q: z.string().trim().max(60).optional(),
});
export type PopulationListQuery = z.infer<typeof PopulationListQuery>;

/** `GET /api/population/:id`: everything known about one child (the child page). */
export const ChildRecord = z.object({
  population: RosterRow,
  /** Student records with the same identity number (more than one is a 重复学籍). */
  students: z.array(
    z.object({
      id: z.number().int(),
      schoolCode: z.string(),
      schoolName: z.string(),
      grade: z.number().int(),
      className: z.string().nullable(),
      status: z.enum(ENROLLMENT_STATUSES),
      studyMode: z.enum(STUDY_MODES),
    }),
  ),
  /** The registry history of those records, oldest first. */
  events: z.array(StudentEvent),
  outOfCounty: z.array(OutOfCountyEntry),
  exemptions: z.array(ExemptionEntry),
  /** The child in the latest successful run of the school year, if of compulsory age. */
  reconciliation: z
    .object({
      runId: z.number().int(),
      childId: z.number().int(),
      status: z.enum(CHILD_STATUSES),
      flags: z.array(z.enum(CHILD_FLAGS)),
      schoolCode: z.string().nullable(),
    })
    .nullable(),
  /** The child's open persuasion case (一人一案), where there is one. */
  openCase: z.object({ id: z.number().int(), step: z.enum(CASE_STEPS) }).nullable(),
});
export type ChildRecord = z.infer<typeof ChildRecord>;

/** An optional text of the household facts: blank is none. */
const factText = (max: number) =>
  TypedText.max(max)
    .nullable()
    .transform((v) => (v === '' ? null : v));

const householdFields = {
  householdNo: factText(30),
  guardianName: factText(50),
  guardianPhone: factText(30),
  guardianRelation: factText(20),
  povertyRegistered: z.boolean(),
  leftBehind: z.boolean(),
  disabilityCategory: z.enum(DISABILITY_CATEGORIES).nullable(),
  disabilityLevel: z.number().int().min(1).max(4).nullable(),
};

/** A disability level goes with its category (残疾类别 and 残疾等级 of the roster). */
function levelWithCategory(f: { disabilityCategory: unknown; disabilityLevel: number | null }): boolean {
  return f.disabilityLevel === null || f.disabilityCategory !== null;
}
const LEVEL_WITH_CATEGORY = {
  path: ['disabilityLevel'],
  message: fieldMessage('残疾等级须与残疾类别一起填写', 'A disability level goes with a disability category'),
};

/**
 * A child's household facts kept current by hand between imports of the population roster
 * (the 户号 … 残疾等级 columns of IMPORT-FORMATS.md): a town or village official for the
 * children of their area, in the current school year's roster.
 */
export const HouseholdFacts = z.object(householdFields).refine(levelWithCategory, LEVEL_WITH_CATEGORY);
export type HouseholdFacts = z.infer<typeof HouseholdFacts>;

/**
 * A child added to the current school year's population roster by hand (摸排: a newborn, a
 * family moved in, a child found on a home visit): the roster's columns. An identity number
 * that is valid gives birth date and gender; without one the birth date is required.
 */
export const NewChild = z
  .object({
    name: TypedText.min(1, fieldMessage('请填写姓名', 'Enter the name')).max(50),
    gender: z.enum(['M', 'F']),
    idNumber: factText(20),
    birthDate: DateInput.nullable(),
    villageCode: RegionCode,
    ...householdFields,
  })
  .refine(levelWithCategory, LEVEL_WITH_CATEGORY);
export type NewChild = z.infer<typeof NewChild>;

/**
 * 注销: a child taken off the current school year's roster by hand — the household moved
 * away, a death, a child registered twice — with the grounds (a 户籍 certificate, a death
 * record, the other registration).
 */
export const RosterRemovalRequest = z.object({
  reason: z.enum(ROSTER_REMOVALS),
  note: TypedText.min(1, fieldMessage('请写明依据', 'Give the grounds')).max(200),
});
export type RosterRemovalRequest = z.infer<typeof RosterRemovalRequest>;

/** `GET /api/population/removals`: a school year's 注销 for a move or a death, in an area of the user's scope. */
export const RemovalListQuery = PageQuery.extend(AreaQuery.shape).extend({
  schoolYear: SchoolYear.optional(),
});
export type RemovalListQuery = z.infer<typeof RemovalListQuery>;

/** One 注销 that keeps the child out of the year's later imports (a duplicate's leaves no such record). */
export const RosterRemovalRow = z.object({
  name: z.string(),
  idNumberMasked: z.string(),
  villageCode: z.string(),
  villageName: z.string().nullable(),
  townName: z.string().nullable(),
  reason: z.enum(ROSTER_REMOVALS).exclude(['duplicate']),
  note: z.string(),
  /** Who took the child off the roster: their name, or their login when the account is gone. */
  removedBy: z.string().nullable(),
  removedAt: z.string(),
});
export type RosterRemovalRow = z.infer<typeof RosterRemovalRow>;

// ------------------------------------------------------------------ rosters

export const RosterKindSchema = z.enum(ROSTER_KINDS);
/** The six rosters (the statistics table has its own shape). */
export const RosterListKind = z.enum([
  'population',
  'compulsory',
  'poverty',
  'left_behind',
  'disabled',
  'out_of_county',
]);
export type RosterListKind = z.infer<typeof RosterListKind>;

/** `GET /api/rosters/:roster` (JSON pages) and `GET /api/rosters/workbook.xlsx` (all seven sheets). */
export const RosterQuery = PageQuery.extend(AreaQuery.shape).extend({
  schoolYear: SchoolYear.optional(),
  q: z.string().trim().max(60).optional(),
});
export type RosterQuery = z.infer<typeof RosterQuery>;

export const WorkbookQuery = AreaQuery.extend({ schoolYear: SchoolYear.optional() }).extend(
  FullIdQuery.shape,
);
export type WorkbookQuery = z.infer<typeof WorkbookQuery>;

export const StatusCounts = z.object(
  Object.fromEntries(CHILD_STATUSES.map((s) => [s, z.number().int()])) as Record<
    (typeof CHILD_STATUSES)[number],
    z.ZodNumber
  >,
);
export type StatusCounts = z.infer<typeof StatusCounts>;

/** One line of 教育情况统计表: a village (or the area's total). */
export const StatisticsRow = z.object({
  code: z.string(),
  name: z.string(),
  /** Children aged 0–17 in the population roster. */
  population: z.number().int(),
  /** By age on 31 August: 0–5 (preschool), 6–11 (primary), 12–14 (junior), 15–17. */
  ages0to5: z.number().int(),
  ages6to11: z.number().int(),
  ages12to14: z.number().int(),
  ages15to17: z.number().int(),
  /** Of compulsory age (the county's setting, 6–15 by default). */
  compulsory: z.number().int(),
  /** Compulsory-age children by their status in the latest run (all zero without a run). */
  statuses: StatusCounts,
  /** Enrolled (在读) in the county by stage. */
  primaryStudents: z.number().int(),
  juniorStudents: z.number().int(),
  povertyRegistered: z.number().int(),
  leftBehind: z.number().int(),
  disabled: z.number().int(),
  outOfCounty: z.number().int(),
});
export type StatisticsRow = z.infer<typeof StatisticsRow>;

export const RosterStatistics = z.object({
  schoolYear: z.number().int(),
  area: z.object({
    kind: z.enum(['county', 'town', 'school', 'village']),
    code: z.string(),
    name: z.string(),
  }),
  /** The run the statuses come from; null when the year has none. */
  runId: z.number().int().nullable(),
  rows: z.array(StatisticsRow),
  total: StatisticsRow,
});
export type RosterStatistics = z.infer<typeof RosterStatistics>;

// ----------------------------------------------------------- reconciliation

export const ChildStatusSchema = z.enum(CHILD_STATUSES);
export const FindingCodeSchema = z.enum(FINDING_CODES);
export const ChildFlagSchema = z.enum(CHILD_FLAGS);

export const StartRunRequest = z.object({ schoolYear: z.number().int().min(2000).max(2100) });
export type StartRunRequest = z.infer<typeof StartRunRequest>;

export const InputFingerprint = z.object({
  rows: z.number().int(),
  /** sha256 over the fields matching reads, row by row in key order. */
  sha256: z.string(),
});

export const RunPhase = z.enum(['queued', 'reading', 'matching', 'writing', 'done']);

export const ReconciliationRun = z.object({
  id: z.number().int(),
  schoolYear: z.number().int(),
  status: JobStatusSchema,
  phase: RunPhase,
  /** Input rows read so far. */
  progressRows: z.number().int(),
  /** Compulsory-age children in the result (null until done). */
  children: z.number().int().nullable(),
  findings: z.number().int().nullable(),
  /**
   * Counts per status (null until done): the county's for a county user, the user's scope's
   * for anyone else, as `children`, `findings` and `findingCounts` are.
   */
  summary: StatusCounts.nullable(),
  findingCounts: z.record(z.string(), z.number().int()).nullable(),
  /** What the run read: per input, row count and a fingerprint; the age range and decisions used. */
  fingerprints: z
    .object({
      population: InputFingerprint,
      enrollment: InputFingerprint,
      outOfCounty: InputFingerprint,
      exemptions: InputFingerprint,
      decisions: InputFingerprint,
      compulsoryAge: z.object({ min: z.number().int(), max: z.number().int() }),
    })
    .nullable(),
  startedBy: z.string().nullable(),
  createdAt: Timestamp,
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
  durationMs: z.number().int().nullable(),
  error: z.string().nullable(),
  errorEn: z.string().nullable(),
});
export type ReconciliationRun = z.infer<typeof ReconciliationRun>;

export const RunDetail = ReconciliationRun.extend({
  /** Counts per status among the children in the user's scope. */
  scopedSummary: StatusCounts.nullable(),
});
export type RunDetail = z.infer<typeof RunDetail>;

export const RunListQuery = PageQuery.extend({ schoolYear: SchoolYear.optional() });
export type RunListQuery = z.infer<typeof RunListQuery>;

/** One compulsory-age child of a run. */
export const RunChild = z.object({
  id: z.number().int(),
  runId: z.number().int(),
  /** Null for a child without any identity number. */
  idNumberMasked: z.string().nullable(),
  name: z.string(),
  gender: z.enum(['M', 'F']).nullable(),
  birthDate: IsoDate.nullable(),
  age: z.number().int(),
  townCode: z.string().nullable(),
  townName: z.string().nullable(),
  villageCode: z.string().nullable(),
  villageName: z.string().nullable(),
  status: ChildStatusSchema,
  /** The county school the status rests on (for a child out of school: the last one known). */
  schoolCode: z.string().nullable(),
  schoolName: z.string().nullable(),
  /** Education line: the school serving the child's village for the child's stage. */
  responsibleSchoolCode: z.string().nullable(),
  responsibleSchoolName: z.string().nullable(),
  flags: z.array(ChildFlagSchema),
  candidateCount: z.number().int(),
  /** The child's row on the population roster (the child page), null once an import replaced it. */
  populationId: z.number().int().nullable(),
  guardianName: z.string().nullable(),
  guardianPhone: z.string().nullable(),
});
export type RunChild = z.infer<typeof RunChild>;

export const RunChildrenQuery = PageQuery.extend(AreaQuery.shape)
  .extend(ExportQuery.shape)
  .extend(FullIdQuery.shape)
  .extend({
    status: ChildStatusSchema.optional(),
    flag: ChildFlagSchema.optional(),
    q: z.string().trim().max(60).optional(),
  });
export type RunChildrenQuery = z.infer<typeof RunChildrenQuery>;

export const RunFinding = z.object({
  id: z.number().int(),
  runId: z.number().int(),
  code: FindingCodeSchema,
  /** `invalid_id` only: whose number — a population child or a student. */
  source: z.enum(['population', 'enrollment']).nullable(),
  idNumberMasked: z.string().nullable(),
  name: z.string(),
  villageCodes: z.array(z.string()),
  villageNames: z.array(z.string()),
  schoolCodes: z.array(z.string()),
  schoolNames: z.array(z.string()),
  grade: z.number().int().nullable(),
  age: z.number().int().nullable(),
  /** `duplicate_population`: how many rows share the number. */
  count: z.number().int().nullable(),
});
export type RunFinding = z.infer<typeof RunFinding>;

export const RunFindingsQuery = PageQuery.extend(ExportQuery.shape).extend(FullIdQuery.shape).extend({
  code: FindingCodeSchema.optional(),
  schoolCode: SchoolCode.optional(),
  townCode: RegionCode.optional(),
});
export type RunFindingsQuery = z.infer<typeof RunFindingsQuery>;

export const CompareQuery = z.object({
  from: DbIdQuery,
  to: DbIdQuery,
});

export const CompareItem = z.object({
  /** The child in the later run. */
  childId: z.number().int(),
  name: z.string(),
  idNumberMasked: z.string().nullable(),
  villageCode: z.string().nullable(),
  villageName: z.string().nullable(),
  townName: z.string().nullable(),
  /** Null when the child was not in the earlier run (newly of age, newly registered). */
  fromStatus: ChildStatusSchema.nullable(),
  toStatus: ChildStatusSchema,
  schoolCode: z.string().nullable(),
  schoolName: z.string().nullable(),
});
export type CompareItem = z.infer<typeof CompareItem>;

/**
 * Two runs compared within the user's scope. Newly out of school: suspected in `to`
 * and not in `from`. Newly accounted for: suspected or needing review in `from`, and
 * any other status in `to`. At most 1,000 items each; `total` counts them all.
 */
export const RunComparison = z.object({
  from: ReconciliationRun,
  to: ReconciliationRun,
  newlyOutOfSchool: z.object({ total: z.number().int(), items: z.array(CompareItem) }),
  newlyAccountedFor: z.object({ total: z.number().int(), items: z.array(CompareItem) }),
});
export type RunComparison = z.infer<typeof RunComparison>;

export const ReviewCandidate = z.object({
  /** Opaque key of the candidate record, to send back with a decision. */
  recordKey: z.string(),
  source: z.enum(RECORD_SOURCES),
  rule: z.enum(CANDIDATE_RULES),
  name: z.string(),
  idNumberMasked: z.string(),
  /**
   * For a number one typo away from the child's (one character, or two swapped), the places
   * (from 1) where they differ: a typo hidden by the mask still shows where it is. Empty for
   * numbers further apart or not comparable place by place (no number, another length).
   */
  idDiffersAt: z.array(z.number().int()),
  /**
   * The characters at those places, the child's and this record's: one or two characters of
   * each number, which the reviewer needs to tell a typo (3 for 8) from another child, and
   * which reveal nobody.
   */
  idDiffersBy: z.object({ child: z.array(z.string()), record: z.array(z.string()) }),
  gender: z.enum(['M', 'F']).nullable(),
  birthDate: IsoDate.nullable(),
  /** Enrolment candidates. */
  schoolCode: z.string().nullable(),
  schoolName: z.string().nullable(),
  grade: z.number().int().nullable(),
  enrollmentStatus: z.enum(ENROLLMENT_STATUSES).nullable(),
  /** Out-of-county candidates. */
  outOfCountySchool: z.string().nullable(),
  outOfCountyRegion: z.string().nullable(),
  /** Exemption candidates. */
  exemptionType: z.enum(EXEMPTION_TYPES).nullable(),
  exemptionYear: z.number().int().nullable(),
  /** A decision already taken (it applies from the next run on). */
  decision: z.enum(REVIEW_DECISIONS).nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: Timestamp.nullable(),
});
export type ReviewCandidate = z.infer<typeof ReviewCandidate>;

/** A `needs_review` child and its candidates, side by side. */
export const ReviewItem = z.object({
  runId: z.number().int(),
  childId: z.number().int(),
  child: z.object({
    name: z.string(),
    idNumberMasked: z.string().nullable(),
    gender: z.enum(['M', 'F']).nullable(),
    birthDate: IsoDate.nullable(),
    age: z.number().int(),
    villageCode: z.string().nullable(),
    villageName: z.string().nullable(),
    townName: z.string().nullable(),
    householdNo: z.string().nullable(),
    guardianName: z.string().nullable(),
    guardianPhone: z.string().nullable(),
  }),
  candidates: z.array(ReviewCandidate),
});
export type ReviewItem = z.infer<typeof ReviewItem>;

export const ReviewQuery = PageQuery.extend({
  /** Defaults to the latest successful run of the current school year. */
  runId: DbIdQuery.optional(),
  townCode: RegionCode.optional(),
  villageCode: RegionCode.optional(),
  /** Only children with no decision on any candidate yet. */
  pending: z.enum(['true', 'false']).optional(),
});
export type ReviewQuery = z.infer<typeof ReviewQuery>;

export const ReviewDecisionRequest = z.object({
  runId: DbId,
  childId: DbId,
  recordKey: z.string().min(1).max(40),
  decision: z.enum(REVIEW_DECISIONS),
  note: z.string().trim().max(500).optional(),
});
export type ReviewDecisionRequest = z.infer<typeof ReviewDecisionRequest>;

export const ReviewDecisionResult = z.object({
  runId: z.number().int(),
  childId: z.number().int(),
  recordKey: z.string(),
  decision: z.enum(REVIEW_DECISIONS),
  decidedBy: z.string().nullable(),
  decidedAt: Timestamp,
});
export type ReviewDecisionResult = z.infer<typeof ReviewDecisionResult>;

export const LedgerKindSchema = z.enum(LEDGER_KINDS);

/**
 * A line of 适龄儿童台账 or 疑似辍学台账. Both lines of responsibility are named: the
 * government line (town and village) and the education line (the school serving the
 * village for the child's stage).
 */
export const LedgerRow = RunChild.extend({
  governmentLine: z.object({
    townCode: z.string().nullable(),
    townName: z.string().nullable(),
    villageCode: z.string().nullable(),
    villageName: z.string().nullable(),
  }),
  educationLine: z.object({ schoolCode: z.string().nullable(), schoolName: z.string().nullable() }),
});
export type LedgerRow = z.infer<typeof LedgerRow>;

export const LedgerQuery = PageQuery.extend(AreaQuery.shape)
  .extend(ExportQuery.shape)
  .extend(FullIdQuery.shape);
export type LedgerQuery = z.infer<typeof LedgerQuery>;

export const RunParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
export const LedgerParams = RunParams.extend({ ledger: LedgerKindSchema });

// ------------------------------------------------------------------ overview

/** Per town, the latest run's children by status (within the user's scope). */
export const OverviewReconciliation = z.object({
  runId: z.number().int(),
  schoolYear: z.number().int(),
  finishedAt: Timestamp.nullable(),
  totals: StatusCounts,
  /**
   * The user's towns, then (`outside`) the children living in other towns whom the user's
   * schools answer for, folded into one row, then those of no known town (code '').
   */
  byTown: z.array(
    z.object({ code: z.string(), name: z.string(), statuses: StatusCounts, outside: z.boolean() }),
  ),
});
export type OverviewReconciliation = z.infer<typeof OverviewReconciliation>;
