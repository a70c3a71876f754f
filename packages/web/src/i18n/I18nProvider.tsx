import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { getLang, storeLang, translate, type Lang, type Vars } from './lang';
import type { MessageKey } from './messages';
import { I18nContext, type I18n } from './context';
import { GRADES, type Label } from '@baoxue/shared';

function pick(lang: Lang, l: Label): string {
  return lang === 'en' ? l.en : l.zh;
}

/** A class numbered the usual way, 3班, as its number; other names are the school's own words. */
const NUMBERED_CLASS = /^(\d+)班$/;

function englishClassName(name: string): string {
  const numbered = NUMBERED_CLASS.exec(name.trim());
  return numbered ? `Class ${numbered[1]}` : name;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(getLang);

  const setLang = useCallback((next: Lang) => {
    storeLang(next);
    document.documentElement.lang = next;
    setLangState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const gradeLabel = (grade: number) => {
      const g = GRADES.find((x) => x.grade === grade);
      return g ? pick(lang, g) : String(grade);
    };
    return {
      lang,
      setLang,
      t: (key: MessageKey, vars?: Vars) => translate(lang, key, vars),
      label: (l: Label | undefined, fallback = '') => (l ? pick(lang, l) : fallback),
      enumLabel: (labels, code) => {
        if (code === null || code === undefined) return '';
        const l = Object.hasOwn(labels, code) ? labels[code] : undefined;
        return l ? pick(lang, l) : code;
      },
      gradeLabel,
      classLabel: (grade: number, name: string | null) =>
        name === null ? gradeLabel(grade) : lang === 'en' ? `${gradeLabel(grade)}, ${englishClassName(name)}` : `${gradeLabel(grade)}${name}`,
    };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
