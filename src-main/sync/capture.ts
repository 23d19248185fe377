import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { formatHlc, parseHlc, receive, tick, type Hlc } from './hlc';
import { SYNCED_TABLES, type SyncedTable } from './synced-tables';

/**
 * The condition that finds one row's ops in the log: through its index, keyed on the row id's
 * last six characters (migration 0010), then the row itself. Parameters: row id, table, row id.
 */
export const OPS_OF_ROW = `substr(row_id, -6) = substr(?, -6) AND tbl = ? AND row_id = ?`;

/**
 * Change capture (README.md beside this file). Triggers on synced tables call the SQL
 * functions registered here, which read the current write context. Every write to a synced
 * table must happen inside one: `capture` (a person or job wrote it: captured with its
 * author) or `uncaptured` (a bundle being applied, demo generation, migrations). A write with
 * no context fails, so no write path can slip past capture unnoticed.
 */
export type WriteMode = 'capture' | 'uncaptured';

type WriteContext = {
  mode: WriteMode;
  author: string;
  last: Hlc | null;
  seq: number;
  ops: number;
  opHlc: string;
  /** the clock moved past a remote op's (a bundle applied): persist it though nothing was captured */
  observed: boolean;
};

export type CaptureState = { seq: number; hlc: string | null };

export class Capture {
  private ctx: WriteContext | null = null;

  /** `clock`: wall time in ms (tests and the sync simulation skew it per node). */
  constructor(
    readonly nodeId: string,
    private readonly clock: () => number = Date.now,
  ) {}

  register(db: BetterSqlite3.Database): void {
    const need = (): WriteContext => {
      if (!this.ctx) throw new Error('write to a synced table outside a write transaction');
      return this.ctx;
    };
    db.function('bd_capturing', { deterministic: false }, () => (need().mode === 'capture' ? 1 : 0));
    db.function('bd_author', { deterministic: false }, () => need().author);
    db.function('bd_origin', { deterministic: false }, () => this.nodeId);
    db.function('bd_next_op', { deterministic: false }, () => {
      const c = need();
      c.seq += 1;
      c.ops += 1;
      c.last = tick(c.last, this.clock(), this.nodeId);
      c.opHlc = formatHlc(c.last);
      return c.seq;
    });
    db.function('bd_op_seq', { deterministic: false }, () => need().seq);
    db.function('bd_op_hlc', { deterministic: false }, () => need().opHlc);
  }

  get active(): boolean {
    return this.ctx !== null;
  }

  begin(mode: WriteMode, author: string, state: CaptureState): void {
    if (this.ctx) throw new Error('nested write transaction');
    this.ctx = { mode, author, last: state.hlc ? parseHlc(state.hlc) : null, seq: state.seq, ops: 0, opHlc: '', observed: false };
  }

  /** The state to persist in the same transaction, or null when nothing was captured. */
  pending(): CaptureState | null {
    const c = this.ctx;
    if (!c || (c.ops === 0 && !c.observed) || !c.last) return null;
    return { seq: c.seq, hlc: formatHlc(c.last) };
  }

  /** Advance the clock past a remote op's HLC (applying a bundle), so later local edits sort after it. */
  observe(remote: Hlc, now: number): void {
    const c = this.ctx;
    if (!c) throw new Error('no write transaction');
    c.last = receive(c.last, remote, now, this.nodeId);
    c.observed = true;
  }

  /**
   * Switch the open transaction's mode, keeping its clock and sequence: an uncaptured bundle
   * apply that ends with captured edits of its own (apply.ts `Applier.rehomeStrays`).
   */
  setMode(mode: WriteMode): void {
    if (!this.ctx) throw new Error('no write transaction');
    this.ctx.mode = mode;
  }

  /** A four-eyes request runs with its maker as the author, though the checker's call carries it. */
  setAuthor(author: string): void {
    if (!this.ctx) throw new Error('no write transaction');
    this.ctx.author = author;
  }

  get author(): string | null {
    return this.ctx?.author ?? null;
  }

