// The code lists every layer shares. Codes are English and stable; users see the labels.

export interface Label {
  zh: string;
  en: string;
}

function codes<const T extends string>(labels: Record<T, Label>): readonly T[] {
  return Object.keys(labels) as T[];
}

export const REGION_LEVEL_LABELS = {
  county: { zh: '县', en: 'County' },
  town: { zh: '镇(街道)', en: 'Town / sub-district' },
  village: { zh: '村(社区)', en: 'Village / community' },
} as const satisfies Record<string, Label>;
export type RegionLevel = keyof typeof REGION_LEVEL_LABELS;
export const REGION_LEVELS = codes(REGION_LEVEL_LABELS);

export const SCHOOL_TYPE_LABELS = {
  kindergarten: { zh: '幼儿园', en: 'Kindergarten' },
  primary: { zh: '小学', en: 'Primary school' },
  teaching_point: { zh: '教学点', en: 'Teaching point' },
  junior: { zh: '初级中学', en: 'Junior secondary school' },
  nine_year: { zh: '九年一贯制学校', en: 'Nine-year school' },
  complete_secondary: { zh: '完全中学', en: 'Complete secondary school' },
  senior: { zh: '高级中学', en: 'Senior secondary school' },
  twelve_year: { zh: '十二年一贯制学校', en: 'Twelve-year school' },
  special: { zh: '特殊教育学校', en: 'Special education school' },
} as const satisfies Record<string, Label>;
export type SchoolType = keyof typeof SCHOOL_TYPE_LABELS;
export const SCHOOL_TYPES = codes(SCHOOL_TYPE_LABELS);

/** The grade range each school type teaches (grade numbers of domain/grades: 小班 -2 … 高三 12). */
export const SCHOOL_TYPE_GRADES: Record<SchoolType, { from: number; to: number }> = {
  kindergarten: { from: -2, to: 0 },
  primary: { from: 1, to: 6 },
  teaching_point: { from: 1, to: 3 },
  junior: { from: 7, to: 9 },
  nine_year: { from: 1, to: 9 },
  complete_secondary: { from: 7, to: 12 },
  senior: { from: 10, to: 12 },
  twelve_year: { from: 1, to: 12 },
  special: { from: 1, to: 9 },
};

/** Whether a school of this type has the grade. */
export function schoolTeaches(type: SchoolType, grade: number): boolean {
  const g = SCHOOL_TYPE_GRADES[type];
  return g.from <= grade && grade <= g.to;
}

/** Schools that count among the county's compulsory-education schools (义务教育学校). */
export function isCompulsorySchoolType(type: SchoolType): boolean {
  const g = SCHOOL_TYPE_GRADES[type];
  return g.from <= 9 && g.to >= 1;
}

export const STAFF_KIND_LABELS = {
  teacher: { zh: '教师', en: 'Teacher' },
  principal: { zh: '校长', en: 'Principal' },
  official: { zh: '干部', en: 'Official' },
  inspector: { zh: '责任督学', en: 'Inspector' },
  leader: { zh: '县领导', en: 'County leader' },
  bureau: { zh: '教体局', en: 'Education bureau' },
} as const satisfies Record<string, Label>;
export type StaffKind = keyof typeof STAFF_KIND_LABELS;
export const STAFF_KINDS = codes(STAFF_KIND_LABELS);

export const GENDER_LABELS = {
  M: { zh: '男', en: 'Male' },
  F: { zh: '女', en: 'Female' },
} as const satisfies Record<string, Label>;
export type Gender = keyof typeof GENDER_LABELS;

export const ENROLLMENT_STATUS_LABELS = {
  enrolled: { zh: '在读', en: 'Enrolled' },
  suspended: { zh: '休学', en: 'Suspended' },
  transferred_out: { zh: '转出', en: 'Transferred out' },
  dropped_out: { zh: '辍学', en: 'Dropped out' },
  graduated: { zh: '毕业', en: 'Graduated' },
} as const satisfies Record<string, Label>;
export type EnrollmentStatus = keyof typeof ENROLLMENT_STATUS_LABELS;
export const ENROLLMENT_STATUSES = codes(ENROLLMENT_STATUS_LABELS);

