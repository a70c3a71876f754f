import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CreateUserRequest, DateInput, DbId, PageQuery, SchoolCode } from '@baoxue/shared';
import { issueMessages, type IssueWithInput } from './issue-messages';

/** The reasons of the first issue a schema finds in `input`, as the errors plugin words them. */
function reasonFor(schema: z.ZodType, input: unknown) {
  // reportInput keeps the input on the issue, as the plugin finds it in the request.
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) throw new Error('the schema accepted the input');
  return issueMessages(result.error.issues[0] as IssueWithInput);
}

const Named = z.object({ name: z.string().trim().min(1).max(5) });

describe('the reasons of a schema refusal, in Chinese and English', () => {
  it('words the sizes of texts, lists and numbers', () => {
    expect(reasonFor(Named, { name: '  ' })).toEqual({ zh: '不能为空', en: 'Must not be empty' });
    expect(reasonFor(Named, { name: '一二三四五六' })).toEqual({
      zh: '不能超过 5 个字符',
      en: 'Must have at most 5 characters',
    });
    expect(reasonFor(z.string().min(2), 'a')).toEqual({
      zh: '至少 2 个字符',
      en: 'Must have at least 2 characters',
    });
    expect(reasonFor(z.string().length(1), 'ab')).toEqual({
      zh: '应为 1 个字符',
      en: 'Must have exactly 1 character',
    });
    expect(reasonFor(z.array(z.number()).min(1), [])).toEqual({
      zh: '至少 1 项',
      en: 'Must have at least 1 item',
    });
    expect(reasonFor(z.array(z.number()).max(2), [1, 2, 3])).toEqual({
      zh: '不能超过 2 项',
      en: 'Must have at most 2 items',
    });
    expect(reasonFor(PageQuery, { pageSize: '500' })).toEqual({
      zh: '不能大于 200',
      en: 'Must be at most 200',
    });
    expect(reasonFor(PageQuery, { page: '0' })).toEqual({ zh: '不能小于 1', en: 'Must be at least 1' });
    expect(reasonFor(DbId, 0)).toEqual({ zh: '应大于 0', en: 'Must be greater than 0' });
  });

  it('tells a field left out from one of the wrong type', () => {
    expect(reasonFor(Named, {})).toEqual({ zh: '请填写此项', en: 'Required' });
    expect(reasonFor(Named, { name: null })).toEqual({ zh: '请填写此项', en: 'Required' });
    expect(reasonFor(Named, { name: 5 })).toEqual({ zh: '应为文字', en: 'Must be text' });
    expect(reasonFor(z.object({ n: z.number().int() }), { n: 'x' })).toEqual({
      zh: '应为数字',
      en: 'Must be a number',
    });
    expect(reasonFor(z.object({ b: z.boolean() }), { b: 'yes' })).toEqual({
      zh: '应为是或否',
      en: 'Must be true or false',
    });
  });

  it('words choices and formats', () => {
    expect(reasonFor(z.enum(['M', 'F']), 'X')).toEqual({
      zh: '应为以下之一：M、F',
      en: 'Must be one of: M, F',
    });
    expect(reasonFor(z.literal('xlsx'), 'csv')).toEqual({ zh: '应为 xlsx', en: 'Must be xlsx' });
    expect(reasonFor(z.string().regex(/^\d+$/), 'x')).toEqual({
      zh: '格式不正确',
      en: 'Not in the expected format',
    });
    expect(reasonFor(z.url(), 'not a url')).toEqual({ zh: '网址格式不正确', en: 'Not a valid web address' });
  });

  it("keeps a schema's own message in both its languages", () => {
    expect(reasonFor(DateInput, '2026-02-30')).toEqual({ zh: '日期不存在', en: 'There is no such date' });
    expect(reasonFor(DateInput, '2101-01-01')).toEqual({
      zh: '日期应在1900年至2100年之间',
      en: 'The date must fall in the years 1900 to 2100',
    });
    expect(reasonFor(SchoolCode, '123')).toEqual({
      zh: '学校标识码应为 10 位数字',
      en: 'A school code has 10 digits',
    });
    expect(reasonFor(CreateUserRequest.shape.username, 'a b')).toMatchObject({
      zh: '用户名为 3–32 位字母、数字、下划线、点或短横线',
      en: 'A user name has 3–32 letters, digits, underscores, dots or hyphens',
    });
  });

  it('keeps a Chinese message given without its English, and gives the generic English beside it', () => {
    expect(reasonFor(z.string().min(1, '请填写学校'), '')).toEqual({
      zh: '请填写学校',
      en: 'Must not be empty',
    });
  });

  it("leaves other issues to zod's own Chinese and English", () => {
    expect(reasonFor(z.union([z.string(), z.number()]), true)).toEqual({
      zh: '无效输入',
      en: 'Invalid input',
    });
    expect(reasonFor(z.strictObject({}), { a: 1 })).toEqual({
      zh: '出现未知的键(key): "a"',
      en: 'Unrecognized key: "a"',
    });
  });

  it('writes no English words into the Chinese of the issues it words itself', () => {
    const refused: [z.ZodType, unknown][] = [
      [Named, {}],
      [Named, { name: 5 }],
      [Named, { name: '' }],
      [z.string().min(3), 'a'],
      [z.number().max(9), 10],
      [z.array(z.string()).min(2), []],
      [z.string().regex(/^a$/), 'b'],
    ];
    for (const [schema, input] of refused) expect(reasonFor(schema, input).zh).not.toMatch(/[A-Za-z]/);
  });
});
