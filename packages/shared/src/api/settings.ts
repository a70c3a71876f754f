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
  /** Calendar days a school named by a 转出 has to take the pupil over before the county is told. */
  transferTakeoverDays: z.number().int().min(1).max(30),
});
export type MonitoringSettings = z.infer<typeof MonitoringSettings>;

const Days = z.number().int().min(1).max(365);

/** Escalation rules and case deadlines (C6, C10): the county's thresholds. */
export const CaseSettings = z.object({
  /** An unexcused absence asks the class teacher for a guardian contact the same day. */
  sameDayContact: z.boolean(),
  /** This many consecutive unexcused school days open a case (0: never). */
  consecutiveUnexcusedDays: z.number().int().min(0).max(30),
  /** A school day with an unexcused absence and no guardian reached opens a case. */
  unreachedGuardianOpensCase: z.boolean(),
  /** This many unexcused school days in one term open a case (0: never). */
  termUnexcusedDays: z.number().int().min(0).max(100),
  /** Days each step may take, counted from the day it starts. */
  verificationDays: Days,
  persuasionDays: Days,
  returnDays: Days,
  /** Observation after a return: so many check-ins, so many days apart. */
  observationCheckIns: z.number().int().min(1).max(12),
  observationIntervalDays: Days,
  /** A step this many days overdue escalates a second level (to the bureau / town head). */
  secondEscalationDays: Days,
  /** Days before a deadline the assignees are reminded. */
  reminderDays: z.number().int().min(0).max(30),
});
export type CaseSettings = z.infer<typeof CaseSettings>;

/** The outbound channel: the log by default; a webhook posts JSON to this address. */
export const NotificationSettings = z.object({
  channel: z.enum(['log', 'webhook']),
  webhookUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]),
});
export type NotificationSettings = z.infer<typeof NotificationSettings>;

export const Settings = z.object({
  security: SecuritySettings,
  monitoring: MonitoringSettings,
  cases: CaseSettings,
  notifications: NotificationSettings,
});
export type Settings = z.infer<typeof Settings>;

export const UpdateSettingsRequest = z.object({
  security: SecuritySettings.partial().optional(),
  monitoring: MonitoringSettings.partial().optional(),
  cases: CaseSettings.partial().optional(),
  notifications: NotificationSettings.partial().optional(),
});
export type UpdateSettingsRequest = z.infer<typeof UpdateSettingsRequest>;

export const DEFAULT_SETTINGS: Settings = {
  security: { lockoutThreshold: 5, lockoutMinutes: 15, idleMinutes: 30, passwordMinLength: 8 },
  monitoring: { currentSchoolYear: 2026, compulsoryAgeMin: 6, compulsoryAgeMax: 15, transferTakeoverDays: 3 },
  cases: {
    sameDayContact: true,
    consecutiveUnexcusedDays: 3,
    unreachedGuardianOpensCase: true,
    termUnexcusedDays: 10,
    verificationDays: 3,
    persuasionDays: 15,
    returnDays: 7,
    observationCheckIns: 4,
    observationIntervalDays: 30,
    secondEscalationDays: 7,
    reminderDays: 1,
  },
  notifications: { channel: 'log', webhookUrl: '' },
};
