import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLanguageStore } from '../i18n/useLanguageStore';
import { isLocale } from '../../src-shared/i18n/catalogues';

/** Each language is named in itself, so a person who cannot read the current one still finds theirs. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const language = useLanguageStore((s) => s.language);
  const setLanguage = useLanguageStore((s) => s.setLanguage);
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('header.language')}
      value={language}
      onChange={(v) => isLocale(v) && setLanguage(v)}
      data={[
        { value: 'zh-CN', label: '中文' },
        { value: 'en', label: 'EN' },
      ]}
    />
  );
}
