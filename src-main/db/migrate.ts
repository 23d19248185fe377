import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';
import { LATEST_VERSION, MIGRATIONS } from '../../migrations/index';
import { captureTriggersHash, installCaptureTriggers } from '../sync/capture';
import { DbOpenError } from './errors';

/**
 * Run pending migrations in one transaction, tracked in `PRAGMA user_version`. A database
 * newer than this app is refused, never "repaired". Capture triggers are regenerated from
 * the synced-tables list whenever a migration ran or the list changed. Returns the node id.
 */
export function migrate(db: Database.Database): string {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > LATEST_VERSION) {
    throw new DbOpenError('fromFuture', `the database is from a newer BrokerDesk (schema ${current}, this app knows ${LATEST_VERSION})`);
  }
  const run = db.transaction(() => {
    const pending = MIGRATIONS.filter((m) => m.version > current);
    if (pending.length > 0) {
      db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'bd_cap_%'`)
        .pluck()
        .all()
        .forEach((name) => db.exec(`DROP TRIGGER ${String(name)}`));
      for (const m of pending) m.up(db);
      db.pragma(`user_version = ${LATEST_VERSION}`);
    }
    const hash = captureTriggersHash();
    const stored = db.prepare(`SELECT value FROM sync_state WHERE key = 'capture_triggers'`).pluck().get() as string | undefined;
    if (pending.length > 0 || stored !== hash) {
      installCaptureTriggers(db);
      db.prepare(`INSERT OR REPLACE INTO sync_state (key, value) VALUES ('capture_triggers', ?)`).run(hash);
    }
    let nodeId = db.prepare(`SELECT value FROM sync_state WHERE key = 'node_id'`).pluck().get() as string | undefined;
    if (!nodeId) {
      nodeId = randomBytes(8).toString('hex');
      db.prepare(`INSERT INTO sync_state (key, value) VALUES ('node_id', ?)`).run(nodeId);
    }
    return { nodeId, upgraded: current > 0 && pending.length > 0 };
  });
  const { nodeId, upgraded } = run.immediate();
  // An upgrade that added indexes leaves them without statistics, and the planner then takes a
  // new index for selective (10 rows a key): a 1M-customer export walked a branch index and
  // sorted every page in a temporary B-tree (3 s a page). Full statistics once, after the
  // upgrade (6.5 s on 1M customers; a new database has nothing to measure).
  if (upgraded) {
    db.pragma('analysis_limit = 0');
    db.exec('ANALYZE');
  }
  return nodeId;
}
