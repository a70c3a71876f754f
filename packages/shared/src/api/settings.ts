import { z } from 'zod';

export const SecuritySettings = z.object({
  lockoutThreshold: z.number().int().min(3).max(20),
  lockoutMinutes: z.number().int().min(1).max(1440),
  idleMinutes: z.number().int().min(5).max(480),
  passwordMinLength: z.number().int().min(8).max(64),
});
export type SecuritySettings = z.infer<typeof SecuritySettings>;

export const MonitoringSettings = z.object({
  currentSchoolYear: z.number().int().min(2000).max(2100),
  compulsoryAgeMin: z.number().int().min(3).max(10),
  compulsoryAgeMax: z.number().int().min(12).max(18),
});
export type MonitoringSettings = z.infer<typeof MonitoringSettings>;

export const Settings = z.object({ security: SecuritySettings, monitoring: MonitoringSettings });
export type Settings = z.infer<typeof Settings>;

export const UpdateSettingsRequest = z.object({
  security: SecuritySettings.partial().optional(),
  monitoring: MonitoringSettings.partial().optional(),
});
export type UpdateSettingsRequest = z.infer<typeof UpdateSettingsRequest>;

export const DEFAULT_SETTINGS: Settings = {
  security: { lockoutThreshold: 5, lockoutMinutes: 15, idleMinutes: 30, passwordMinLength: 8 },
  monitoring: { currentSchoolYear: 2026, compulsoryAgeMin: 6, compulsoryAgeMax: 15 },
};
