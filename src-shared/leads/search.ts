import type { CountryCode } from 'libphonenumber-js';
import { foldText, normalizePhone } from '../text/normalize';

/**
 * What an inbox search box query means:
 * - phone: the query looked like a phone number, full or still being typed; `prefixes` are the digit strings
 *   any of which may start one of the index's phone words: the E.164 digits when it reads as a number
 *   ("600 100 200", "+48600100200" and "0048-600-100-200" all give 48600100200), and the digits as typed
 *   (without a 00 or a national trunk 0), which match the international or the national form as it grows;
 * - words: folded words (diacritics removed, ł -> l), each matched as a prefix of a name, e-mail or phone word.
 */
export type SearchQuery = { kind: 'phone'; prefixes: string[] } | { kind: 'words'; words: string[] };

const PHONE_LIKE = /^[+\d\s().\-/]+$/;

export function parseSearch(text: string | undefined, region: CountryCode = 'PL'): SearchQuery | null {
  const trimmed = text?.trim() ?? '';
  if (!trimmed) return null;
  const digitsTyped = trimmed.replace(/\D/g, '');
  if (PHONE_LIKE.test(trimmed) && digitsTyped.length >= 3) {
    const e164 = digitsTyped.length >= 7 ? normalizePhone(trimmed, region) : null;
    const typed = digitsTyped.startsWith('00') ? digitsTyped.slice(2) : digitsTyped.replace(/^0/, '');
    return { kind: 'phone', prefixes: [...new Set([e164?.slice(1), typed].filter((p): p is string => !!p))] };
  }
  // The same word splitting as the index's tokenizer: anything but letters and digits separates words.
  const words = foldText(trimmed)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  return words.length ? { kind: 'words', words } : null;
}

const prefix = (term: string) => `"${term.replace(/"/g, '""')}"*`;

/** The FTS5 MATCH expression for a parsed query: a phone matches any of its forms; every word is required. */
export function toMatchExpression(query: SearchQuery): string {
  if (query.kind === 'phone') return query.prefixes.length === 1 ? prefix(query.prefixes[0]!) : `(${query.prefixes.map(prefix).join(' OR ')})`;
  return query.words.map(prefix).join(' AND ');
}
