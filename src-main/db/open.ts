import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3-multiple-ciphers';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database as Schema } from './schema';
import { registerSearchFunctions } from './search-functions';
import { Capture } from '../sync/capture';
import { migrate } from './migrate';
import { DbOpenError } from './errors';

export type DbKey = string; // 64 hex characters: the raw 32-byte key

export type Db = {
  file: string;
  sqlite: Database.Database;
  kysely: Kysely<Schema>;
  capture: Capture;
  nodeId: string;
  close(): void;
};

export { DbOpenError };

export function isDbKey(k: string): boolean {
  return /^[0-9a-fA-F]{64}$/.test(k);
}

export function newDbKey(): DbKey {
  return randomBytes(32).toString('hex');
}

export type OpenOptions = {
  file: string;
  key: DbKey;
  /** main: the app's connection (256 MiB cache); job: a worker's connection (64 MiB). */
  role?: 'main' | 'job';
  /** Run pending migrations (default true). A job connection never migrates. */
  migrate?: boolean;
  /**
   * Path of a separately built `better_sqlite3.node`. The addon npm builds is for Node's ABI
   * and Electron cannot load it (different NODE_MODULE_VERSION), while Vitest, the CLI and the
   * test host need exactly that Node build. So the Electron app may point here at an
   * Electron rebuild (e.g. `@electron/rebuild` output copied aside; main.ts reads
   * BD_NATIVE_BINDING) and every other caller leaves it unset. A packaged app, whose
   * node_modules electron-builder rebuilt for Electron, needs none.
   */
  nativeBinding?: string;
  /** The wall clock capture stamps ops with (ms); tests skew it per node. */
  clock?: () => number;
};

let defaultNativeBinding: string | undefined;

/**
 * Electron main sets this once at start-up (from BD_NATIVE_BINDING), so that every connection
 * opened in that process, including ones code like demo generation opens itself, loads the
 * Electron build of the addon. Never set in Node (tests, CLI, test host). A worker thread has
 * its own module instance and must be given the path again.
 */
export function setDefaultNativeBinding(path: string | undefined): void {
  defaultNativeBinding = path;
}

/** The process default, handed to a job's worker thread (which has its own module instance). */
export function getDefaultNativeBinding(): string | undefined {
  return defaultNativeBinding;
}

/** What a WAL file is cut back to when it restarts after a checkpoint (64 MiB). */
const WAL_FILE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * How long a write waits for the write lock before it fails (main answers error.db.busy). A
 * job's write transaction must stay well inside it (imports/engine.ts TX_BUDGET_MS).
 */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Open the encrypted database with the pragmas of architecture.md, register the SQL
 * functions the schema and capture triggers need, and migrate. The key is given raw
 * (`x'…'`), so there is no per-open key derivation.
 */
export function openDatabase(opts: OpenOptions): Db {
  if (!isDbKey(opts.key)) throw new DbOpenError('badKey', 'the database key must be 64 hex characters');
  const role = opts.role ?? 'main';
  const nativeBinding = opts.nativeBinding ?? defaultNativeBinding;
  const sqlite = new Database(opts.file, nativeBinding ? { nativeBinding } : {});
  try {
    sqlite.pragma(`cipher='sqlcipher'`);
    sqlite.pragma('legacy=4');
    sqlite.pragma(`key="x'${opts.key.toLowerCase()}'"`);
    try {
      sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch {
      throw new DbOpenError('notDatabase', 'cannot open the database: wrong key, or not a BrokerDesk database');
    }
    sqlite.pragma('journal_mode = WAL');
    // A bulk job's WAL may grow to a GiB before its checkpoint (jobs/job-cache.ts widenJobWal):
    // whichever connection next restarts the WAL cuts the file back to this.
    sqlite.pragma(`journal_size_limit = ${WAL_FILE_LIMIT_BYTES}`);
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    sqlite.pragma('temp_store = MEMORY');
    sqlite.pragma(`cache_size = ${role === 'main' ? -262144 : -65536}`);
    registerSearchFunctions(sqlite);
    // The node id must exist before capture can stamp anything; migrate() creates it on a new file.
    const nodeId = opts.migrate === false ? readNodeId(sqlite) : migrate(sqlite);
    const capture = new Capture(nodeId, opts.clock);
    capture.register(sqlite);
    const kysely = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
    return {
      file: opts.file,
      sqlite,
      kysely,
      capture,
      nodeId,
      close() {
        try {
          sqlite.pragma('optimize');
        } finally {
          sqlite.close();
        }
      },
    };
  } catch (e) {
    sqlite.close();
    throw e;
  }
}

function readNodeId(sqlite: Database.Database): string {
  const row = sqlite.prepare(`SELECT value FROM sync_state WHERE key = 'node_id'`).get() as { value: string } | undefined;
  if (!row) throw new DbOpenError('notDatabase', 'database has not been initialised');
  return row.value;
}
