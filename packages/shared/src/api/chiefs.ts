import { z } from 'zod';
import { MAINTAINED_CHIEF_DUTIES } from '../enums';

// The seven chiefs (七长制, C1) beyond the contract in cases.ts: coverage gaps and the
// key of one chief row.

/** A unit with no chief recorded for the school year. */
export const ChiefGap = z.object({
  duty: z.enum(MAINTAINED_CHIEF_DUTIES),
  unitCode: z.string(),
  unitName: z.string(),
  /** Who the chain shows meanwhile (a school's principal on staff), or null. */
  fallbackName: z.string().nullable(),
});
export type ChiefGap = z.infer<typeof ChiefGap>;

export const ChiefGapsQuery = z.object({
  schoolYear: z.coerce.number().int().min(2000).max(2100).optional(),
});
export type ChiefGapsQuery = z.infer<typeof ChiefGapsQuery>;

export const ChiefKeyParams = z.object({
  schoolYear: z.coerce.number().int().min(2000).max(2100),
  unitCode: z.string().regex(/^\d{6,12}$/),
  duty: z.enum(MAINTAINED_CHIEF_DUTIES),
});
export type ChiefKeyParams = z.infer<typeof ChiefKeyParams>;
