import { create } from 'zustand';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../../src-shared/i18n/catalogues';
import { i18n, LANGUAGE_STORAGE_KEY } from './i18n';

type LanguageState = { language: Locale; setLanguage(l: Locale): void };

/** The UI language, persisted per machine (not per user: the login page needs it before anyone signs in). */
export const useLanguageStore = create<LanguageState>((set) => ({
  language: isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE,
  setLanguage(language) {
    void i18n.changeLanguage(language);
    document.documentElement.lang = language;
    try {
      localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
    } catch {
      // Storage can be unavailable (private mode); the choice then lasts for this window only.
    }
    set({ language });
  },
}));
