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

/** The trigger DDL for one synced table: row-image insert, one op per changed column, tombstones. */
export function captureTriggersFor(t: SyncedTable): string[] {
  const T = t.table;
  const secret = new Set(t.secret ?? []);
  const image = (redact: boolean) =>
    `json_object('id', NEW.id, ${t.columns.map((c) => `${q(c)}, ${redact && secret.has(c) ? "'[redacted]'" : `NEW.${c}`}`).join(', ')})`;
  const opCols = 'origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id';
  const histCols = 'tbl, row_id, kind, col, old_value, new_value, hlc, author, origin';
  const out: string[] = [];
  out.push(`CREATE TRIGGER bd_cap_${T}_ins AFTER INSERT ON ${T} WHEN bd_capturing() BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (${opCols}) VALUES (bd_origin(), bd_op_seq(), ${q(T)}, NEW.id, 'insert', NULL, ${image(false)}, bd_op_hlc(), NULL, bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES (${q(T)}, NEW.id, '', bd_op_hlc(), bd_origin(), bd_op_seq());
  ${
    secret.size > 0
      ? `INSERT INTO history (${histCols}) VALUES (${q(T)}, NEW.id, 'insert', NULL, NULL, ${image(true)}, bd_op_hlc(), bd_author(), bd_origin());`
      : // Nothing to redact: the record's image is the op's, built once and read back by its key.
        `INSERT INTO history (${histCols}) SELECT tbl, row_id, kind, NULL, NULL, value, hlc, author, origin FROM sync_ops WHERE origin = bd_origin() AND origin_seq = bd_op_seq();`
  }
END`);
  for (const c of t.columns) {
    const kind = c === 'deleted_at' ? `CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END` : `'update'`;
    const val = (side: 'OLD' | 'NEW') => (secret.has(c) ? `'"[redacted]"'` : `json_quote(${side}.${c})`);
    out.push(`CREATE TRIGGER bd_cap_${T}_upd_${c} AFTER UPDATE OF ${c} ON ${T} WHEN bd_capturing() AND OLD.${c} IS NOT NEW.${c} BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (${opCols}) VALUES (bd_origin(), bd_op_seq(), ${q(T)}, NEW.id, ${kind}, ${q(c)}, json_quote(NEW.${c}), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = ${q(T)} AND row_id = NEW.id AND col = ${q(c)}),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = ${q(T)} AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, ${c === 'branch_id' ? 'OLD.branch_id' : 'NULL'});
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES (${q(T)}, NEW.id, ${q(c)}, bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (${histCols}) VALUES (${q(T)}, NEW.id, ${kind}, ${q(c)}, ${val('OLD')}, ${val('NEW')}, bd_op_hlc(), bd_author(), bd_origin());
END`);
  }
  out.push(`CREATE TRIGGER bd_cap_${T}_del BEFORE DELETE ON ${T} WHEN bd_capturing() BEGIN
  SELECT RAISE(ABORT, 'synced rows are soft-deleted: set deleted_at');
END`);
  return out;
}

export function allCaptureTriggers(): string[] {
  return SYNCED_TABLES.flatMap(captureTriggersFor);
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