  end(): void {
    this.ctx = null;
  }
}

function q(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

const OP_COLS = 'origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id';
const HIST_COLS = 'tbl, row_id, kind, col, old_value, new_value, hlc, author, origin';

/** An insert op's value: the row's captured columns as a JSON object, read from `row` (NEW in a trigger). */
function rowImage(t: SyncedTable, row: string, redact: boolean): string {
  const secret = new Set(t.secret ?? []);
  return `json_object('id', ${row}.id, ${t.columns.map((c) => `${q(c)}, ${redact && secret.has(c) ? "'[redacted]'" : `${row}.${c}`}`).join(', ')})`;
}

/** The insert trigger: one op with the row's image, the row's clock, a history row (redacted where secret). */
function insertTriggerFor(t: SyncedTable): string {
  const T = t.table;
  const secret = new Set(t.secret ?? []);
  const image = (redact: boolean) => rowImage(t, 'NEW', redact);
  return `CREATE TRIGGER bd_cap_${T}_ins AFTER INSERT ON ${T} WHEN bd_capturing() BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (${OP_COLS}) VALUES (bd_origin(), bd_op_seq(), ${q(T)}, NEW.id, 'insert', NULL, ${image(false)}, bd_op_hlc(), NULL, bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES (${q(T)}, NEW.id, '', bd_op_hlc(), bd_origin(), bd_op_seq());
  ${
    secret.size > 0
      ? `INSERT INTO history (${HIST_COLS}) VALUES (${q(T)}, NEW.id, 'insert', NULL, NULL, ${image(true)}, bd_op_hlc(), bd_author(), bd_origin());`
      : // Nothing to redact: the record's image is the op's, built once and read back by its key.
        `INSERT INTO history (${HIST_COLS}) SELECT tbl, row_id, kind, NULL, NULL, value, hlc, author, origin FROM sync_ops WHERE origin = bd_origin() AND origin_seq = bd_op_seq();`
  }
END`;
}

/** The update trigger of one column: an op with the new value and the clock it overwrote, the cell's clock, a history row. */
function updateTriggerFor(t: SyncedTable, c: string): string {
  const T = t.table;
  const secret = new Set(t.secret ?? []);
  const kind = c === 'deleted_at' ? `CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END` : `'update'`;
  const val = (side: 'OLD' | 'NEW') => (secret.has(c) ? `'"[redacted]"'` : `json_quote(${side}.${c})`);
  return `CREATE TRIGGER bd_cap_${T}_upd_${c} AFTER UPDATE OF ${c} ON ${T} WHEN bd_capturing() AND OLD.${c} IS NOT NEW.${c} BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (${OP_COLS}) VALUES (bd_origin(), bd_op_seq(), ${q(T)}, NEW.id, ${kind}, ${q(c)}, json_quote(NEW.${c}), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = ${q(T)} AND row_id = NEW.id AND col = ${q(c)}),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = ${q(T)} AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, ${c === 'branch_id' ? 'OLD.branch_id' : 'NULL'});
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES (${q(T)}, NEW.id, ${q(c)}, bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (${HIST_COLS}) VALUES (${q(T)}, NEW.id, ${kind}, ${q(c)}, ${val('OLD')}, ${val('NEW')}, bd_op_hlc(), bd_author(), bd_origin());
END`;
}

/** The trigger DDL for one synced table: row-image insert, one op per changed column, tombstones. */
export function captureTriggersFor(t: SyncedTable): string[] {
  const T = t.table;
  return [
    insertTriggerFor(t),
    ...t.columns.map((c) => updateTriggerFor(t, c)),
    `CREATE TRIGGER bd_cap_${T}_del BEFORE DELETE ON ${T} WHEN bd_capturing() BEGIN
  SELECT RAISE(ABORT, 'synced rows are soft-deleted: set deleted_at');
END`,
  ];
}

/**
 * A row's conflicts follow it to another branch, captured or not (HQ moves a customer, its child
 * rows follow): the inbox is scoped by `sync_conflicts.branch_id` (status.queries.ts), and stays
 * an index search. Else the old branch's manager still sees and decides them, the new one's not.
 */
function conflictsFollowTrigger(t: SyncedTable): string[] {
  if (!t.columns.includes('branch_id')) return [];
  const T = t.table;
  return [
    `CREATE TRIGGER bd_cap_${T}_conflicts AFTER UPDATE OF branch_id ON ${T} WHEN OLD.branch_id IS NOT NEW.branch_id AND NEW.branch_id IS NOT NULL BEGIN
  UPDATE sync_conflicts SET branch_id = NEW.branch_id WHERE tbl = ${q(T)} AND row_id = NEW.id;
END`,
  ];
}

/** Every trigger the synced-tables list generates: capture, and conflicts that follow their row. */
export function allCaptureTriggers(): string[] {
  return SYNCED_TABLES.flatMap((t) => [...captureTriggersFor(t), ...conflictsFollowTrigger(t)]);
}

export function captureTriggersHash(): string {
  return createHash('sha256').update(allCaptureTriggers().join(';\n')).digest('hex');
}

/** Drop every capture trigger and create the current set (run inside the migration transaction). */
export function installCaptureTriggers(db: BetterSqlite3.Database): void {
  const existing = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'bd_cap_%'`).pluck().all() as string[];
  for (const name of existing) db.exec(`DROP TRIGGER ${name}`);
  for (const ddl of allCaptureTriggers()) db.exec(ddl);
}

const isCapturing = (db: BetterSqlite3.Database): boolean => db.prepare(`SELECT bd_capturing()`).pluck().get() === 1;

/**
 * Drop the triggers `defs` when each is stored exactly as this build generates it (`sql`), for
 * the caller to recreate from that SQL; else drop none and return false (capture off, an older
 * schema: left alone).
 */
function dropGenerated(db: BetterSqlite3.Database, defs: readonly { name: string; sql: string }[]): boolean {
  const stored = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`).pluck();
  if (!defs.every((d) => stored.get(d.name) === d.sql)) return false;
  for (const d of defs) db.exec(`DROP TRIGGER ${d.name}`);
  return true;
}

