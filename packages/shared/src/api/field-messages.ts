// A schema's own reason for refusing a field, in both languages. Zod carries one string per
// issue, and it carries the Chinese (the product's default language, as before); the English
// is kept here under that Chinese, for the server to send beside it (`details[].messageEn`).
// Written next to each other at the schema, so neither language can be forgotten there.

const englishByChinese = new Map<string, string>();

/** A field message for a zod check or refinement: the Chinese, with its English on record. */
export function fieldMessage(zh: string, en: string): string {
  const known = englishByChinese.get(zh);
  // One Chinese text must read the same in English wherever it is used: the lookup is by text.
  if (known !== undefined && known !== en) {
    throw new Error(`field message "${zh}" has two English texts: "${known}" and "${en}"`);
  }
  englishByChinese.set(zh, en);
  return zh;
}

/** The English of a message given with fieldMessage(); undefined for any other text. */
export function englishOfFieldMessage(zh: string): string | undefined {
  return englishByChinese.get(zh);
}
