import { zhCN } from '../../../src-shared/i18n/zh-CN';
import { en } from '../../../src-shared/i18n/en';
import type { JobScope } from '../../jobs/job-types';
import { err, type FieldDef, type Issue } from './types';
import { KeySet } from '../key-set';

/**
 * New rows in a batch from which the batch's capture (sync/capture.ts deferInsertCapture) and,
 * for customers, its name index are filled once, at the batch's end, instead of row by row.
 */
export const DEFER_MIN_ROWS = 200;

/** Does the job's scope cover a record owned by this branch and manager? */
export function inScope(scope: JobScope, r: { branch_id: string; manager_id: string | null }): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'branch':
      return r.branch_id === scope.branchId;
    case 'own':
      return r.manager_id === scope.managerId;
  }
}

/**
 * A field with its synonyms: the hand-written ones plus the field's labels in both catalogues
 * (`customer.field.<key>` etc.), so a file this app exported maps back without a template.
 */
export function field(def: Omit<FieldDef, 'synonyms'> & { synonyms: readonly string[]; labelKeys?: readonly string[] }): FieldDef {
  const { labelKeys = [], ...rest } = def;
  const labels: string[] = [];
  for (const k of labelKeys) for (const c of [zhCN, en] as Record<string, string>[]) if (c[k]) labels.push(c[k]!);
  return { ...rest, synonyms: [...new Set([...def.synonyms, ...labels, def.key])] };
}

/** Columns a customer-linked row carries: resolved customer, for scope. */
export type CustomerRef = { id: string; customer_no: string; branch_id: string; manager_id: string | null };

/**
 * The customers behind a batch's customer numbers, in one statement (customers_no index per
 * number). CROSS JOIN pins json_each as the outer loop. Customer numbers are unique per firm,
 * but not by constraint (architecture.md): two live rows with one number make the number
 * ambiguous, reported as such.
 */
export function customersByNo(sqlite: import('better-sqlite3-multiple-ciphers').Database, nos: readonly string[]): Map<string, CustomerRef[]> {
  const out = new Map<string, CustomerRef[]>();
  if (nos.length === 0) return out;
  const rows = sqlite
    .prepare(`SELECT c.id, c.customer_no, c.branch_id, c.manager_id FROM json_each(?) j CROSS JOIN customers c ON c.customer_no = j.value WHERE c.deleted_at IS NULL`)
    .all(JSON.stringify([...new Set(nos)])) as CustomerRef[];
  for (const r of rows) {
    const l = out.get(r.customer_no);
    if (l) l.push(r);
    else out.set(r.customer_no, [r]);
  }
  return out;
}

/**
 * Codes Excel stored as numbers have lost their leading zeros (000123456 became 123456), and
 * their length is not fixed, so a parser cannot tell. A code that names nothing is checked
 * against the lengths the stored codes have: its zero-padded forms at each longer length
 * (`zeroPaddings`), probed with the batch's own lookup. One that exists means the row is that
 * record without its zeros: refused (`error.import.value.zerosLost`), never made a second record.
 */
export class CodeLengths {
  private lengths: number[] | null = null;
  /**
   * Codes earlier rows of this run create. A preview writes none of them and an apply's earlier
   * transactions have committed theirs, so a later row without its zeros is checked against
   * these too: preview and apply refuse it alike.
   */
  private readonly created = new KeySet();

  constructor(
    private readonly sqlite: import('better-sqlite3-multiple-ciphers').Database,
    private readonly table: 'customers' | 'accounts',
    private readonly column: 'customer_no' | 'account_no',
  ) {}

  /** `codes` and their zero-padded forms: what a batch looks up. Read once (one pass over the code's index: 35–60 ms on the 1M demo). */
  withPaddings(codes: readonly string[]): string[] {
    this.storedLengths();
    const out = new Set(codes);
    for (const c of codes) for (const p of this.paddings(c)) out.add(p);
    return [...out];
  }

  /** A code's zero-padded forms at the stored codes' longer lengths; none for one that starts with 0 (it was text). */
  paddings(code: string): string[] {
    if (code.startsWith('0') || !this.lengths) return [];
    return this.lengths.filter((n) => n > code.length).map((n) => code.padStart(n, '0'));
  }

  /** The first padded form of `code` that `found` holds or an earlier row of this run created, else null. */
  lostZeros<T>(code: string, found: ReadonlyMap<string, readonly T[]>): string | null {
    return this.paddings(code).find((p) => (found.get(p)?.length ?? 0) > 0 || this.created.has(p)) ?? null;
  }

  /** A row of this run creates `code`. */
  noteCreated(code: string): void {
    this.created.add(code);
    const lengths = this.storedLengths();
    if (!lengths.includes(code.length)) lengths.push(code.length);
  }

  /**
   * The issue for a row whose code names no record (`found`: the batch's lookup, with
   * `withPaddings`): the stored record it is without its zeros (`zerosLost`, or only "out of
   * scope" when that record is not the importer's to see), else `notFound`.
   */
  unknown(code: string, found: ReadonlyMap<string, readonly { branch_id: string; manager_id: string | null }[]>, scope: JobScope, fieldName: string, notFound: string): Issue {
    return this.zerosLostIssue(code, found, scope, fieldName) ?? err(fieldName, notFound);
  }

  /**
   * For a code that names no record: the stored record it is without its zeros (`zerosLost`, or
   * only "out of scope" when that record is not the importer's to see: its number is not told),
   * else null.
   */
  zerosLostIssue(code: string, found: ReadonlyMap<string, readonly { branch_id: string; manager_id: string | null }[]>, scope: JobScope, fieldName: string): Issue | null {
    const padded = this.lostZeros(code, found);
    if (padded === null) return null;
    const hits = found.get(padded) ?? [];
    if (hits.length > 0 && !hits.some((h) => inScope(scope, h))) return err(fieldName, 'error.import.outOfScope');
    return err(fieldName, 'error.import.value.zerosLost', { code: padded });
  }

  private storedLengths(): number[] {
    return (this.lengths ??= this.sqlite.prepare(`SELECT DISTINCT length(${this.column}) FROM ${this.table} WHERE ${this.column} IS NOT NULL`).pluck().all() as number[]);
  }
}
