import type { CountryCode } from 'libphonenumber-js';
import { foldText, normalizePhone } from '../text/normalize';

/**
 * What an inbox search box query means:
 * - phone: the query looked like a phone number; `digits` are the E.164 digits when it parsed as a full number
 *   ("600 100 200", "+48600100200", "0048-600-100-200" all give 48600100200), else the digits typed (partial);
 * - words: folded words (diacritics removed, ł -> l), each matched as a prefix of a name, e-mail or phone word.
 */
export type SearchQuery = { kind: 'phone'; digits: string } | { kind: 'words'; words: string[] };

const PHONE_LIKE = /^[+(]?[\d\s().\-/]+$/;

export function parseSearch(text: string | undefined, region: CountryCode = 'PL'): SearchQuery | null {
  const trimmed = text?.trim() ?? '';
  if (!trimmed) return null;
  const digitsTyped = trimmed.replace(/\D/g, '');
  if (PHONE_LIKE.test(trimmed) && digitsTyped.length >= 3) {
    const e164 = digitsTyped.length >= 7 ? normalizePhone(trimmed, region) : null;
    return { kind: 'phone', digits: e164 ? e164.slice(1) : digitsTyped.replace(/^00/, '') };
  }
  // The same word splitting as the index's tokenizer: anything but letters and digits separates words.
  const words = foldText(trimmed)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  return words.length ? { kind: 'words', words } : null;
}

/** The FTS5 MATCH expression for a parsed query: every word as a quoted prefix, all required. */
export function toMatchExpression(query: SearchQuery): string {
  const terms = query.kind === 'phone' ? [query.digits] : query.words;
  return terms.map((t) => `"${t.replace(/"/g, '""')}"*`).join(' AND ');
}
