import { z } from 'zod';
import { splitIsoDate } from '../domain/dates';
import { fieldMessage } from './field-messages';

/** Paging for every list: page is 1-based; pageSize is capped so no request can ask for everything at once. */
export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type PageQuery = z.infer<typeof PageQuery>;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    /** Set where counting stopped at a cap (lists that grow without end): there are more than `total`. */
    totalIsLowerBound: z.boolean().optional(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}
export interface Page<T> {
  items: T[];
  total: number;
  totalIsLowerBound?: boolean;
  page: number;
  pageSize: number;
}

export const ErrorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    messageEn: z.string(),
    /** Per-field reasons, in both languages like the error's own: `message` Chinese, `messageEn` English. */
    details: z.array(z.object({ path: z.string(), message: z.string(), messageEn: z.string() })).optional(),
  }),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

export const Ok = z.object({ ok: z.literal(true) });

export const RegionCode = z
  .string()
  .regex(
    /^\d{6}(\d{3}(\d{3})?)?$/,
    fieldMessage('区划代码应为 6、9 或 12 位数字', 'A region code has 6, 9 or 12 digits'),
  );
export const SchoolCode = z
  .string()
  .regex(/^\d{10}$/, fieldMessage('学校标识码应为 10 位数字', 'A school code has 10 digits'));
/** The largest id the database holds (PostgreSQL's integer). */
const MAX_DB_ID = 2_147_483_647;
/** A row's id as a client sends it: within the database's integer range, so that an id past it is a refusal, not a failure. */
export const DbId = z.number().int().positive().max(MAX_DB_ID);
/** The same in a path or a query string. */
export const DbIdQuery = z.coerce.number().int().positive().max(MAX_DB_ID);
export const IdParam = z.object({ id: DbIdQuery });
export const Phone = z
  .string()
  .trim()
  .regex(/^[0-9+\-\s]{5,20}$/, fieldMessage('电话号码格式不正确', 'Not a valid phone number'));
export const ExportQuery = z.object({ format: z.literal('xlsx').optional() });
/**
 * An export that may carry full identity numbers (rosters, ledgers): masked unless asked
 * for (`fullId=true`), and then only for a user allowed to see them, audited as such.
 */
export const FullIdQuery = z.object({ fullId: z.enum(['true', 'false']).optional() });
export type FullIdQuery = z.infer<typeof FullIdQuery>;

/** Whether an export is to carry full identity numbers: asked for, by a user allowed to. */
export function wantsFullIds(query: { fullId?: 'true' | 'false' | undefined }, allowed: boolean): boolean {
  return allowed && query.fullId === 'true';
}

/**
 * The years a date entered here may fall in. Every date of this product is of children
 * living now and their schooling; one outside is a slip (0001-01-01, 9999-12-31), and
 * the database would refuse some of them or keep them where no list finds them again.
 */
const DATE_YEARS = { first: 1900, last: 2100 } as const;

/** A calendar date a user enters (YYYY-MM-DD), checked to be a real day of a plausible year. */
export const DateInput = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, fieldMessage('日期格式应为 YYYY-MM-DD', 'A date is written YYYY-MM-DD'))
  .refine((s) => splitIsoDate(s) !== null, fieldMessage('日期不存在', 'There is no such date'))
  .refine(
    (s) => {
      const year = Number(s.slice(0, 4));
      return year >= DATE_YEARS.first && year <= DATE_YEARS.last;
    },
    fieldMessage(
      `日期应在${DATE_YEARS.first}年至${DATE_YEARS.last}年之间`,
      `The date must fall in the years ${DATE_YEARS.first} to ${DATE_YEARS.last}`,
    ),
  );
/** A date in a response. */
export const DateOutput = z.string().describe('YYYY-MM-DD');
/**
 * A name or a reason a person types: Unicode's invisible format characters (Cf: zero-width
 * spaces and joiners, direction marks), which come along with text pasted from a chat or a web
 * page, are removed and the text trimmed. Such a text may otherwise look filled in while it is
 * empty, or one name differ from the same name typed. Bound it with min/max where it is used.
 */
export const TypedText = z
  .string()
  .overwrite((s) => s.replace(/\p{Cf}/gu, ''))
  .trim();
/** Free text a user writes on a record: trimmed, bounded. */
export const Note = z.string().trim().max(2000);