export const STUDY_MODE_LABELS = {
  regular: { zh: '普通', en: 'Regular' },
  inclusion: { zh: '随班就读', en: 'In-class inclusion' },
  home_teaching: { zh: '送教上门', en: 'Home-delivered education' },
  special_school: { zh: '特教学校', en: 'Special school' },
} as const satisfies Record<string, Label>;
export type StudyMode = keyof typeof STUDY_MODE_LABELS;
export const STUDY_MODES = codes(STUDY_MODE_LABELS);

export const ROLE_LABELS = {
  county_admin: { zh: '县级管理员(控辍保学办)', en: 'County administrator' },
  county_leader: { zh: '县领导/督导室', en: 'County leader' },
  inspector: { zh: '责任督学', en: 'Responsibility inspector' },
  town_official: { zh: '镇(办)控辍保学专干', en: 'Town official' },
  village_official: { zh: '村(社区)干部/网格员', en: 'Village official' },
  school_admin: { zh: '校长/学籍管理员', en: 'School administrator' },
  teacher: { zh: '班主任/帮扶教师', en: 'Class teacher' },
} as const satisfies Record<string, Label>;
export type Role = keyof typeof ROLE_LABELS;
export const ROLES = codes(ROLE_LABELS);

/** What kind of node a role's scope_code names. */
export const ROLE_SCOPE_KIND: Record<Role, ScopeKind> = {
  county_admin: 'county',
  county_leader: 'county',
  inspector: 'zone',
  town_official: 'town',
  village_official: 'village',
  school_admin: 'school',
  teacher: 'teacher',
};
export type ScopeKind = 'county' | 'town' | 'village' | 'zone' | 'school' | 'teacher';

export const PERMISSIONS = [
  'regions.edit',
  'schools.edit',
  'users.manage',
  'audit.view',
  'settings.edit',
  'dictionaries.edit',
  /** Import rosters (a school administrator: only its own school's enrolment rows). */
  'imports.run',
  /** Start reconciliation runs. */
  'reconciliation.run',
  /** Confirm or reject reconciliation candidates for the children in scope. */
  'reconciliation.review',
  /** See the monitoring data in scope: reconciliation results, ledgers, 一表六册. */
  'monitoring.view',
  /** Keep the school calendar (terms, holidays, make-up days). */
  'calendar.edit',
  /** Set up a school's classes, their head teachers and its staff (a school administrator: its own school). */
  'classes.edit',
  /** Record a pupil's change of registry status (休学, 复学, 转出, 辍学, 毕业 …) one by one (a school administrator: its own pupils). */
  'registry.edit',
  /** Keep the current population roster by hand — a child's household facts, 摸排 (add a child), 注销 (take one off): a town or village official for the children of their area. */
  'population.edit',
  /** Keep the seven chiefs per unit and school year. */
  'chiefs.edit',
  /** Mark a class's absences and log guardian contacts (own classes, or the school's). */
  'absences.mark',
  /** Open a case by hand (a village report, an inspector's visit). */
  'cases.open',
  /** Work a case in scope: verify, persuade, record the return, check in, close. */
  'cases.work',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Permissions by role; viewing full identity numbers is granted per user on top of these. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  county_admin: PERMISSIONS,
  county_leader: ['audit.view', 'monitoring.view'],
  inspector: ['monitoring.view', 'cases.open'],
  town_official: ['monitoring.view', 'reconciliation.review', 'population.edit', 'cases.open', 'cases.work'],
  village_official: ['monitoring.view', 'population.edit', 'cases.open', 'cases.work'],
  school_admin: [
    'monitoring.view',
    'imports.run',
    'classes.edit',
    'registry.edit',
    'absences.mark',
    'cases.open',
    'cases.work',
  ],
  teacher: ['absences.mark', 'cases.work'],
};

