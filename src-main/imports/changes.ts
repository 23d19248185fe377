import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../src-shared/rpc/errors';
import { CUSTOMER_CHILD_TABLES } from '../sync/routing';

/**
 * What an applied import did, row by row (`import_changes`), and how to take it back.
 *
 * Every row an import writes is recorded in the same transaction as the write: inserted keys,
 * and for updates the before-values of the columns it changed (plus, for customers, the
 * `version` the row has after the import). That record serves two masters:
 *
 * * **cancel** (compensation): a cancelled apply undoes its own committed batches before it
 *   reports `cancelled`, so nothing is left behind;
 * * **undo** of a whole import later, refused while anything newer touched those rows.
 *
 * "Touched since" per table: a customer whose `version` is no longer the one the import left
 * (every edit path bumps it) or that was deleted; a contact or account whose `updated_at` is no
 * longer the import's stamp (every edit path sets it); a trading fact whose `import_id` is no
 * longer this import (a later import overwrote it), or gone (sync purged its customer). A
 * customer this node lost to another branch after the import (`customers_moved_away`), and the
 * contacts and accounts of one, are touched too: given back, it is a fresh copy that the
 * import's record cannot judge.
 * Ownership rows follow their customer (a reassignment bumps the customer's version). Products
 * are versioned like customers (every save bumps it); a product's risk-history row is
 * insert-only and follows its product.
 *
 * A customer the import created is also touched once anything else hangs off it: a live child
 * row the import did not write (a contact or account added on the customer's page, a
 * questionnaire, a task, a later import's trading facts). Adding one does not bump the
 * customer's version, and soft-deleting the customer would leave them orphaned. So is an account
 * the import created once a later import brought trading facts for it.
 *
 * Undo also refuses when a customer number or ID number it would give back is held by another
 * live customer now (the import changed a customer's ID number, and the freed one was then
 * given to someone else): restoring it would make two customers with one key. A customer the
 * import itself created holds nothing back: the undo deletes it.
 *
 * Synced tables are never hard-deleted (architecture.md): an inserted customer, contact,
 * account or ownership row is soft-deleted, which travels as a tombstone. Trading facts are
 * local tables: inserted rows are deleted, overwritten rows get their old values back.
 */
export const SYNCED_TARGETS = ['customers', 'contacts', 'accounts', 'customer_ownership', 'products', 'product_risk_changes'] as const;
export const FACT_TABLES = { daily_assets: ['account_no', 'as_of'], monthly_trading: ['account_no', 'month'], holdings: ['account_no', 'as_of', 'product_code'] } as const;
export type FactTable = keyof typeof FACT_TABLES;
export type ChangeTable = (typeof SYNCED_TARGETS)[number] | FactTable;

export class ChangeRecorder {
  private readonly ins: BetterSqlite3.Statement;
  private n: number;

