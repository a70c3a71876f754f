// The chosen language lives in localStorage on this device only (the brief: send it
// nowhere else). Code outside React (the API error notifier) reads it through getLang().
import { en, zh, type MessageKey, type Messages } from './messages';

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];

const STORAGE_KEY = 'baoxue.lang';

function readStored(): Lang {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return v === 'en' ? 'en' : 'zh-CN';
  } catch {
    // Storage can be blocked (private mode, policies): Chinese is the default anyway.
    return 'zh-CN';
  }
}

let current: Lang = readStored();

export function getLang(): Lang {
  return current;
}

export function storeLang(lang: Lang): void {
  current = lang;
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not persisted; the choice still holds for this page view.
  }
}

export type Vars = Record<string, string | number>;

export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  const table: Messages = lang === 'en' ? en : zh;
  const text = table[key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
