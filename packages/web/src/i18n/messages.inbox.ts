// Strings of the inbox pages (issue #4), merged into messages.ts. Keys are 'inbox.*' and
// 'menu.*' entries of these pages; English must have every Chinese key.

export const inboxZh = {
  'menu.inbox': '待办',
  'menu.chiefs': '七长责任人',
} as const;

export const inboxEn: Record<keyof typeof inboxZh, string> = {
  'menu.inbox': 'Inbox',
  'menu.chiefs': 'Seven chiefs',
};
