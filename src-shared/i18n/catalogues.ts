import { zhCN, type Catalogue } from './zh-CN';
import { en } from './en';

/** The UI languages; the first is the default (domain: branch staff read Chinese). */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

export const catalogues: Record<Locale, Catalogue> = { 'zh-CN': zhCN, en };

export function isLocale(s: unknown): s is Locale {
  return typeof s === 'string' && (LOCALES as readonly string[]).includes(s);
}

/**
 * A catalogue text outside the renderer (files main writes, the CLI's messages), with
 * i18next-style `{{param}}` filled in; a param not given stays as written, and an unknown key
 * is returned as it is.
 */
export function catalogueText(locale: Locale, key: string, params?: Record<string, string | number>): string {
  const text = (catalogues[locale] as Record<string, string>)[key] ?? key;
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => (params && name in params ? String(params[name]) : m));
}
