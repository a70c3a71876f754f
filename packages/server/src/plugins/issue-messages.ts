// The reason a request's schema refused a field, in Chinese and English. A schema's own
// message (given with fieldMessage() in packages/shared) is kept in both its languages. For the
// rest, zod words the issue itself, in one language at a time; its zh-CN locale writes the type
// and unit names in English ("数值过小：期望 string >=1 字符"), and cannot tell a missing
// field from a wrong one once zod has dropped the input from the finished issue. So the issues
// our schemas raise (types, sizes, formats, choices) are worded here, and any other is left to
// zod's own zh-CN and en locales.
import { englishOfFieldMessage } from '@baoxue/shared';
import { z } from 'zod';
import type { ErrorMessage } from '../errors';

/** A finished zod issue, with the input found at its path (zod keeps it only when asked to). */
export type IssueWithInput = z.core.$ZodIssue & { input?: unknown };

export function issueMessages(issue: IssueWithInput): ErrorMessage {
  const en = englishOfFieldMessage(issue.message);
  if (en !== undefined) return { zh: issue.message, en };
  const worded = ourWording(issue) ?? zodWording(issue);
  // A schema's own message given without fieldMessage(): zod's messages are English, ours
  // Chinese, and the schema's Chinese says more than a generic one; the English is generic.
  return HAN.test(issue.message) ? { zh: issue.message, en: worded.en } : worded;
}

const HAN = /\p{Script=Han}/u;

function ourWording(issue: IssueWithInput): ErrorMessage | null {
  switch (issue.code) {
    case 'invalid_type':
      return typeWording(issue.expected, issue.input);
    case 'too_small':
      return issue.exact ? exactSizeWording(issue.origin, issue.minimum) : minimumWording(issue);
    case 'too_big':
      return issue.exact ? exactSizeWording(issue.origin, issue.maximum) : maximumWording(issue);
    case 'invalid_format':
      return FORMATS[issue.format] ?? null;
    case 'invalid_value':
      return choiceWording(issue.values);
    // Rare in our schemas, and worded well enough by zod's locales; a custom issue without a
    // message of its own is "无效输入" / "Invalid input" there too.
    case 'not_multiple_of':
    case 'unrecognized_keys':
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'custom':
      return null;
  }
}

const TYPES: Partial<Record<string, ErrorMessage>> = {
  string: { zh: '文字', en: 'text' },
  number: { zh: '数字', en: 'a number' },
  int: { zh: '整数', en: 'a whole number' },
  boolean: { zh: '是或否', en: 'true or false' },
  array: { zh: '列表', en: 'a list' },
  object: { zh: '一组字段', en: 'an object' },
};

function typeWording(expected: string, input: unknown): ErrorMessage | null {
  // A field left out (or sent empty as null) is a field to fill in, whatever its type.
  if (input === undefined || input === null) return { zh: '请填写此项', en: 'Required' };
  const type = TYPES[expected];
  return type ? { zh: `应为${type.zh}`, en: `Must be ${type.en}` } : null;
}

/** What a size counts: characters of a text, items of a list; none for a number's value. */
const UNITS: Partial<Record<string, { zh: string; en: string }>> = {
  string: { zh: '个字符', en: 'character' },
  array: { zh: '项', en: 'item' },
  set: { zh: '项', en: 'item' },
};
const NUMBERS = new Set(['number', 'int', 'bigint']);

function count(n: number | bigint, unit: { zh: string; en: string }): ErrorMessage {
  return { zh: `${n} ${unit.zh}`, en: `${n} ${unit.en}${Number(n) === 1 ? '' : 's'}` };
}

function exactSizeWording(origin: string, n: number | bigint): ErrorMessage | null {
  const unit = UNITS[origin];
  if (!unit) return null;
  const size = count(n, unit);
  return { zh: `应为 ${size.zh}`, en: `Must have exactly ${size.en}` };
}

function minimumWording(issue: z.core.$ZodIssueTooSmall): ErrorMessage | null {
  const { origin, minimum: n, inclusive } = issue;
  const unit = UNITS[origin];
  if (unit && inclusive) {
    if (origin === 'string' && Number(n) === 1) return { zh: '不能为空', en: 'Must not be empty' };
    const size = count(n, unit);
    return { zh: `至少 ${size.zh}`, en: `Must have at least ${size.en}` };
  }
  if (!NUMBERS.has(origin)) return null;
  return inclusive
    ? { zh: `不能小于 ${n}`, en: `Must be at least ${n}` }
    : { zh: `应大于 ${n}`, en: `Must be greater than ${n}` };
}

function maximumWording(issue: z.core.$ZodIssueTooBig): ErrorMessage | null {
  const { origin, maximum: n, inclusive } = issue;
  const unit = UNITS[origin];
  if (unit && inclusive) {
    const size = count(n, unit);
    return { zh: `不能超过 ${size.zh}`, en: `Must have at most ${size.en}` };
  }
  if (!NUMBERS.has(origin)) return null;
  return inclusive
    ? { zh: `不能大于 ${n}`, en: `Must be at most ${n}` }
    : { zh: `应小于 ${n}`, en: `Must be less than ${n}` };
}

const FORMATS: Partial<Record<string, ErrorMessage>> = {
  regex: { zh: '格式不正确', en: 'Not in the expected format' },
  email: { zh: '电子邮件地址格式不正确', en: 'Not a valid email address' },
  url: { zh: '网址格式不正确', en: 'Not a valid web address' },
};

function choiceWording(values: readonly unknown[]): ErrorMessage {
  const shown = values.map(String);
  return shown.length === 1
    ? { zh: `应为 ${shown[0]}`, en: `Must be ${shown[0]}` }
    : { zh: `应为以下之一：${shown.join('、')}`, en: `Must be one of: ${shown.join(', ')}` };
}

const zodChinese = z.locales.zhCN().localeError;
const zodEnglish = z.locales.en().localeError;

function zodWording(issue: IssueWithInput): ErrorMessage {
  // The locales take zod's raw issue: the finished one with its input is that, plus a path and message.
  const raw = { ...issue, input: issue.input } as z.core.$ZodRawIssue;
  return { zh: textOf(zodChinese(raw)) ?? '输入无效', en: textOf(zodEnglish(raw)) ?? 'Invalid input' };
}

function textOf(worded: ReturnType<z.core.$ZodErrorMap>): string | undefined {
  return typeof worded === 'string' ? worded : (worded?.message ?? undefined);
}