export const AUDIT_ACTION_LABELS = {
  create: { zh: '新增', en: 'Create' },
  update: { zh: '修改', en: 'Update' },
  delete: { zh: '删除', en: 'Delete' },
  view_identity: { zh: '查看完整身份证号', en: 'View full identity number' },
  access_denied: { zh: '越权访问', en: 'Access outside scope' },
  csrf_rejected: { zh: '跨站请求被拒', en: 'Cross-site request refused' },
  login_locked: { zh: '账号锁定', en: 'Account locked' },
  session_expired: { zh: '会话超时', en: 'Session expired' },
  password_change: { zh: '修改密码', en: 'Password changed' },
  password_reset: { zh: '重置密码', en: 'Password reset' },
  unlock: { zh: '解除锁定', en: 'Account unlocked' },
  export: { zh: '导出', en: 'Export' },
  import: { zh: '导入', en: 'Import' },
  reconcile: { zh: '比对', en: 'Reconciliation' },
  review: { zh: '核实比对候选', en: 'Review a reconciliation candidate' },
  print: { zh: '打印文书', en: 'Print a document' },
} as const satisfies Record<string, Label>;
export type AuditAction = keyof typeof AUDIT_ACTION_LABELS;
export const AUDIT_ACTIONS = codes(AUDIT_ACTION_LABELS);

/** What an audit entry is about: every kind of record the server writes an entry for. */
export const AUDIT_ENTITY_LABELS = {
  student: { zh: '学生', en: 'Student' },
  population: { zh: '人口花名册儿童', en: 'Child of the population roster' },
  school: { zh: '学校', en: 'School' },
  class: { zh: '班级', en: 'Class' },
  staff: { zh: '教职工', en: 'Staff member' },
  region: { zh: '区划', en: 'Region' },
  user: { zh: '用户', en: 'User' },
  session: { zh: '会话', en: 'Session' },
  request: { zh: '请求', en: 'Request' },
  dictionary: { zh: '数据字典', en: 'Dictionary' },
  settings: { zh: '系统设置', en: 'Settings' },
  audit_log: { zh: '审计日志', en: 'Audit log' },
  login_log: { zh: '登录日志', en: 'Login log' },
  import: { zh: '数据导入', en: 'Import' },
  roster: { zh: '一表六册', en: 'Statistics table and rosters' },
  reconciliation_run: { zh: '比对', en: 'Reconciliation run' },
  reconciliation_child: { zh: '比对结果（儿童）', en: 'Reconciled child' },
  case: { zh: '劝返案件', en: 'Case' },
  case_team: { zh: '案件工作组', en: 'Case team' },
  case_action: { zh: '案件工作记录', en: 'Case action' },
  dropout_ledger: { zh: '辍学台账', en: 'Dropout ledger' },
  clearing_ledger: { zh: '销号台账', en: 'Clearing ledger' },
  chief: { zh: '七长责任人', en: 'Chief' },
  calendar_day: { zh: '校历', en: 'Calendar day' },
  school_terms: { zh: '学期', en: 'School terms' },
  roll_call: { zh: '考勤点名', en: 'Roll call' },
  absence: { zh: '缺勤', en: 'Absence' },
  guardian_contact: { zh: '联系监护人', en: 'Guardian contact' },
  inbox_item: { zh: '待办', en: 'Inbox item' },
} as const satisfies Record<string, Label>;
export type AuditEntity = keyof typeof AUDIT_ENTITY_LABELS;
export const AUDIT_ENTITIES = codes(AUDIT_ENTITY_LABELS);

export const LOGIN_OUTCOME_LABELS = {
  success: { zh: '成功', en: 'Success' },
  bad_password: { zh: '密码错误', en: 'Wrong password' },
  unknown_user: { zh: '用户不存在', en: 'Unknown user' },
  locked: { zh: '账号已锁定', en: 'Account locked' },
  disabled: { zh: '账号已停用', en: 'Account disabled' },
} as const satisfies Record<string, Label>;
export type LoginOutcome = keyof typeof LOGIN_OUTCOME_LABELS;
export const LOGIN_OUTCOMES = codes(LOGIN_OUTCOME_LABELS);

// ------------------------------------------------------------- dynamic monitoring

export const IMPORT_KIND_LABELS = {
  population: { zh: '人口花名册', en: 'Population roster' },
  enrollment: { zh: '学籍名册', en: 'Enrolment registry' },
  'out-of-county': { zh: '县外就读名册', en: 'Out-of-county roster' },
  exemptions: { zh: '缓学免学名册', en: 'Deferrals and exemptions' },
} as const satisfies Record<string, Label>;
export type ImportKind = keyof typeof IMPORT_KIND_LABELS;
export const IMPORT_KINDS = codes(IMPORT_KIND_LABELS);

