import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { englishOfFieldMessage, fieldMessage } from './field-messages';

describe('fieldMessage', () => {
  it('gives zod the Chinese and keeps the English under it', () => {
    const Name = z.string().min(1, fieldMessage('请填写测试名称', 'Enter the test name'));
    const issue = Name.safeParse('').error?.issues[0];
    expect(issue?.message).toBe('请填写测试名称');
    expect(englishOfFieldMessage('请填写测试名称')).toBe('Enter the test name');
    expect(englishOfFieldMessage('没有登记过的消息')).toBeUndefined();
  });

  it('refuses a second English for a Chinese text, which the lookup could not tell apart', () => {
    fieldMessage('测试：同一句话', 'The same sentence');
    expect(() => fieldMessage('测试：同一句话', 'The same sentence')).not.toThrow();
    expect(() => fieldMessage('测试：同一句话', 'Another sentence')).toThrow(/two English texts/);
  });
});
