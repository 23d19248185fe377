import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';

/**
 * Bulk loading into an empty table of a new file, keeping the schema's exact semantics.
 *
 * Measured on a million demo customers (encrypted): maintaining the table's nine indexes row
 * by row costs about 4x what building them afterwards costs (a sort each), and the
 * name-search triggers cost ~19 µs a row, because FTS5 flushes its pending terms at every
 * statement a trigger runs, where one INSERT … SELECT over the whole table is ~3 µs a row.
 *
 * So, while the table is empty: drop its indexes and every AFTER INSERT trigger whose body we
 * can replay exactly (only `INSERT INTO t(cols) VALUES (… NEW.col …);` statements, no WHEN);
 * after the rows are in, run each replayable statement once as INSERT … SELECT … FROM the table
 * in rowid order (the same rows the trigger would have written, in the same order), then
 * recreate the triggers and indexes from their stored SQL, so sqlite_master ends byte-identical.
 * Triggers we cannot replay stay in place and fire as usual, except change capture's insert
 * trigger (`WHEN bd_capturing()`) when the caller says the load is uncaptured: its condition is
 * false for every row of such a load, so it is dropped with the indexes and recreated by
 * `finish()` (measured: ~15% of the demo's child-row inserts).
 */
export type DeferredStructures = {
  indexes: number;
  replayedTriggers: number;
  /** What finish() runs, in order: a caller may commit between them (see generate.ts). */
  statements(): string[];
  finish(): void;
};

type Obj = { type: 'index' | 'trigger'; name: string; sql: string };

const SIMPLE_INSERT = /^\s*INSERT\s+INTO\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(([^)]*)\)\s*VALUES\s*\(([^;]*)\)\s*$/i;

/**
 * The INSERT … SELECT statements equivalent to an AFTER INSERT trigger on `table`, or null when
 * its shape is not one we can replay exactly.
 */
export function replayStatements(triggerSql: string, table: string): string[] | null {
  const head = new RegExp(`^\\s*CREATE\\s+TRIGGER\\s+\\S+\\s+AFTER\\s+INSERT\\s+ON\\s+${table}\\s+BEGIN\\b([\\s\\S]*)\\bEND\\s*;?\\s*$`, 'i');
  const m = head.exec(triggerSql);
  if (!m) return null; // WHEN clauses, FOR EACH variants, BEFORE/INSTEAD OF: leave alone
  const body = m[1]!;
  // Literals could hide a `;` or `NEW.`; OLD and subqueries change meaning under SELECT.
  if (/['"`[]|\bOLD\./i.test(body) || /\bSELECT\b/i.test(body)) return null;
  const stmts = body.split(';').map((s) => s.trim()).filter((s) => s.length > 0);
  const out: string[] = [];
  for (const s of stmts) {
    const ins = SIMPLE_INSERT.exec(s);
    if (!ins) return null;
    const exprs = ins[3]!.replace(/\bNEW\./gi, `${table}.`);
    out.push(`INSERT INTO ${ins[1]!}(${ins[2]!}) SELECT ${exprs} FROM ${table} ORDER BY ${table}.rowid`);
  }
  return out;
}

/**
 * Drop `table`'s indexes and replayable insert triggers; `finish()` fills the replayed targets
 * and recreates everything. Both must run inside the caller's write transactions; the table
 * must be empty (a new file), or the replay would write the old rows twice.
 */
const CAPTURE_INSERT = (table: string) => new RegExp(`^\\s*CREATE\\s+TRIGGER\\s+\\S+\\s+AFTER\\s+INSERT\\s+ON\\s+${table}\\s+WHEN\\s+bd_capturing\\(\\)\\s+BEGIN\\b`, 'i');

export function deferSearchStructures(db: BetterSqlite3.Database, table: string, opts: { uncaptured?: boolean } = {}): DeferredStructures {
  const count = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  if (count !== 0) throw new Error(`bulk load needs an empty ${table} table`);
  const objs = db
    .prepare(`SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid`)
    .all(table) as Obj[];
  const indexes = objs.filter((o) => o.type === 'index');
  const triggers = objs
    .filter((o) => o.type === 'trigger')
    .map((o) => ({ ...o, replay: replayStatements(o.sql, table) }))
    .filter((o): o is Obj & { replay: string[] } => o.replay !== null);
  const idle = opts.uncaptured ? objs.filter((o) => o.type === 'trigger' && CAPTURE_INSERT(table).test(o.sql)) : [];
  for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
  for (const t of idle) db.exec(`DROP TRIGGER ${t.name}`);
  for (const i of indexes) db.exec(`DROP INDEX ${i.name}`);
  return {
    indexes: indexes.length,
    replayedTriggers: triggers.length,
    statements() {
      return [...triggers.flatMap((t) => t.replay), ...triggers.map((t) => t.sql), ...idle.map((t) => t.sql), ...indexes.map((i) => i.sql)];
    },
    finish() {
      for (const s of this.statements()) db.exec(s);
    },
  };
}