export const IMPORT_MODE_LABELS = {
  valid_rows: { zh: '导入全部有效行', en: 'Import every valid row' },
  all_or_nothing: { zh: '有任何错误则全部不导入', en: 'All or nothing' },
} as const satisfies Record<string, Label>;
export type ImportMode = keyof typeof IMPORT_MODE_LABELS;
export const IMPORT_MODES = codes(IMPORT_MODE_LABELS);

/** Imports and reconciliation runs are background jobs with these states. */
export const JOB_STATUS_LABELS = {
  queued: { zh: '排队中', en: 'Queued' },
  running: { zh: '进行中', en: 'Running' },
  succeeded: { zh: '已完成', en: 'Succeeded' },
  failed: { zh: '失败', en: 'Failed' },
} as const satisfies Record<string, Label>;
export type JobStatus = keyof typeof JOB_STATUS_LABELS;
export const JOB_STATUSES = codes(JOB_STATUS_LABELS);

/** RECONCILIATION.md statuses, in the order "first that applies". */
export const CHILD_STATUS_LABELS = {
  enrolled_in_county: { zh: '县内在校', en: 'Enrolled in the county' },
  enrolled_out_of_county: { zh: '县外就读', en: 'Studying outside the county' },
  exempt: { zh: '缓学免学', en: 'Deferred or exempted' },
  suspended: { zh: '休学', en: 'Suspended' },
  completed_compulsory: { zh: '义务教育已完成', en: 'Compulsory education completed' },
  needs_review: { zh: '待核实', en: 'Needs review' },
  suspected_out_of_school: { zh: '疑似失学辍学', en: 'Suspected out of school' },
} as const satisfies Record<string, Label>;
export type ChildStatus = keyof typeof CHILD_STATUS_LABELS;
export const CHILD_STATUSES = codes(CHILD_STATUS_LABELS);

export const CHILD_FLAG_LABELS = {
  home_teaching: { zh: '送教上门', en: 'Home-delivered education' },
  invalid_id: { zh: '身份证号无效', en: 'Invalid identity number' },
  over_age: { zh: '超龄', en: 'Over age for the grade' },
} as const satisfies Record<string, Label>;
export type ChildFlag = keyof typeof CHILD_FLAG_LABELS;
export const CHILD_FLAGS = codes(CHILD_FLAG_LABELS);

export const FINDING_LABELS = {
  invalid_id: { zh: '身份证号无效', en: 'Invalid identity number' },
  enrolled_not_in_population: { zh: '在籍不在册', en: 'Enrolled but not in the population roster' },
  duplicate_enrollment: { zh: '重复学籍', en: 'Duplicate enrolment' },
  duplicate_population: { zh: '重复户籍', en: 'Duplicate household registration' },
  over_age: { zh: '超龄', en: 'Over age for the grade' },
} as const satisfies Record<string, Label>;
export type FindingCode = keyof typeof FINDING_LABELS;
export const FINDING_CODES = codes(FINDING_LABELS);

/** Where a reconciliation candidate comes from. */
export const RECORD_SOURCE_LABELS = {
  enrollment: { zh: '学籍', en: 'Enrolment' },
  out_of_county: { zh: '县外就读', en: 'Out of county' },
  exemption: { zh: '缓学免学', en: 'Deferral or exemption' },
} as const satisfies Record<string, Label>;
export type RecordSource = keyof typeof RECORD_SOURCE_LABELS;
export const RECORD_SOURCES = codes(RECORD_SOURCE_LABELS);

export const CANDIDATE_RULE_LABELS = {
  same_birth_date_and_name: {
    zh: '出生日期、性别相同且姓名相同或同音',
    en: 'Same birth date and gender, same or same-sounding name',
  },
  similar_id_number: {
    zh: '身份证号相差一位或相邻两位颠倒，且姓名相同',
    en: 'Identity number one slip apart, same name',
  },
} as const satisfies Record<string, Label>;
export type CandidateRule = keyof typeof CANDIDATE_RULE_LABELS;
export const CANDIDATE_RULES = codes(CANDIDATE_RULE_LABELS);

export const REVIEW_DECISION_LABELS = {
  confirmed: { zh: '确认是同一人', en: 'Confirmed: the same child' },
  rejected: { zh: '不是同一人', en: 'Rejected: not the same child' },
} as const satisfies Record<string, Label>;
export type ReviewDecisionKind = keyof typeof REVIEW_DECISION_LABELS;
export const REVIEW_DECISIONS = codes(REVIEW_DECISION_LABELS);

