import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { UI_LANGUAGES } from '../../src-shared';
import en from './en.json';
import pl from './pl.json';
import { initialLanguage } from './language';

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, pl: { translation: pl } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: [...UI_LANGUAGES],
  load: 'languageOnly',
  initAsync: false,
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
  returnNull: false,
});

const syncDocumentLanguage = (lng: string): void => {
  document.documentElement.lang = lng;
};
syncDocumentLanguage(i18n.language);
i18n.on('languageChanged', syncDocumentLanguage);

export default i18n;
