import type { ImportKind, Mapping } from '../../src-shared/imports/imports.contract';
import { kindDef } from './kinds';
import { err, warn, type FieldDef, type Issue, type Values } from './kinds/types';
import type { RawCell, RawRow } from './read/types';
import { isEmptyCell, parseDecimal } from './read/cells';
import { yuanFactor } from './read/detect-header';
import { isPercent } from './kinds/fields';
import { KeySet } from './key-set';

/**
 * The parse stage of an import: a file row → the kind's fields, parsed and checked, and whether
 * an earlier row of the file was the same record. Pure (no database), so it can run in the
 * reader thread (read-source.ts) while the job's thread classifies and writes the previous
 * batch.
 *
 * An entry is `valid` (values ready to classify), `error` (issues, nothing to classify) or `dup`
 * (a later copy of an earlier row: skipped, with a warning).
 */
export type EntryState = 'valid' | 'error' | 'dup';
export type Entry = {
  rowNo: number;
  state: EntryState;
  /** Valid rows only. */
  values: Values | null;
  issues: Issue[];
  /** The row as read (the report echoes it; asked for only when the row has problems). */
  cells: () => readonly RawCell[];
};

export type MappedColumn = { index: number; field: FieldDef; header: string };

export function mappedColumns(kind: ImportKind, headers: readonly string[], mapping: Mapping): MappedColumn[] {
  const byKey = new Map(kindDef(kind).fields.map((f) => [f.key, f]));
  return mapping.flatMap((key, index) => (key !== null && byKey.has(key) ? [{ index, field: byKey.get(key)!, header: headers[index] ?? '' }] : []));
}

/**
 * A cell of an amount column whose header names a unit other than yuan, in yuan: a number
 * times the factor; text read as a number first (a percentage or non-number is left for the
 * parser to refuse with its own message).
 */
function inYuan(c: RawCell, factor: number): RawCell {
  if (typeof c === 'number') return c * factor;
  if (typeof c !== 'string' || isPercent(c)) return c;
  const r = parseDecimal(c);
  return r.ok && r.value !== null ? r.value * factor : c;
}

/** A stateful row parser for one file: it remembers the records seen so far (in-file duplicates). */
export function rowParser(kind: ImportKind, headers: readonly string[], mapping: Mapping): (raw: RawRow) => Entry {
  const def = kindDef(kind);
  const cols = mappedColumns(kind, headers, mapping).map((c) => ({ ...c, unit: c.field.unit === 'yuan' ? yuanFactor(c.header) : null }));
  const mapped = new Set(cols.map((c) => c.field.key));
  const required = cols.filter((c) => c.field.required);
  const seen = new KeySet();
  return (raw) => {
    const cells = () => raw.cells;
    const values: Values = {};
    const issues: Issue[] = [];
    for (const c of cols) {
      const cell = raw.cells[c.index] ?? null;
      if (c.unit !== null && typeof c.unit === 'object') {
        if (isEmptyCell(cell)) values[c.field.key] = null;
        else issues.push(err(c.field.key, 'error.import.value.currency', { unit: c.unit.currency }));
        continue;
      }
      const r = c.field.parse(c.unit !== null && c.unit !== 1 ? inYuan(cell, c.unit) : cell);
      if (!r.ok) issues.push(err(c.field.key, r.key, r.params));
      else values[c.field.key] = r.value;
    }
    for (const c of required) if (values[c.field.key] === null) issues.push(err(c.field.key, 'error.import.value.required'));
    if (issues.length === 0 && def.check) issues.push(...def.check(values, mapped));
    if (issues.some((i) => i.severity === 'error')) return { rowNo: raw.rowNo, state: 'error', values: null, issues, cells };
    const keys = def.keys(values);
    if (keys.some((k) => seen.has(k))) return { rowNo: raw.rowNo, state: 'dup', values: null, issues: [warn(null, 'import.warn.dupInFile')], cells };
    for (const k of keys) seen.add(k);
    return { rowNo: raw.rowNo, state: 'valid', values, issues, cells };
  };
}
