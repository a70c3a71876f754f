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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Permissions by role; viewing full identity numbers is granted per user on top of these. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  county_admin: PERMISSIONS,
  county_leader: ['audit.view'],
  inspector: [],
  town_official: [],
  village_official: [],
  school_admin: [],
  teacher: [],
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
} as const satisfies Record<string, Label>;
export type AuditAction = keyof typeof AUDIT_ACTION_LABELS;
export const AUDIT_ACTIONS = codes(AUDIT_ACTION_LABELS);

export const LOGIN_OUTCOME_LABELS = {
  success: { zh: '成功', en: 'Success' },
  bad_password: { zh: '密码错误', en: 'Wrong password' },
  unknown_user: { zh: '用户不存在', en: 'Unknown user' },
  locked: { zh: '账号已锁定', en: 'Account locked' },
  disabled: { zh: '账号已停用', en: 'Account disabled' },
} as const satisfies Record<string, Label>;
export type LoginOutcome = keyof typeof LOGIN_OUTCOME_LABELS;
export const LOGIN_OUTCOMES = codes(LOGIN_OUTCOME_LABELS);