  constructor(
    sqlite: BetterSqlite3.Database,
    private readonly importId: string,
    start = 0,
  ) {
    this.ins = sqlite.prepare(`INSERT INTO import_changes (import_id, n, table_name, row_key, action, before, version_after) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.n = start;
  }

  get count(): number {
    return this.n;
  }

  insert(table: ChangeTable, rowKey: string, versionAfter: number | null = null): void {
    this.ins.run(this.importId, ++this.n, table, rowKey, 'insert', null, versionAfter);
  }

  update(table: ChangeTable, rowKey: string, before: Record<string, unknown>, versionAfter: number | null = null): void {
    this.ins.run(this.importId, ++this.n, table, rowKey, 'update', JSON.stringify(before), versionAfter);
  }
}

/** A fact table's row key as stored in import_changes: the primary key's values as a JSON array. */
export const factKey = (values: readonly string[]): string => JSON.stringify(values);

/**
 * How many rows this import wrote have been changed since (see the file comment). Set-based:
 * one join per table over the import's changes, each an index lookup per row (a created
 * customer: one per child table, on its customer_id index).
 */
export function countTouched(sqlite: BetterSqlite3.Database, importId: string, stamp: string): number {
  const parts = [
    ...(['customers', 'products'] as const).map(
      (t) => `SELECT count(*) FROM import_changes ic JOIN ${t} c ON c.id = ic.row_key
      WHERE ic.import_id = $id AND ic.table_name = '${t}' AND (c.version IS NOT ic.version_after OR c.deleted_at IS NOT NULL)`,
    ),
    `SELECT count(*) FROM import_changes ic JOIN customers c ON c.id = ic.row_key
      WHERE ic.import_id = $id AND ic.table_name = 'customers' AND ic.action = 'insert' AND c.version IS ic.version_after AND c.deleted_at IS NULL
        AND (${laterChildren('c', 'id')})`,
    ...(['contacts', 'accounts'] as const).map(
      (t) => `SELECT count(*) FROM import_changes ic JOIN ${t} c ON c.id = ic.row_key
      WHERE ic.import_id = $id AND ic.table_name = '${t}' AND (c.updated_at IS NOT $stamp OR c.deleted_at IS NOT NULL)`,
    ),
    // An account the import created that trading facts have been imported for since: deleting it
    // would leave them (and the customer's assets) on an account that no longer exists.
    `SELECT count(*) FROM import_changes ic JOIN accounts a ON a.id = ic.row_key
      WHERE ic.import_id = $id AND ic.table_name = 'accounts' AND ic.action = 'insert' AND a.updated_at IS $stamp AND a.deleted_at IS NULL
        AND (${laterFacts('a', 'id')})`,
    ...Object.entries(FACT_TABLES).map(
      ([t, key]) => `SELECT count(*) FROM import_changes ic LEFT JOIN ${t} f ON ${key.map((k, i) => `f.${k} = ic.row_key ->> ${i}`).join(' AND ')}
      WHERE ic.import_id = $id AND ic.table_name = '${t}' AND f.import_id IS NOT $id`,
    ),
    // A customer this node lost to another branch since the import (sync purged it; it may be
    // back as a fresh copy whose version starts again), or whose contact or account it wrote.
    `SELECT count(*) FROM import_changes ic JOIN customers_moved_away m ON m.customer_id = ic.row_key WHERE ic.import_id = $id AND ic.table_name = 'customers' AND m.moved_at > $stamp`,
    ...(['contacts', 'accounts'] as const).map(
      (t) => `SELECT count(*) FROM import_changes ic JOIN ${t} k ON k.id = ic.row_key JOIN customers_moved_away m ON m.customer_id = k.customer_id
      WHERE ic.import_id = $id AND ic.table_name = '${t}' AND m.moved_at > $stamp`,
    ),
  ];
  return sqlite.prepare(`SELECT ${parts.map((p) => `(${p})`).join(' + ')}`).pluck().get({ id: importId, stamp }) as number;
}

/**
 * For a customer `c` the import created: a live child row the import did not write. The import
 * writes contacts and accounts with its stamp (a later edit of one is counted as that row's
 * own touch) and ownership rows, which follow the customer; it writes no other child table.
 */
const laterChildren = (alias: string, importParam: string) =>
  [
    ...CUSTOMER_CHILD_TABLES.filter((t) => t !== 'customer_ownership').map(
      (t) => `EXISTS (SELECT 1 FROM ${t} k WHERE k.customer_id = ${alias}.id AND k.deleted_at IS NULL${t === 'contacts' || t === 'accounts' ? ' AND k.updated_at IS NOT $stamp' : ''})`,
    ),
    ...Object.keys(FACT_TABLES).map((t) => `EXISTS (SELECT 1 FROM ${t} f WHERE f.customer_id = ${alias}.id AND f.import_id IS NOT $${importParam})`),
  ].join(' OR ');

/**
 * A customer's manager period (`customer_ownership`) or a product's risk-level record
 * (`product_risk_changes`) follows its customer or product: taken back only while that row is
 * still as the import left it (the version its last change of it left, live, and a customer it
 * created without a later child row), so an undo that keeps the customer keeps its periods too.
 */
export const parentAsLeft = (table: 'customer_ownership' | 'product_risk_changes') => {
  const [parent, fk] = table === 'customer_ownership' ? (['customers', 'customer_id'] as const) : (['products', 'product_id'] as const);
  // INDEXED BY: by the import's own key the planner would read every change of the import, once per row.
  return `EXISTS (SELECT 1 FROM import_changes j INDEXED BY import_changes_${parent === 'customers' ? 'customer' : 'product'} JOIN ${parent} p ON p.id = j.row_key
    WHERE j.import_id = $importId AND j.table_name = '${parent}' AND j.row_key = ${table}.${fk}
      AND p.version = j.version_after AND p.deleted_at IS NULL${parent === 'customers' ? ` AND (j.action = 'update' OR NOT (${laterChildren('p', 'importId')}))` : ''})`;
};

/** For an account (`alias`) the import created: trading facts a later import brought for it. */
const laterFacts = (alias: string, importParam: string) =>
  Object.keys(FACT_TABLES)
    .map((t) => `EXISTS (SELECT 1 FROM ${t} f WHERE f.account_no = ${alias}.account_no AND f.import_id IS NOT $${importParam})`)
    .join(' OR ');

/**
 * A holder the undo itself moves off the key takes nothing away: a customer the same import
 * created (deleted by the undo), or one whose `col` it changed (given its own value back: two
 * customers that swapped ID numbers). Runs only for a key someone holds: the import's own
 * changes are its primary key's range.
 */
const undoneByIt = (col: 'customer_no' | 'id_no', importId: string) =>
  `NOT EXISTS (SELECT 1 FROM import_changes j WHERE j.import_id = ${importId} AND j.table_name = 'customers' AND j.row_key = o.id AND (j.action = 'insert' OR json_type(j.before, '$.${col}') IS NOT NULL))`;

/**
 * Another live customer holds `value` as its `col` now (not `self`), but one the undo itself moves
 * off it (`undoneByIt`, for the import `importId`).
 */
const heldByOther = (col: 'customer_no' | 'id_no', value: string, self: string, importId: string) =>
  `EXISTS (SELECT 1 FROM customers o WHERE ${col === 'id_no' ? `o.id_no_rev = bd_reverse(${value}) AND ` : ''}o.${col} = ${value} AND o.id <> ${self} AND o.deleted_at IS NULL AND ${undoneByIt(col, importId)})`;

/**
 * For the undo of a customer's update, its before-value `param` of `col` given back: no other
 * live customer holds it now (the number was freed by the import and taken since, perhaps while
 * the undo ran). As `countKeysTaken` checks before the undo starts, for each row as it is taken back.
 */
const keyFree = (col: 'customer_no' | 'id_no', param: string) => `NOT ${heldByOther(col, param, 'customers.id', '$importId')}`;

/**
 * How many customer numbers and ID numbers that undo would give back are held by another live
 * customer now (see the file comment). One index lookup per updated customer whose before-values
 * name one.
 */
export function countKeysTaken(sqlite: BetterSqlite3.Database, importId: string): number {
  return sqlite
    .prepare(
      `SELECT count(*) FROM import_changes ic
       WHERE ic.import_id = ? AND ic.table_name = 'customers' AND ic.action = 'update'
         AND (${heldByOther('customer_no', "(ic.before ->> 'customer_no')", 'ic.row_key', 'ic.import_id')}
           OR ${heldByOther('id_no', "(ic.before ->> 'id_no')", 'ic.row_key', 'ic.import_id')})`,
    )
    .pluck()
    .get(importId) as number;
}

/** Throws the CONFLICT that says why an import cannot be undone now (nothing when it can). */
export function refuseUndo(sqlite: BetterSqlite3.Database, importId: string, stamp: string): void {
  const touched = countTouched(sqlite, importId, stamp);
  if (touched > 0) throw new AppError('CONFLICT', 'error.import.undo.touched', { params: { count: touched } });
  const taken = countKeysTaken(sqlite, importId);
  if (taken > 0) throw new AppError('CONFLICT', 'error.import.undo.keyTaken', { params: { count: taken } });
}

type ChangeRow = { n: number; table_name: ChangeTable; row_key: string; action: 'insert' | 'update'; before: string | null; version_after: number | null };

export type UndoResult = { undone: number; skipped: number };

/** One write transaction of an undo: the changes it took back (or left) and how long it took. */
export type UndoPace = { rows: number; ms: number };

/**
 * Take back an import's changes, newest first, from those numbered below `from` (all, by
 * default), a chunk per call of `inTx` (the caller's write transaction): as many rows as `chunk`
 * says from the paces of the transactions so far. A row touched since (file comment)
 * is left as it is and counted in `skipped`: an undo refuses before it starts when there are
 * any, so only a person's edit (or a synced one) that lands between two of its transactions, or
 * between two batches of an apply a cancel compensates, can meet one. A customer the import
 * created that a child row was added to meanwhile is such a row: it is kept, with its child.
 *
 * Each transaction refreshes the assets of the customers whose trading facts it changed, and
 * calls `onChunk` with where the next one goes on and what this one did, for the caller to record
 * in the same commit: a crash between two transactions leaves nothing stale, and nothing to redo.
 */
export function undoChanges(
  sqlite: BetterSqlite3.Database,
  run: { importId: string; stamp: string; userId: string; now: string },
  inTx: (fn: () => void) => void,
  opts: { chunk: (recent: readonly UndoPace[]) => number; from?: number; onChunk?: (below: number, did: UndoResult) => void; onProgress?: (done: number) => void },
): UndoResult {
  const page = sqlite.prepare(`SELECT n, table_name, row_key, action, before, version_after FROM import_changes WHERE import_id = ? AND n < ? ORDER BY n DESC LIMIT ?`);
  const { importId, stamp, userId, now } = run;
  const stmts = new Map<string, BetterSqlite3.Statement>();
  const prep = (sql: string) => {
    let s = stmts.get(sql);
    if (!s) stmts.set(sql, (s = sqlite.prepare(sql)));
    return s;
  };
  const out: UndoResult = { undone: 0, skipped: 0 };
  // This transaction's counts and the customers whose facts it changed.
  let did: UndoResult = { undone: 0, skipped: 0 };
  let customers = new Set<string>();
  const count = (changes: number) => {
    if (changes > 0) did.undone += 1;
    else did.skipped += 1;
  };

  const undoOne = (c: ChangeRow) => {
    const before = c.before === null ? null : (JSON.parse(c.before) as Record<string, unknown>);
    if (c.table_name in FACT_TABLES) {
      const key = FACT_TABLES[c.table_name as FactTable];
      const vals = JSON.parse(c.row_key) as string[];
      const where = `${key.map((k) => `${k} = ?`).join(' AND ')} AND import_id = ?`;
      if (c.action === 'insert') {
        const r = prep(`DELETE FROM ${c.table_name} WHERE ${where} RETURNING customer_id`).get(...vals, importId) as { customer_id: string } | undefined;
        if (r) customers.add(r.customer_id);
        count(r ? 1 : 0);
      } else {
        const cols = Object.keys(before!);
        const r = prep(`UPDATE ${c.table_name} SET ${cols.map((k) => `${k} = ?`).join(', ')} WHERE ${where} RETURNING customer_id`).get(...cols.map((k) => before![k]), ...vals, importId) as
          | { customer_id: string }
          | undefined;
        if (r) {
          customers.add(r.customer_id);
          customers.add(String(before!.customer_id));
        }
        count(r ? 1 : 0);
      }
      return;
    }
    const table = c.table_name;
    const versioned = table === 'customers' || table === 'products';
    const childRow = table === 'customer_ownership' || table === 'product_risk_changes';
    // The guard that says the row is as the import left it.
    const guard = versioned
      ? `version = ${Number(c.version_after)} AND deleted_at IS NULL${table === 'customers' ? ` AND id NOT IN (SELECT customer_id FROM customers_moved_away WHERE moved_at > $stamp)` : ''}${table === 'customers' && c.action === 'insert' ? ` AND NOT (${laterChildren('customers', 'importId')})` : ''}`
      : childRow
        ? `${parentAsLeft(table)} AND ${
            c.action === 'insert'
              ? 'deleted_at IS NULL'
              : table === 'customer_ownership'
                ? // Reopened only while no other period of the customer is open: a reassignment made
                  // between a cancelled apply's batches opened one, and it stands.
                  `NOT EXISTS (SELECT 1 FROM customer_ownership o WHERE o.customer_id = customer_ownership.customer_id AND o.id <> customer_ownership.id AND o.valid_to IS NULL AND o.deleted_at IS NULL)`
                : '1'
          }`
        : // $now: a row this undo already restored once (a contact demoted, then inserted, by one import).
          `updated_at IN ($stamp, $now) AND deleted_at IS NULL${table === 'accounts' && c.action === 'insert' ? ` AND NOT (${laterFacts('accounts', 'importId')})` : ''}`;
    const bump = versioned ? ', version = version + 1, updated_at = $now, updated_by = $user' : childRow ? '' : ', updated_at = $now';
    const params: Record<string, unknown> = { id: c.row_key, now, user: userId, stamp, importId };
    if (c.action === 'insert') {
      const sql = `UPDATE ${table} SET deleted_at = $now${bump} WHERE id = $id AND ${guard}`;
      count(prep(sql).run(pick(sql, params)).changes);
    } else {
      const cols = Object.keys(before!);
      cols.forEach((k, i) => (params[`b${i}`] = before![k]));
      const keys = table === 'customers' ? cols.flatMap((k, i) => (k === 'customer_no' || k === 'id_no' ? [` AND ${keyFree(k, `$b${i}`)}`] : [])).join('') : '';
      const sql = `UPDATE ${table} SET ${cols.map((k, i) => `${k} = $b${i}`).join(', ')}${bump} WHERE id = $id AND ${guard}${keys}`;
      count(prep(sql).run(pick(sql, params)).changes);
    }
  };

  let below = opts.from ?? Number.MAX_SAFE_INTEGER;
  const paces: UndoPace[] = [];
  for (;;) {
    const rows = page.all(importId, below, Math.max(1, opts.chunk(paces))) as ChangeRow[];
    if (rows.length === 0) break;
    did = { undone: 0, skipped: 0 };
    customers = new Set();
    const next = rows[rows.length - 1]!.n;
    const t = performance.now();
    inTx(() => {
      for (const r of rows) undoOne(r);
      refreshAssets(sqlite, [...customers]);
      opts.onChunk?.(next, did);
    });
    paces.push({ rows: rows.length, ms: performance.now() - t });
    below = next;
    out.undone += did.undone;
    out.skipped += did.skipped;
    opts.onProgress?.(out.undone + out.skipped);
  }
  return out;
}

/** Named parameters a statement uses (better-sqlite3 refuses unused named parameters). */
function pick(sql: string, params: Record<string, unknown>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const m of sql.matchAll(/\$([a-z0-9]+)/gi)) o[m[1]!] = params[m[1]!];
  return o;
}

/**
 * customers.assets_fen (a local column, never captured) from each of the customer's accounts'
 * latest daily-assets row; 0 when none is left. One grouped read per customer on
 * daily_assets_customer (customer_id, as_of).
 */
export function refreshAssets(sqlite: BetterSqlite3.Database, customerIds: readonly string[]): void {
  if (customerIds.length === 0) return;
  sqlite
    .prepare(
      `UPDATE customers SET assets_fen = coalesce((
         SELECT sum(t) FROM (SELECT total_fen AS t, max(as_of) FROM daily_assets d WHERE d.customer_id = customers.id GROUP BY d.account_no)
       ), 0)
       WHERE id IN (SELECT value FROM json_each(?))`,
    )
    .run(JSON.stringify(customerIds));
}

/**
 * Refresh `customerIds`' assets in transactions of 5,000 customers (`inTx`); the last also clears
 * the run's `assets_stale` mark.
 */
export function refreshInChunks(sqlite: BetterSqlite3.Database, importId: string, customerIds: readonly string[], inTx: (fn: () => void) => void): void {
  const clear = sqlite.prepare(`UPDATE import_runs SET assets_stale = 0 WHERE id = ?`);
  if (customerIds.length === 0) inTx(() => clear.run(importId));
  for (let i = 0; i < customerIds.length; i += 5000) {
    inTx(() => {
      refreshAssets(sqlite, customerIds.slice(i, i + 5000));
      if (i + 5000 >= customerIds.length) clear.run(importId);
    });
  }
}

/**
 * Daily-assets applies cut off before their assets refresh (the app quit mid-way: the mark set
 * in their batches' transactions was never cleared): the customers of the facts each wrote, and
 * those an overwrite took a fact from, get their assets from what is stored now. Run at start
 * (ipc/context.ts). Harmless when the apply is in fact still running in another process (the CLI):
 * the refresh reads what is committed, and its next batch marks the run again. Returns how many
 * runs were refreshed.
 */
export function refreshStaleAssets(sqlite: BetterSqlite3.Database, inTx: (fn: () => void) => void): number {
  const runs = sqlite.prepare(`SELECT id FROM import_runs WHERE assets_stale = 1`).pluck().all() as string[];
  if (runs.length === 0) return 0;
  const customersOf = sqlite
    .prepare(
      `SELECT d.customer_id FROM import_changes ic JOIN daily_assets d ON d.account_no = ic.row_key ->> 0 AND d.as_of = ic.row_key ->> 1
        WHERE ic.import_id = $id AND ic.table_name = 'daily_assets'
       UNION
       SELECT ic.before ->> 'customer_id' FROM import_changes ic WHERE ic.import_id = $id AND ic.table_name = 'daily_assets' AND ic.action = 'update'`,
    )
    .pluck();
  for (const id of runs) refreshInChunks(sqlite, id, customersOf.all({ id }) as string[], inTx);
  return runs.length;
}
