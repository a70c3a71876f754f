// Strings of the inbox, chiefs and documents pages (issue #4), merged into messages.ts. Keys
// are 'inbox.*', 'chiefs.*', 'documents.*' and 'menu.*' entries of these pages; English must
// have every Chinese key.

export const inboxZh = {
  'menu.inbox': '待办',
  'menu.chiefs': '七长责任人',
  'chiefs.chainTitle': '七长责任链（{year} 学年）',
  'chiefs.governmentLine': '政府线',
  'chiefs.educationLine': '教育线',
  'chiefs.notRecorded': '未登记',
} as const;

export const inboxEn: Record<keyof typeof inboxZh, string> = {
  'menu.inbox': 'Inbox',
  'menu.chiefs': 'Seven chiefs',
  'chiefs.chainTitle': 'Responsibility chain ({year} school year)',
  'chiefs.governmentLine': 'Government line',
  'chiefs.educationLine': 'Education line',
  'chiefs.notRecorded': 'Not recorded',
};
