import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** Lowercase, trimmed, diacritics removed (ł/Ł too, which Unicode does not decompose). */
export function foldText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[łŁ]/g, 'l')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export function nameSearchKey(firstName: string | null | undefined, lastName: string | null | undefined): string {
  return foldText(`${firstName ?? ''} ${lastName ?? ''}`);
}

export function normalizeEmail(value: string | null | undefined): string | null {
  const trimmed = value?.trim().toLowerCase();
  return trimmed ? trimmed : null;
}

/** E.164 ("+48600100200") or null when the number cannot be read. "0048…" and "48…" prefixes are understood. */
export function normalizePhone(value: string | null | undefined, defaultRegion: CountryCode = 'PL'): string | null {
  if (!value?.trim()) return null;
  const compact = value.trim().replace(/^00/, '+');
  const parsed = parsePhoneNumberFromString(compact, defaultRegion);
  return parsed?.isPossible() ? parsed.number : null;
}

/** "+48600100200" -> "+48 600 100 200"; anything unreadable comes back as it was. */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
