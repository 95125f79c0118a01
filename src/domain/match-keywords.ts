/** Lower case without accents, so "Logiciel", "LOGICIEL" and "logíciel" read alike. */
export const foldText = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Matches free text (a contact's `industry` is typed by people: "Software", "B2B SaaS", "Financial services &
 * banking") against keywords. A keyword is a word or a phrase; by default it must stand as whole words, so
 * "bank" does not match "Bankruptcy law"; `wholeWord: false` accepts it anywhere in a word.
 */
export function compileKeywords(keywords: string[], wholeWord = true): (text: string) => boolean {
  const alternatives = keywords.map((k) => foldText(k.trim()).split(/\s+/).map(escape).join('\\s+')).filter(Boolean);
  const body = `(?:${alternatives.join('|')})`;
  const re = new RegExp(wholeWord ? `(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])` : body, 'u');
  return (text) => re.test(foldText(text));
}
