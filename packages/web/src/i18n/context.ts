import { createContext, useContext } from 'react';
import type { Label } from '@baoxue/shared';
import type { Lang, Vars } from './lang';
import type { MessageKey } from './messages';

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, vars?: Vars) => string;
  /** A shared enum label ({zh,en}) in the current language; `fallback` for unknown codes. */
  label: (l: Label | undefined, fallback?: string) => string;
  /** The label of `code` in one of the shared LABELS records; the code itself when unknown. */
  enumLabel: (labels: Readonly<Record<string, Label>>, code: string | null | undefined) => string;
  /** 一年级 / Grade 1 … from the shared grade table. */
  gradeLabel: (grade: number) => string;
  /**
   * A class with its grade: 三年级1班, or "Grade 3, Class 1". A name other than a number and
   * 班 is the school's own and kept: "Grade 3, 实验班". A pupil without a class: the grade alone.
   */
  classLabel: (grade: number, name: string | null) => string;
}

export const I18nContext = createContext<I18n | null>(null);

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
