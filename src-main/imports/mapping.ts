import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { v7 as uuidv7 } from 'uuid';
import type { ImportKind, Mapping } from '../../src-shared/imports/imports.contract';
import { normalizeHeader as normalizeFileHeader } from './read/detect-header';
import type { RpcIssue } from '../../src-shared/rpc/errors';
import { keyList } from '../../src-shared/i18n/catalogues';
import { kindDef } from './kinds';

/**
 * Columns → fields. A file's header texts are compared with each field's synonyms after the
 * same normalisation the header finder uses (read/: no spaces, half-width, lower-case, a
 * trailing unit in brackets dropped, so `总资产（元）` is `总资产`). A merged two-row header
 * (`资产/总资产`) is tried whole, then by its parts from the last.
 *
 * A mapping the user saved as a template is found again by the header's signature: the
 * normalised headers in order, hashed. Same columns in the same order → same template.
 */
export function normalizeHeader(s: string): string {
  // Also a trailing colon or required-marker asterisk: `姓名：`, `*证件号码` is handled by the reader's rule.
  return normalizeFileHeader(String(s)).replace(/^[*＊]+|[:：*＊]+$/g, '');
}

const synonymMaps = new Map<ImportKind, Map<string, string>>();
function synonymsOf(kind: ImportKind): Map<string, string> {
  let m = synonymMaps.get(kind);
  if (m) return m;
  m = new Map();
  for (const f of kindDef(kind).fields) {
    for (const s of f.synonyms) {
      const k = normalizeHeader(s);
      // The first field to claim a synonym keeps it (fields are listed most important first).
      if (k && !m.has(k)) m.set(k, f.key);
    }
  }
  synonymMaps.set(kind, m);
  return m;
}

/** Header texts every field of the kind answers to: what the header finder looks for. */
export function headerHints(kind: ImportKind): string[] {
  return [...new Set(kindDef(kind).fields.flatMap((f) => f.synonyms))];
}

/** The field a header means, or null. */
export function fieldForHeader(kind: ImportKind, header: string): string | null {
  const m = synonymsOf(kind);
  const whole = normalizeHeader(header);
  const hit = m.get(whole);
  if (hit) return hit;
  const parts = String(header).split(/[/／\\|]/).map(normalizeHeader).filter((p) => p !== '');
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = m.get(parts[i]!);
    if (p) return p;
  }
  return null;
}

/** One field per column from synonyms; a field already taken by an earlier column is not given twice. */
export function suggestMapping(kind: ImportKind, headers: readonly string[]): Mapping {
  const taken = new Set<string>();
  return headers.map((h) => {
    const f = fieldForHeader(kind, h);
    if (!f || taken.has(f)) return null;
    taken.add(f);
    return f;
  });
}

export function headerSignature(headers: readonly string[]): string {
  return createHash('sha256').update(headers.map(normalizeHeader).join('\u0001')).digest('hex');
}

/** A field's label in Chinese (the first-class language) for messages' params. */
const labelOf = (kind: ImportKind, key: string) => keyList([`import.field.${kind}.${key}`]);

/**
 * A mapping the engine can run: every required field mapped exactly once, no field twice, no
 * unknown field, nothing mapped past the last column. Issues are field-level (`mapping.<i>`).
 */
export function mappingIssues(kind: ImportKind, mapping: Mapping, columnCount: number | null): RpcIssue[] {
  const def = kindDef(kind);
  const known = new Set(def.fields.map((f) => f.key));
  const issues: RpcIssue[] = [];
  const seen = new Map<string, number>();
  mapping.forEach((key, i) => {
    if (key === null) return;
    if (!known.has(key)) issues.push({ path: ['mapping', i], message: 'error.import.mapping.unknownField', params: { field: key } });
    else if (columnCount !== null && i >= columnCount) issues.push({ path: ['mapping', i], message: 'error.import.mapping.noColumn' });
    else if (seen.has(key)) issues.push({ path: ['mapping', i], message: 'error.import.mapping.twice', params: { field: key, labelKeys: labelOf(kind, key), column: seen.get(key)! + 1 } });
    else seen.set(key, i);
  });
  for (const f of def.fields) {
    if (f.required && !seen.has(f.key)) issues.push({ path: ['mapping'], message: 'error.import.mapping.required', params: { field: f.key, labelKeys: labelOf(kind, f.key) } });
  }
  return issues;
}

// ------------------------------------------------------------------------------------------
// Templates. The table keeps the signature; `mapping` holds the headers and the mapping (JSON).

type TemplateRow = { id: string; kind: string; name: string; header_sig: string; mapping: string; created_by: string; updated_at: string };
export type StoredTemplate = { id: string; kind: ImportKind; name: string; headers: string[]; mapping: Mapping; updatedAt: string; createdBy: string };

function toTemplate(r: TemplateRow): StoredTemplate {
  const m = JSON.parse(r.mapping) as { headers: string[]; mapping: Mapping };
  return { id: r.id, kind: r.kind as ImportKind, name: r.name, headers: m.headers, mapping: m.mapping, updatedAt: r.updated_at, createdBy: r.created_by };
}

/** The most recently saved template for this header, if any. */
export function templateForHeader(sqlite: BetterSqlite3.Database, kind: ImportKind, headers: readonly string[]): StoredTemplate | null {
  const r = sqlite.prepare(`SELECT * FROM import_templates WHERE kind = ? AND header_sig = ? ORDER BY updated_at DESC, id DESC LIMIT 1`).get(kind, headerSignature(headers)) as TemplateRow | undefined;
  return r ? toTemplate(r) : null;
}

export function templateByName(sqlite: BetterSqlite3.Database, kind: ImportKind, name: string): StoredTemplate | null {
  const r = sqlite.prepare(`SELECT * FROM import_templates WHERE kind = ? AND name = ?`).get(kind, name) as TemplateRow | undefined;
  return r ? toTemplate(r) : null;
}

export function listTemplates(sqlite: BetterSqlite3.Database, kind: ImportKind): StoredTemplate[] {
  return (sqlite.prepare(`SELECT * FROM import_templates WHERE kind = ? ORDER BY name`).all(kind) as TemplateRow[]).map(toTemplate);
}

/** Save or overwrite the template of this name (names are unique per kind). */
export function saveTemplate(sqlite: BetterSqlite3.Database, t: { kind: ImportKind; name: string; headers: readonly string[]; mapping: Mapping; userId: string; now: string }): string {
  const existing = sqlite.prepare(`SELECT id FROM import_templates WHERE kind = ? AND name = ?`).pluck().get(t.kind, t.name) as string | undefined;
  const body = JSON.stringify({ headers: t.headers, mapping: t.mapping });
  if (existing) {
    sqlite.prepare(`UPDATE import_templates SET header_sig = ?, mapping = ?, updated_at = ? WHERE id = ?`).run(headerSignature(t.headers), body, t.now, existing);
    return existing;
  }
  const id = uuidv7();
  sqlite
    .prepare(`INSERT INTO import_templates (id, kind, name, header_sig, mapping, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(id, t.kind, t.name, headerSignature(t.headers), body, t.userId, t.now, t.now);
  return id;
}