/**
 * Capture of a batch's inserts, done once for the batch instead of row by row (a bulk import).
 *
 * Why: with a trigger on the table SQLite counts each INSERT as a write of several rows, and one
 * that may abort (the trigger calls functions), so it runs with a statement journal: each page
 * the insert touches is copied first. A customer touches one page per index (29), so the capture
 * trigger cost about 74 µs a row before it wrote anything (measured: 39.9 s for the 100,000-row
 * import with the triggers present but their WHEN false, 32.5 s with them dropped).
 *
 * How, inside the caller's write transaction: drop the tables' insert triggers; the caller
 * inserts its rows and `record`s each one in the order it inserted them; `finish` draws the ops'
 * sequence numbers and clocks in that order (the functions the trigger calls), writes the insert
 * ops with one INSERT … SELECT, the rows' clocks and history from those ops, and recreates the
 * triggers from their stored SQL. The result is what the triggers would have written: ops, clocks
 * and history rows in the same order with the same values. A rollback (failure, cancel) restores
 * the triggers with everything else, and no other connection ever sees the tables without them.
 *
 * Null (capture row by row, as usual) when a table's trigger is not exactly the one this build
 * generates: capture off (the triggers dropped), or an older schema. Tables with secret columns
 * are not supported (their history image is redacted). The caller must not update a row it
 * inserted in the same batch before `finish` (its insert op would not exist yet).
 */
export type DeferredInsertCapture = {
  record(table: string, rowid: number | bigint): void;
  finish(): void;
};

