import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

// Russian and Ukrainian letters as Polish offices write these names in Latin script (Иванов -> ivanov).
const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', ґ: 'g', д: 'd', е: 'e', є: 'ye', ё: 'e', ж: 'zh', з: 'z', и: 'i', і: 'i', ї: 'yi',
  й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts',
  ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/** Cyrillic letters written in Latin; everything else unchanged. */
export function transliterate(value: string): string {
  return value.replace(/[\u0400-\u04ff]/g, (ch) => {
    const lower = ch.toLowerCase();
    const latin = CYRILLIC[lower];
    if (latin === undefined) return ch;
    return ch === lower ? latin : latin.charAt(0).toUpperCase() + latin.slice(1);
  });
}

/** Lowercase, trimmed, diacritics removed (ł/Ł too, which Unicode does not decompose), Cyrillic in Latin. */
export function foldText(value: string): string {
  return transliterate(value)
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

/**
 * The e-mail as a mailbox: lower case, without a +tag, and for Gmail without the dots Gmail ignores
 * (Jan.Kowalski+portal@googlemail.com and jankowalski@gmail.com are one mailbox).
 */
export function emailKey(value: string | null | undefined): string | null {
  const email = normalizeEmail(value);
  if (!email) return null;
  const at = email.lastIndexOf('@');
  if (at <= 0) return email;
  let local = email.slice(0, at).replace(/\+.*$/, '');
  let domain = email.slice(at + 1);
  if (domain === 'googlemail.com') domain = 'gmail.com';
  if (domain === 'gmail.com') local = local.replace(/\./g, '');
  return `${local || email.slice(0, at)}@${domain}`;
}

/**
 * The last 9 digits of a phone (E.164 when it could be read, else as typed): the same number whether or not one
 * side has a country code, a 00 or a trunk 0. Null for fewer than 7 digits.
 */
export function phoneTail(e164: string | null | undefined, raw?: string | null): string | null {
  const digits = (e164 ?? raw ?? '').replace(/\D/g, '');
  return digits.length >= 7 ? digits.slice(-9) : null;
}
