import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { catalogues, DEFAULT_LOCALE, isLocale, type Locale } from '../../src-shared/i18n/catalogues';

export const LANGUAGE_STORAGE_KEY = 'brokerdesk.language';

function storedLanguage(): Locale {
  try {
    const v = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return isLocale(v) ? v : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

/**
 * One i18next instance for the renderer. Keys are flat (`keySeparator: false`): server keys
 * nest into each other (`validation.login` and `validation.login.taken`). React escapes
 * output, so i18next must not escape again.
 */
export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: catalogues['zh-CN'] },
    en: { translation: catalogues.en },
  },
  lng: storedLanguage(),
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: ['zh-CN', 'en'],
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false },
  initAsync: false,
});
document.documentElement.lang = i18n.language;
