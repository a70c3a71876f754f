import type { Generated } from 'kysely';

/** 字典: code lists used by forms and imports; built-in entries cannot be removed, the county may add its own. */
export interface DictionaryTable {
  county_code: string;
  category: string;
  code: string;
  label_zh: string;
  label_en: string;
  sort: Generated<number>;
  builtin: Generated<boolean>;
  active: Generated<boolean>;
}
