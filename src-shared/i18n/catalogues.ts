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
  const cat = catalogues[locale] as Record<string, string>;
  const text = cat[key] ?? key;
  const filled = params ? labelListParams(params, (k) => cat[k] ?? k) : params;
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => (filled && name in filled ? String(filled[name]) : m));
}

/** The param suffix of a list of catalogue keys (joined by `|`), shown as their labels. */
export const LABEL_KEYS_SUFFIX = 'Keys';
/** The param suffix of a list of names as they are (a JSON array), shown joined. */
export const ITEMS_SUFFIX = 'Items';

/** A list of catalogue keys as one param: `{ acceptedKeys: keyList(['gender.M', 'gender.F']) }`. */
export function keyList(keys: readonly string[]): string {
  return keys.join('|');
}

/** A list of names (sheet names, whatever their text) as one param: `{ sheetsItems: itemList(names) }`. */
export function itemList(items: readonly string[]): string {
  return JSON.stringify(items);
}

/**
 * Params in a language: each `xKeys` param (catalogue keys joined by `|`, from `keyList`) adds
 * `x`, their labels, and each `xItems` param (from `itemList`) adds `x`, its names, each list
 * joined by the language's list separator (`list.separator`). A message about labels (an enum's
 * accepted values) or names (a file's sheets) thus reads in the reader's language, wherever it
 * is rendered: the renderer, a file main writes, the CLI.
 */
export function labelListParams(params: Record<string, string | number>, text: (key: string) => string): Record<string, string | number> {
  let out = params;
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== 'string') continue;
    const suffix = name.endsWith(LABEL_KEYS_SUFFIX) ? LABEL_KEYS_SUFFIX : name.endsWith(ITEMS_SUFFIX) ? ITEMS_SUFFIX : null;
    if (suffix === null || name.length === suffix.length) continue;
    const items = suffix === LABEL_KEYS_SUFFIX ? value.split('|').map(text) : parseItems(value);
    if (items === null) continue;
    if (out === params) out = { ...params };
    out[name.slice(0, -suffix.length)] = items.join(text('list.separator'));
  }
  return out;
}

function parseItems(value: string): string[] | null {
  try {
    const v = JSON.parse(value) as unknown;
    return Array.isArray(v) ? v.map(String) : null;
  } catch {
    return null;
  }
}
