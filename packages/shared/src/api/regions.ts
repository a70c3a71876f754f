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

export const RegionDetail = Region.extend({
  parentName: z.string().nullable(),
  villageCount: z.number().int(),
  schoolCount: z.number().int(),
  studentCount: z.number().int(),
});
export type RegionDetail = z.infer<typeof RegionDetail>;

export const UpdateRegionRequest = z.object({ name: TypedText.min(1).max(60) });
export type UpdateRegionRequest = z.infer<typeof UpdateRegionRequest>;