/** The student registry's history (一人一籍，籍随人走). */
export const STUDENT_EVENT_LABELS = {
  enrol: { zh: '注册学籍', en: 'Enrolled' },
  transfer_within: { zh: '县内转学', en: 'Transferred within the county' },
  transfer_out: { zh: '转出', en: 'Transferred out' },
  transfer_in: { zh: '转入', en: 'Transferred in' },
  suspend: { zh: '休学', en: 'Suspended' },
  resume: { zh: '复学', en: 'Resumed' },
  drop_out: { zh: '辍学', en: 'Dropped out' },
  graduate: { zh: '毕业', en: 'Graduated' },
} as const satisfies Record<string, Label>;
export type StudentEventKind = keyof typeof STUDENT_EVENT_LABELS;
export const STUDENT_EVENT_KINDS = codes(STUDENT_EVENT_LABELS);

export const DISABILITY_CATEGORY_LABELS = {
  visual: { zh: '视力', en: 'Visual' },
  hearing: { zh: '听力', en: 'Hearing' },
  speech: { zh: '言语', en: 'Speech' },
  physical: { zh: '肢体', en: 'Physical' },
  intellectual: { zh: '智力', en: 'Intellectual' },
  mental: { zh: '精神', en: 'Mental' },
  multiple: { zh: '多重', en: 'Multiple' },
} as const satisfies Record<string, Label>;
export type DisabilityCategory = keyof typeof DISABILITY_CATEGORY_LABELS;
export const DISABILITY_CATEGORIES = codes(DISABILITY_CATEGORY_LABELS);

export const VERIFICATION_METHOD_LABELS = {
  registry_check: { zh: '学籍系统核查', en: 'Checked in the student registry' },
  school_certificate: { zh: '学校证明', en: 'School certificate' },
  phone: { zh: '电话核实', en: 'Confirmed by phone' },
  other: { zh: '其他', en: 'Other' },
} as const satisfies Record<string, Label>;
export type VerificationMethod = keyof typeof VERIFICATION_METHOD_LABELS;
export const VERIFICATION_METHODS = codes(VERIFICATION_METHOD_LABELS);

export const EXEMPTION_TYPE_LABELS = {
  deferral: { zh: '缓学', en: 'Deferral' },
  exemption: { zh: '免学', en: 'Exemption' },
} as const satisfies Record<string, Label>;
export type ExemptionType = keyof typeof EXEMPTION_TYPE_LABELS;
export const EXEMPTION_TYPES = codes(EXEMPTION_TYPE_LABELS);

/** 一表六册: the statistics table and the six rosters, in the order of the workbook. */
export const ROSTER_LABELS = {
  statistics: { zh: '教育情况统计表', en: 'Education statistics' },
  population: { zh: '0–17周岁人口花名册', en: 'Population aged 0–17' },
  compulsory: { zh: '义务教育适龄儿童少年花名册', en: 'Children of compulsory-school age' },
  poverty: { zh: '建档立卡户学生花名册', en: 'Children of poverty-registered households' },
  left_behind: { zh: '留守儿童花名册', en: 'Left-behind children' },
  disabled: { zh: '残疾儿童少年花名册', en: 'Children with disabilities' },
  out_of_county: { zh: '县外就读学生花名册', en: 'Children studying outside the county' },
} as const satisfies Record<string, Label>;
export type RosterKind = keyof typeof ROSTER_LABELS;
export const ROSTER_KINDS = codes(ROSTER_LABELS);

/** The ledgers the national rules ask for, per town and run. */
export const LEDGER_LABELS = {
  compulsory: { zh: '适龄儿童台账', en: 'Ledger of compulsory-age children' },
  suspected: { zh: '疑似辍学台账', en: 'Ledger of suspected out-of-school children' },
} as const satisfies Record<string, Label>;
export type LedgerKind = keyof typeof LEDGER_LABELS;
export const LEDGER_KINDS = codes(LEDGER_LABELS);

// ------------------------------------------------ bringing children back (absences, cases)

