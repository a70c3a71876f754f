import { z } from 'zod';
import { TypedText } from './common';
import { fieldMessage } from './field-messages';

export const DictionaryEntry = z.object({
  category: z.string(),
  code: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  sort: z.number().int(),
  builtin: z.boolean(),
  active: z.boolean(),
});
export type DictionaryEntry = z.infer<typeof DictionaryEntry>;

export const DictionaryCategoryParam = z.object({ category: z.string().regex(/^[a-z_]{2,40}$/) });

export const DictionaryEntryInput = z.object({
  code: z
    .string()
    .trim()
    .regex(
      /^[a-z0-9_]{1,40}$/,
      fieldMessage(
        '代码为 1–40 位小写字母、数字或下划线',
        'A code has 1–40 lower-case letters, digits or underscores',
      ),
    ),
  labelZh: TypedText.min(1).max(40),
  labelEn: TypedText.min(1).max(60),
  sort: z.number().int().min(0).max(10_000).default(100),
});
export type DictionaryEntryInput = z.infer<typeof DictionaryEntryInput>;

export const UpdateDictionaryEntry = DictionaryEntryInput.omit({ code: true })
  .partial()
  .extend({ active: z.boolean().optional() });
export type UpdateDictionaryEntry = z.infer<typeof UpdateDictionaryEntry>;
