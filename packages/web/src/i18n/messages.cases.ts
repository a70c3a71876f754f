// Strings of the cases pages (issue #4), merged into messages.ts. Keys are 'cases.*' and
// 'menu.*' entries of these pages; English must have every Chinese key.

export const casesZh = {
  'menu.cases': '劝返案件',
} as const;

export const casesEn: Record<keyof typeof casesZh, string> = {
  'menu.cases': 'Cases',
};
