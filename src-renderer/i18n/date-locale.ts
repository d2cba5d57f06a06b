import { useTranslation } from 'react-i18next';
import { enUS, pl } from 'date-fns/locale';
import type { Locale } from 'date-fns';

/** The date-fns locale of the current UI language. */
export function useDateLocale(): Locale {
  const { i18n } = useTranslation();
  return (i18n.resolvedLanguage ?? i18n.language) === 'pl' ? pl : enUS;
}
