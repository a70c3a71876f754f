// One error module: every failure the client may see has an HTTP status, a stable code,
// and a message in Chinese and English. Anything else is a 500 whose details stay in the log.

export interface ErrorMessage {
  zh: string;
  en: string;
}

export const ERRORS = {
  bad_request: { status: 400, zh: '请求有误', en: 'Bad request' },
  validation: { status: 400, zh: '输入内容不符合要求', en: 'The input is not valid' },
  unauthenticated: { status: 401, zh: '请先登录', en: 'Please log in' },
  session_expired: {
    status: 401,
    zh: '长时间未操作，会话已过期，请重新登录',
    en: 'Your session expired; please log in again',
  },
  session_lifetime_over: {
    status: 401,
    zh: '登录时间已达上限，会话已结束，请重新登录',
    en: 'Your session reached its time limit; please log in again',
  },
  bad_credentials: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  account_locked: {
    status: 423,
    zh: '密码错误次数过多，账号已锁定，请稍后再试或联系管理员',
    en: 'Too many wrong passwords: the account is locked; try later or ask an administrator',
  },
  account_disabled: { status: 403, zh: '账号已停用', en: 'The account is disabled' },
  password_change_required: {
    status: 403,
    zh: '请先修改初始密码',
    en: 'Please change your initial password first',
  },
  csrf: {
    status: 403,
    zh: '请求来源校验失败，请刷新页面后重试',
    en: 'The request could not be verified; reload the page and try again',
  },
  forbidden: { status: 403, zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  not_found: {
    status: 404,
    zh: '找不到该记录，或不在您的管辖范围内',
    en: 'Not found, or outside your scope',
  },
  conflict: { status: 409, zh: '与现有记录冲突', en: 'Conflicts with an existing record' },
  weak_password: {
    status: 400,
    zh: '密码至少 8 位，且包含大写字母、小写字母、数字、符号中的至少 3 类',
    en: 'The password needs at least 8 characters from at least 3 of: upper case, lower case, digits, symbols',
  },
  wrong_current_password: { status: 400, zh: '当前密码不正确', en: 'The current password is wrong' },
  same_password: {
    status: 400,
    zh: '新密码不能与当前密码相同',
    en: 'The new password must differ from the current one',
  },
  case_version_conflict: {
    status: 409,
    zh: '该案件已被他人修改，请刷新后查看最新内容再保存',
    en: 'Someone else changed this case meanwhile; reload it and save again',
  },
  status_changed_meanwhile: {
    status: 409,
    zh: '该生的学籍状态已被他人修改，请刷新后再登记',
    en: "Someone else changed this pupil's status meanwhile; reload and record it again",
  },
  case_step_invalid: {
    status: 409,
    zh: '案件当前所处步骤不能执行此操作',
    en: 'This cannot be done at the step the case is in',
  },
  case_open_exists: {
    status: 409,
    zh: '该儿童已有未销号的案件',
    en: 'This child already has an open case',
  },
  not_a_school_day: {
    status: 400,
    zh: '所选日期不是上课日(见校历)',
    en: 'That day is not a school day (see the school calendar)',
  },
  future_day: { status: 400, zh: '不能登记未来日期', en: 'A future day cannot be recorded' },
  document_unavailable: {
    status: 503,
    zh: '文书生成服务不可用(未找到 Chromium)，请联系管理员',
    en: 'Documents cannot be rendered (Chromium not found); ask the administrator',
  },
  payload_too_large: { status: 413, zh: '提交的内容过大', en: 'The request is too large' },
  unsupported_media_type: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  rate_limited: {
    status: 429,
    zh: '请求过于频繁，请稍后再试',
    en: 'Too many requests; please wait and try again',
  },
  too_many_imports: {
    status: 429,
    zh: '您已有 3 个导入任务在上传、排队或进行中，请等其中一个完成后再上传',
    en: 'You already have 3 imports uploading, queued or running; wait for one to finish before uploading another',
  },
  internal: {
    status: 500,
    zh: '服务器内部错误，请稍后再试',
    en: 'Internal server error; please try again later',
  },
} as const satisfies Record<string, ErrorMessage & { status: number }>;

export type ErrorCode = keyof typeof ERRORS;

/**
 * One field's reason, carried as the error's own message is: Chinese in `message`, English
 * in `messageEn`; the web shows the one of the user's language beside the field.
 */
export interface ErrorDetail {
  path: string;
  message: string;
  messageEn: string;
}

/** A field's reason in both languages. */
export function detail(path: string, zh: string, en: string): ErrorDetail {
  return { path, message: zh, messageEn: en };
}

/** A detail that carries a value rather than a reason (the number of the open case): the same in both. */
export function valueDetail(path: string, value: string | number): ErrorDetail {
  return detail(path, String(value), String(value));
}

export class AppError extends Error {
  readonly status: number;
  readonly messages: ErrorMessage;

  constructor(
    readonly code: ErrorCode,
    readonly details?: ErrorDetail[],
    override?: Partial<ErrorMessage>,
  ) {
    const known = ERRORS[code];
    super(override?.en ?? known.en);
    this.status = known.status;
    this.messages = { zh: override?.zh ?? known.zh, en: override?.en ?? known.en };
  }
}

export function notFound(): AppError {
  return new AppError('not_found');
}

export function forbidden(): AppError {
  return new AppError('forbidden');
}

/** The body every error response carries. */
export interface ErrorBody {
  error: { code: string; message: string; messageEn: string; details?: ErrorDetail[] };
}

export function errorBody(error: AppError): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.messages.zh,
      messageEn: error.messages.en,
      ...(error.details ? { details: error.details } : {}),
    },
  };
}
