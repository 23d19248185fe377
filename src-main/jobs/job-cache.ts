import { statSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { JobCtx } from './job-types';

type Sqlite = BetterSqlite3.Database;

/**
 * A job that writes into many indexes gets a page cache as big as the database, up to
 * `capMiB`, for its run: on the encrypted file every page read is decrypted, and a row's index
 * entries land on random pages, so a cache smaller than the indexes decrypts the same pages
 * again and again (limits.md: 4-5x). Pages are allocated as they are read, so a small database
 * costs no more. Returns the previous setting, for the caller to restore.
 */
export function widenJobCache(ctx: JobCtx, capMiB: number | undefined): number {
  const before = ctx.db.sqlite.pragma('cache_size', { simple: true }) as number;
  if (!capMiB) return before;
  let fileMiB = 0;
  try {
    fileMiB = statSync(ctx.db.file).size / 1048576;
  } catch {
    // a file we cannot stat: the cap decides
  }
  const mib = Math.max(64, Math.min(capMiB, Math.ceil(fileMiB * 1.2)));
  ctx.db.sqlite.pragma(`cache_size = ${-mib * 1024}`);
  return before;
}

/**
 * A fixed page cache for the job connection while a job runs, in place of the job's 64 MiB: for
 * work that reads each page about once, or writes a few small B-trees in key order, where a
 * bigger cache only holds pages never needed again (and counts against the process's memory).
 * Returns the previous setting, for the caller to restore.
 */
export function setJobCache(ctx: JobCtx, mib: number): number {
  const before = ctx.db.sqlite.pragma('cache_size', { simple: true }) as number;
  ctx.db.sqlite.pragma(`cache_size = ${-mib * 1024}`);
  return before;
}

/** SQLite's default checkpoint threshold, in WAL pages (what open.ts leaves set). */
const DEFAULT_WAL_PAGES = 1000;
/** The widest WAL window a bulk job may take, and main's while jobs run (job-runner.ts): 1 GiB. */
const MAX_WAL_BYTES = 1024 * 1024 * 1024;

/** MAX_WAL_BYTES in the connection's pages (a file keeps the page size it was made with: db/open.ts PAGE_SIZE). */
export function maxWalPages(sqlite: Sqlite): number {
  return Math.floor(MAX_WAL_BYTES / (sqlite.pragma('page_size', { simple: true }) as number));
}

/** `widenJobWal`'s window for a job that writes in one transaction: no checkpoint before the report. */
export const WAL_UNTIL_REPORTED = 0;

/**
 * A wider checkpoint window for a bulk write, and its last checkpoint moved after the job's
 * report (`ctx.afterReport`), so that the user sees the outcome once the data is committed.
 *
 * * Batches (an import's apply; the default window): with SQLite's 1,000 pages every batch's
 *   commit is followed by a checkpoint, so a page that each batch dirties again is copied into
 *   the database file once per batch; on the encrypted file the copy decrypts the WAL frame and
 *   encrypts the page again. With a window of a quarter of the file (at most 1 GiB), batches
 *   share a checkpoint and each page is copied once per window.
 * * One transaction (a bundle's apply; `WAL_UNTIL_REPORTED`): no checkpoint at its commit.
 *
 * After the report the previous window is put back and a PASSIVE checkpoint copies what the
 * job left in the WAL: it waits for no one and blocks no writer (main may commit meanwhile;
 * its own automatic checkpoint finds ours running and skips). The WAL file shrinks back when
 * it next restarts (open.ts `journal_size_limit`).
 */
export function widenJobWal(ctx: JobCtx, window: number | 'quarterOfFile' = 'quarterOfFile'): void {
  const sqlite = ctx.db.sqlite;
  let pages = window;
  if (pages === 'quarterOfFile') {
    let fileBytes = 0;
    try {
      fileBytes = statSync(ctx.db.file).size;
    } catch {
      // a file we cannot stat: keep the default
    }
    const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
    pages = Math.max(DEFAULT_WAL_PAGES, Math.min(maxWalPages(sqlite), Math.floor(fileBytes / pageSize / 4)));
  }
  const before = sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
  if (pages === before) return;
  sqlite.pragma(`wal_autocheckpoint = ${pages}`);
  ctx.afterReport(() => {
    sqlite.pragma(`wal_autocheckpoint = ${before}`);
    sqlite.pragma('wal_checkpoint(PASSIVE)');
  });
}
