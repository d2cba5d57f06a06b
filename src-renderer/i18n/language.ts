import i18n from 'i18next';
import { uiLanguageSchema } from '../../src-shared';
import type { UiLanguage } from '../../src-shared';

const STORAGE_KEY = 'leadDesk.uiLanguage';

export function storedLanguage(): UiLanguage | null {
  try {
    const parsed = uiLanguageSchema.safeParse(localStorage.getItem(STORAGE_KEY));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Before anything is known: the remembered choice, else the system language, else English. */
export function initialLanguage(): UiLanguage {
  const stored = storedLanguage();
  if (stored) return stored;
  return navigator.language.toLowerCase().startsWith('pl') ? 'pl' : 'en';
}

export function currentLanguage(): UiLanguage {
  const parsed = uiLanguageSchema.safeParse(i18n.resolvedLanguage ?? i18n.language);
  return parsed.success ? parsed.data : 'en';
}

/** Switches the UI language and remembers it for the next start (and the sign-in screen). */
export async function applyLanguage(language: UiLanguage): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Storage may be unavailable (private mode); the choice then lasts for this window only.
  }
  if (currentLanguage() !== language) await i18n.changeLanguage(language);
}