/** The school calendar marks single days against the terms' weekday pattern. */
export const CALENDAR_DAY_KIND_LABELS = {
  holiday: { zh: '放假', en: 'Holiday' },
  makeup: { zh: '调休上课', en: 'Make-up school day' },
} as const satisfies Record<string, Label>;
export type CalendarDayKind = keyof typeof CALENDAR_DAY_KIND_LABELS;
export const CALENDAR_DAY_KINDS = codes(CALENDAR_DAY_KIND_LABELS);

export const ABSENCE_KIND_LABELS = {
  sick: { zh: '病假', en: 'Sick leave' },
  personal: { zh: '事假', en: 'Personal leave' },
  unexcused: { zh: '无故缺勤', en: 'Unexcused' },
} as const satisfies Record<string, Label>;
export type AbsenceKind = keyof typeof ABSENCE_KIND_LABELS;
export const ABSENCE_KINDS = codes(ABSENCE_KIND_LABELS);

export const CONTACT_METHOD_LABELS = {
  phone: { zh: '电话', en: 'Phone call' },
  message: { zh: '短信/微信', en: 'Text message' },
  visit: { zh: '家访', en: 'Home visit' },
  other: { zh: '其他', en: 'Other' },
} as const satisfies Record<string, Label>;
export type ContactMethod = keyof typeof CONTACT_METHOD_LABELS;
export const CONTACT_METHODS = codes(CONTACT_METHOD_LABELS);

export const CONTACT_RESULT_LABELS = {
  reached: { zh: '已联系上', en: 'Reached' },
  not_reached: { zh: '未联系上', en: 'Not reached' },
} as const satisfies Record<string, Label>;
export type ContactResult = keyof typeof CONTACT_RESULT_LABELS;
export const CONTACT_RESULTS = codes(CONTACT_RESULT_LABELS);

/** Where a case (一人一案) comes from. */
export const CASE_SOURCE_LABELS = {
  reconciliation: { zh: '比对发现', en: 'Reconciliation' },
  absence: { zh: '连续缺勤', en: 'Absences' },
  registry: { zh: '学籍登记辍学', en: 'Recorded as dropped out' },
  village_report: { zh: '村(社区)报告', en: 'Village report' },
  inspector: { zh: '督学发现', en: 'Inspector' },
  other: { zh: '其他', en: 'Other' },
} as const satisfies Record<string, Label>;
export type CaseSource = keyof typeof CASE_SOURCE_LABELS;
export const CASE_SOURCES = codes(CASE_SOURCE_LABELS);

/** The steps of a case, in order. `closed` is the end, whatever the ending. */
export const CASE_STEP_LABELS = {
  verification: { zh: '核实', en: 'Verification' },
  persuasion: { zh: '劝返', en: 'Persuasion' },
  return: { zh: '复学', en: 'Return' },
  observation: { zh: '巩固观察', en: 'Observation' },
  closed: { zh: '已销号', en: 'Closed' },
} as const satisfies Record<string, Label>;
export type CaseStep = keyof typeof CASE_STEP_LABELS;
export const CASE_STEPS = codes(CASE_STEP_LABELS);
/** The steps with a deadline (every step but the end). */
export type OpenCaseStep = Exclude<CaseStep, 'closed'>;

/** Why a child leaves the current population roster by hand (注销). */
export const ROSTER_REMOVAL_LABELS = {
  moved_out: { zh: '户籍迁出', en: 'Household moved away' },
  death: { zh: '死亡', en: 'Death' },
  duplicate: { zh: '重复登记', en: 'Registered twice' },
} as const satisfies Record<string, Label>;
export type RosterRemoval = keyof typeof ROSTER_REMOVAL_LABELS;
export const ROSTER_REMOVALS = codes(ROSTER_REMOVAL_LABELS);

/** How a case ends; each ending but `returned` needs its evidence. */
export const CASE_ENDING_LABELS = {
  returned: { zh: '复学销号', en: 'Returned and stayed' },
  exemption: { zh: '批准缓学免学', en: 'Deferral or exemption approved' },
  moved_out: { zh: '迁出县外(已核实)', en: 'Moved out of the county (verified)' },
  not_out_of_school: { zh: '核实在学(误报)', en: 'Found in school (wrongful record)' },
  duplicate: { zh: '重复记录', en: 'Duplicate record' },
  death: { zh: '死亡', en: 'Death' },
} as const satisfies Record<string, Label>;
export type CaseEnding = keyof typeof CASE_ENDING_LABELS;
export const CASE_ENDINGS = codes(CASE_ENDING_LABELS);

