import { pinyin } from 'pinyin-pro';
import type Database from 'better-sqlite3-multiple-ciphers';

/**
 * Deterministic SQL functions behind the customers table's generated search columns and
 * its name index. They are registered on every connection before anything else runs, so
 * every write path (handlers, imports, sync apply) keeps the search structures current.
 */
const cache = new Map<string, { full: string; initials: string }>();
const CACHE_LIMIT = 200_000;

function pinyinOf(name: string): { full: string; initials: string } {
  let hit = cache.get(name);
  if (hit) return hit;
  // surname mode reads 单 as shan, 曾 as zeng, 解 as xie when they lead a name.
  const syllables = pinyin(name, { toneType: 'none', type: 'array', mode: 'surname', nonZh: 'consecutive' });
  const parts = syllables.map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, '')).filter((s) => s.length > 0);
  hit = { full: parts.join(''), initials: parts.map((p) => p[0]).join('') };
  remember(name, hit);
  return hit;
}

function remember(name: string, value: { full: string; initials: string }): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(name, value);
}

/**
 * SQLite computes every stored generated column again on any UPDATE of the row, whatever
 * column changed, so a bulk edit of phones would convert each name to pinyin again (a fresh
 * job worker starts with an empty cache: about 5 µs a name, a second per 200,000 rows). A
 * writer that has just read a row may give its stored pinyin here first, so the recompute is
 * a cache hit. The values are what this function stored for that name.
 */
export const PINYIN_COLUMNS = ['name', 'name_py', 'name_initials'] as const;
export function rememberPinyin(name: unknown, full: unknown, initials: unknown): void {
  if (typeof name !== 'string' || typeof full !== 'string' || typeof initials !== 'string' || cache.has(name)) return;
  remember(name, { full, initials });
}

export function pinyinFull(name: string | null): string | null {
  return name == null ? null : pinyinOf(name).full;
}
export function pinyinInitials(name: string | null): string | null {
  return name == null ? null : pinyinOf(name).initials;
}

/** Unigrams and bigrams of the characters, space-separated, for FTS5 terms of one or two characters. */
export function ngrams(name: string | null): string {
  if (name == null) return '';
  const chars = [...name.replace(/\s+/g, '')];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    out.push(chars[i]!);
    if (i + 1 < chars.length) out.push(chars[i]! + chars[i + 1]!);
  }
  return out.join(' ');
}

export function reverse(s: string | null): string | null {
  if (s == null) return null;
  let r = '';
  for (let i = s.length - 1; i >= 0; i--) r += s[i];
  return r;
}

const text = (v: unknown): string | null => (v == null ? null : String(v));

export function registerSearchFunctions(db: Database.Database): void {
  db.function('bd_pinyin_full', { deterministic: true }, (v) => pinyinFull(text(v)));
  db.function('bd_pinyin_initials', { deterministic: true }, (v) => pinyinInitials(text(v)));
  db.function('bd_ngrams', { deterministic: true }, (v) => ngrams(text(v)));
  db.function('bd_reverse', { deterministic: true }, (v) => reverse(text(v)));
}