export function deferInsertCapture(db: BetterSqlite3.Database, tables: readonly string[]): DeferredInsertCapture | null {
  if (process.env.BD_CAPTURE_DEFER === '0') return null;
  const defs = tables.map((name) => {
    const t = SYNCED_TABLES.find((x) => x.table === name);
    if (!t) throw new Error(`${name} is not a synced table`);
    if (t.secret?.length) throw new Error(`deferred capture does not redact: ${name} has secret columns`);
    return { t, name: `bd_cap_${name}_ins`, sql: insertTriggerFor(t) };
  });
  if (!dropGenerated(db, defs)) return null;
  const capturing = isCapturing(db);
  const order: [number, number][] = [];
  return {
    record(table, rowid) {
      if (!capturing) return;
      const i = defs.findIndex((d) => d.t.table === table);
      if (i < 0) throw new Error(`${table} was not deferred`);
      order.push([i, Number(rowid)]);
    },
    finish() {
      if (order.length > 0) {
        // The clock and sequence, drawn in insert order as the trigger draws them (seq, then its HLC).
        const drawn = db.prepare(`SELECT bd_next_op(), bd_op_hlc() FROM json_each(?)`).raw().all(JSON.stringify(order.map(() => 0))) as [number, string][];
        const perTable = defs.map(() => [] as [number, number, string][]);
        order.forEach(([i, rowid], k) => perTable[i]!.push([rowid, drawn[k]![0], drawn[k]![1]]));
        const used = defs.filter((_, i) => perTable[i]!.length > 0);
        const selects = used.map(
          ({ t }) =>
            `SELECT bd_origin(), j.value ->> 1, ${q(t.table)}, x.id, 'insert', NULL, ${rowImage(t, 'x', false)}, j.value ->> 2, NULL, bd_author(), x.branch_id, NULL FROM json_each(?) j CROSS JOIN ${t.table} x ON x.rowid = j.value ->> 0`,
        );
        db.prepare(`INSERT INTO sync_ops (${OP_COLS}) ${selects.join(' UNION ALL ')} ORDER BY 2`).run(...perTable.filter((p) => p.length > 0).map((p) => JSON.stringify(p)));
        const first = drawn[0]![0];
        const last = drawn[drawn.length - 1]![0];
        const range = `FROM sync_ops WHERE origin = bd_origin() AND origin_seq BETWEEN ? AND ? ORDER BY origin_seq`;
        db.prepare(`INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) SELECT tbl, row_id, '', hlc, origin, origin_seq ${range}`).run(first, last);
        db.prepare(`INSERT INTO history (${HIST_COLS}) SELECT tbl, row_id, kind, NULL, NULL, value, hlc, author, origin ${range}`).run(first, last);
        order.length = 0;
      }
      for (const d of defs) db.exec(d.sql);
    },
  };
}

/**
 * The update capture of `tables` taken away for the rest of an uncaptured write, until `restore`
 * (a bundle's many plain edits, sync/apply.ts). Uncaptured, the triggers write nothing, but an
 * UPDATE of a column with a trigger still runs it (its WHEN, a call into JS) and, as for an insert
 * (see above), under a statement journal that copies each page the UPDATE touches first: about a
 * tenth of a bundle's apply. Same transaction rules as `deferInsertCapture`: dropped and recreated
 * from their generated SQL inside the caller's write transaction, so no other connection sees a
 * table without them and a rollback brings them back. Null when capture is on (they are needed)
 * or a table's triggers are not exactly the ones this build generates (left alone).
 */
export function suspendUpdateCapture(db: BetterSqlite3.Database, tables: readonly string[]): { restore(): void } | null {
  if (isCapturing(db)) return null;
  const defs = tables.flatMap((name) => {
    const t = SYNCED_TABLES.find((x) => x.table === name);
    return t ? t.columns.map((c) => ({ name: `bd_cap_${t.table}_upd_${c}`, sql: updateTriggerFor(t, c) })) : [];
  });
  if (defs.length === 0 || !dropGenerated(db, defs)) return null;
  return {
    restore() {
      if (isCapturing(db)) throw new Error('update capture restored after capture was switched on');
      for (const d of defs) db.exec(d.sql);
    },
  };
}
