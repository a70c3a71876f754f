// Strings of the absences pages (issue #4), merged into messages.ts. Keys are 'absences.*' and
// 'menu.*' entries of these pages; English must have every Chinese key.

export const absencesZh = {
  'menu.absences': '考勤',
  'menu.calendar': '校历',
} as const;

export const absencesEn: Record<keyof typeof absencesZh, string> = {
  'menu.absences': 'Attendance',
  'menu.calendar': 'School calendar',
};
