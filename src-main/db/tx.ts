import { sql, type Kysely } from 'kysely';
import type { Database as Schema } from './schema';
import type { Db } from './open';
import type { CaptureState, WriteMode } from '../sync/capture';

export type Tx = Kysely<Schema>;

function readCaptureState(db: Db): CaptureState {
  const rows = db.sqlite.prepare(`SELECT key, value FROM sync_state WHERE key IN ('origin_seq', 'hlc')`).all() as { key: string; value: string }[];
  const m = new Map(rows.map((r) => [r.key, r.value]));
  return { seq: Number(m.get('origin_seq') ?? 0), hlc: m.get('hlc') ?? null };
}

function persistCaptureState(db: Db): void {
  const p = db.capture.pending();
  if (!p) return;
  const up = db.sqlite.prepare(`INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`);
  up.run('origin_seq', String(p.seq));
  up.run('hlc', p.hlc);
}

/**
 * Run `fn` in one IMMEDIATE transaction with a write context, so capture triggers stamp every
 * change with `author`, the next origin sequence and a fresh HLC. The clock and sequence are
 * read from the database at the start and written back in the same transaction, so they
 * survive a restart and a rolled-back transaction leaves no trace.
 */
export async function writeTx<T>(db: Db, author: string, fn: (tx: Tx) => Promise<T>, mode: WriteMode = 'capture'): Promise<T> {
  return db.kysely.connection().execute(async (conn) => {
    await sql`BEGIN IMMEDIATE`.execute(conn);
    db.capture.begin(mode, author, readCaptureState(db));
    try {
      const result = await fn(conn);
      persistCaptureState(db);
      db.capture.end();
      await sql`COMMIT`.execute(conn);
      return result;
    } catch (e) {
      db.capture.end();
      await sql`ROLLBACK`.execute(conn);
      throw e;
    }
  });
}

/** The synchronous twin for bulk work on the raw connection (demo generation, imports in a job). */
export function writeTxSync<T>(db: Db, author: string, fn: () => T, mode: WriteMode = 'capture'): T {
  const run = db.sqlite.transaction(() => {
    db.capture.begin(mode, author, readCaptureState(db));
    try {
      const r = fn();
      persistCaptureState(db);
      return r;
    } finally {
      db.capture.end();
    }
  });
  return run.immediate();
}
