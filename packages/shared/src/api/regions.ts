import { z } from 'zod';
import { REGION_LEVELS } from '../enums';
import { TypedText } from './common';

export const Region = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(REGION_LEVELS),
  parentCode: z.string().nullable(),
});
export type Region = z.infer<typeof Region>;

export interface RegionNode extends Region {
  children: RegionNode[];
}
export const RegionNode: z.ZodType<RegionNode> = Region.extend({
  children: z.lazy(() => z.array(RegionNode)),
});

/** A region's figures, within the user's scope and counted as the overview counts them. */
export const RegionDetail = Region.extend({
  parentName: z.string().nullable(),
  villageCount: z.number().int(),
  /** The schools located in the region (schools belong to towns: 0 for a village). */
  schoolCount: z.number().int(),
  /** A town's, the county's: the pupils enrolled at its schools; a village's: its enrolled pupils, wherever they attend. */
  studentCount: z.number().int(),
});
export type RegionDetail = z.infer<typeof RegionDetail>;

export const UpdateRegionRequest = z.object({ name: TypedText.min(1).max(60) });
export type UpdateRegionRequest = z.infer<typeof UpdateRegionRequest>;