/** Where a child returns to (复学安置). */
export const RETURN_PLACEMENT_LABELS = {
  school: { zh: '返校就读', en: 'Back at school' },
  special_school: { zh: '特殊教育学校', en: 'Special school' },
  inclusion: { zh: '随班就读', en: 'In-class inclusion' },
  home_teaching: { zh: '送教上门', en: 'Home-delivered education' },
} as const satisfies Record<string, Label>;
export type ReturnPlacement = keyof typeof RETURN_PLACEMENT_LABELS;
export const RETURN_PLACEMENTS = codes(RETURN_PLACEMENT_LABELS);

/** What the team logs on a case. */
export const CASE_ACTION_LABELS = {
  home_visit: { zh: '入户核实/家访', en: 'Home visit' },
  call: { zh: '电话劝返', en: 'Phone call' },
  meeting: { zh: '劝返会', en: 'Persuasion meeting' },
  legal_notice: { zh: '送达《义务教育法》书面告知', en: 'Written notice to guardians' },
  judicial_referral: { zh: '移送司法', en: 'Judicial referral' },
  check_in: { zh: '巩固回访', en: 'Observation check-in' },
  note: { zh: '备注', en: 'Note' },
} as const satisfies Record<string, Label>;
export type CaseActionKind = keyof typeof CASE_ACTION_LABELS;
export const CASE_ACTION_KINDS = codes(CASE_ACTION_LABELS);

/** A case team member's part, on the government or the education line. */
export const CASE_TEAM_ROLE_LABELS = {
  town_cadre: { zh: '镇(办)干部', en: 'Town cadre' },
  village_cadre: { zh: '村(社区)干部', en: 'Village cadre' },
  principal: { zh: '校长', en: 'Principal' },
  class_teacher: { zh: '班主任', en: 'Class teacher' },
  guardian: { zh: '监护人', en: 'Guardian' },
} as const satisfies Record<string, Label>;
export type CaseTeamRole = keyof typeof CASE_TEAM_ROLE_LABELS;
export const CASE_TEAM_ROLES = codes(CASE_TEAM_ROLE_LABELS);

/** The seven chiefs (七长制). Guardian and teacher come from the child; the rest per unit and year. */
export const CHIEF_DUTY_LABELS = {
  county_head: { zh: '县长', en: 'County head' },
  town_head: { zh: '镇长', en: 'Town head' },
  village_head: { zh: '村长', en: 'Village head' },
  guardian: { zh: '家长', en: 'Parent / guardian' },
  bureau_director: { zh: '局长', en: 'Bureau director' },
  principal: { zh: '校长', en: 'Principal' },
  class_teacher: { zh: '师长', en: 'Class teacher' },
} as const satisfies Record<string, Label>;
export type ChiefDuty = keyof typeof CHIEF_DUTY_LABELS;
export const CHIEF_DUTIES = codes(CHIEF_DUTY_LABELS);
/** The chiefs the county admin maintains per unit (the others are on the child's record). */
export const MAINTAINED_CHIEF_DUTIES = [
  'county_head',
  'town_head',
  'village_head',
  'bureau_director',
  'principal',
] as const;
export type MaintainedChiefDuty = (typeof MAINTAINED_CHIEF_DUTIES)[number];

export const INBOX_KIND_LABELS = {
  contact_today: { zh: '今日联系监护人', en: 'Contact the guardian today' },
  absence_report: { zh: '缺勤上报', en: 'Absences reported' },
  case_opened: { zh: '新立案', en: 'Case opened' },
  step_due: { zh: '步骤即将到期', en: 'Step due soon' },
  step_overdue: { zh: '步骤已逾期', en: 'Step overdue' },
  case_escalated: { zh: '案件升级督办', en: 'Case escalated' },
  check_in_due: { zh: '巩固回访到期', en: 'Check-in due' },
  roster_change: { zh: '花名册变动', en: 'Roster changed by hand' },
  transfer_pending: { zh: '待接收转入', en: 'Transfer to take over' },
  roll_call_missing: { zh: '补录点名', en: 'Roll not taken' },
} as const satisfies Record<string, Label>;
export type InboxKind = keyof typeof INBOX_KIND_LABELS;
export const INBOX_KINDS = codes(INBOX_KIND_LABELS);
