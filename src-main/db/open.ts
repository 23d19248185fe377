import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
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
 * How pages are encrypted: each page on its own, with the raw 32-byte key.
 *
 * * `aegis` (new files): AEGIS-256, SQLite3 Multiple Ciphers' authenticated page cipher on the
 *   CPU's AES instructions. A tampered page fails its tag, as under SQLCipher's HMAC.
 * * `sqlcipher4` (files made before it): SQLCipher 4's scheme, AES-256-CBC with an HMAC-SHA512
 *   per page. Still opened; never used for a new file.
 *
 * Why AEGIS: on this machine the HMAC-SHA512 and AES-CBC of each page read or written took
 * about half of a bundle apply's CPU (perf), and every write path pays them. 400,000 rows into
 * a table with 10 random indexes in 5,000-row transactions: plain 36.4 s, AEGIS 37.0 s,
 * SQLCipher 4 68.8 s, ChaCha20 60.1 s. The customers import of 100,000 rows into a fresh
 * 1,000,000-customer demo (bench import.customers100k): 28.7 s against 44.3 s.
 */
export type PageCipher = 'aegis' | 'sqlcipher4';
export const PAGE_CIPHER: PageCipher = 'aegis';
const LEGACY_PAGE_CIPHER: PageCipher = 'sqlcipher4';

/**
 * The page size of a new file: 16 KiB, where SQLite's default is 4 KiB. A file keeps the size it
 * was made with (changing it means a VACUUM, which rewrites the whole file).
 *
 * Why: a bulk write puts each row's entries at random places in many indexes (the 29 of
 * `customers`), and what it costs is counted in pages: pages fetched on the way down each
 * B-tree, pages dirtied, WAL frames written (two writes each) and copied back by the
 * checkpoint. Bigger pages make the trees shallower and let one dirtied page take more of a
 * transaction's entries. Measured on a 1,000,000-customer demo made at each size (100,000 new
 * customers, 13,000-row transactions, in-process): 4 KiB 19.9–27.5 s, 8 KiB 19.7–25.0 s,
 * 16 KiB 18.3–18.7 s; bench sync.import500k (500,000 ops into 200,000 customers): 17.4 and
 * 17.8 s at 4 KiB, 14.8 s at 16 KiB, the bare baseline 10.7–11.5 s at both. A small save
 * writes bigger WAL frames (a customer's ~30 index pages: about 0.5 MB instead of 0.12 MB),
 * which a desktop does not feel; the page cache is sized in bytes, so it holds the same data.
 */
export const PAGE_SIZE = 16384;

/** Key a connection that has read nothing yet (`key` is 64 hex characters). Benches' bare baselines use it too. */
export function keyConnection(sqlite: Database.Database, key: DbKey, cipher: PageCipher = PAGE_CIPHER): void {
  if (cipher === 'aegis') {
    sqlite.pragma(`cipher='aegis'`);
  } else {
    sqlite.pragma(`cipher='sqlcipher'`);
    sqlite.pragma('legacy=4');
  }
  sqlite.pragma(`key="x'${key.toLowerCase()}'"`);
}

/** No file yet, or an empty one: it will be made with PAGE_CIPHER and PAGE_SIZE. */
function isNewFile(file: string): boolean {
  try {
    return statSync(file).size === 0;
  } catch {
    return true;
  }
}

/**
 * Open the encrypted database with the pragmas of architecture.md, register the SQL
 * functions the schema and capture triggers need, and migrate. The key is given raw
 * (`x'…'`), so there is no per-open key derivation.
 */
export function openDatabase(opts: OpenOptions): Db {
  if (!isDbKey(opts.key)) throw new DbOpenError('badKey', 'the database key must be 64 hex characters');
  const role = opts.role ?? 'main';
  const nativeBinding = opts.nativeBinding ?? defaultNativeBinding;
  const connect = (cipher: PageCipher): Database.Database | null => {
    const c = new Database(opts.file, nativeBinding ? { nativeBinding } : {});
    try {
      keyConnection(c, opts.key, cipher);
      c.prepare('SELECT count(*) FROM sqlite_master').get();
      return c;
    } catch {
      c.close();
      return null;
    }
  };
  // A file made before AEGIS (SQLCipher's scheme) is recognised by its key check failing under AEGIS.
  const fresh = isNewFile(opts.file);
  const sqlite = connect(PAGE_CIPHER) ?? (fresh ? null : connect(LEGACY_PAGE_CIPHER));
  if (!sqlite) throw new DbOpenError('notDatabase', 'cannot open the database: wrong key, or not a BrokerDesk database');
  try {
    // Before WAL mode and the first table: the page size is fixed once the file has one.
    if (fresh) sqlite.pragma(`page_size = ${PAGE_SIZE}`);
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
