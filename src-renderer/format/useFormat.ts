import { useMemo } from 'react';
import { useLanguageStore } from '../i18n/useLanguageStore';
import { makeFormatter, type Formatter } from './makeFormatter';

/** The formatter for the current UI language; components re-render when it changes. */
export function useFormat(): Formatter {
  const language = useLanguageStore((s) => s.language);
  return useMemo(() => makeFormatter(language), [language]);
}
