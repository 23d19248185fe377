import { rmSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';

type Sqlite = BetterSqlite3.Database;

/** What a file writer tells the ledger (exports/table-writer.ts `TableWriterOptions.parts`). */
export type PartLedger = { opened(part: string): void; gone(part: string): void };

/**
 * The ledger of part files (migration 0013): a writer notes its `.part` file before creating it
 * and forgets it once the file is renamed or removed. One statement each, outside any
 * transaction (nothing else depends on it); a ledger write that fails does not stop the file.
 */
export function partLedger(sqlite: Sqlite, now: () => Date = () => new Date()): PartLedger {
  return {
    opened(part) {
      try {
        sqlite.prepare(`INSERT OR REPLACE INTO part_files (path, pid, created_at) VALUES (?, ?, ?)`).run(part, process.pid, now().toISOString());
      } catch {
        // The file is still written; only its clean-up after a crash is lost.
      }
    },
    gone(part) {
      try {
        sqlite.prepare(`DELETE FROM part_files WHERE path = ?`).run(part);
      } catch {
        // A row left behind names a file that no longer exists: the next sweep drops it.
      }
    },
  };
}

/** Whether a process with this id runs (signal 0 only asks; EPERM: it runs, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * At start: remove the part files of writers whose process is gone (killed mid-write), and
 * their rows. A part file of a process that still runs (the CLI exporting beside the app, or
 * this process) is left to it, for a day at most (a process id can be reused by another). Only
 * names ending `.part` are ever removed. Returns how many were removed.
 */
export function sweepPartFiles(sqlite: Sqlite): number {
  const rows = sqlite.prepare(`SELECT path, pid, created_at FROM part_files`).all() as { path: string; pid: number; created_at: string }[];
  // A row with our process id made before this process started is an earlier process's (ids are reused).
  const processStart = new Date(Date.now() - process.uptime() * 1000).toISOString();
  let removed = 0;
  // No export or report takes a day: a row that old is a dead process's, whatever its id now names.
  const dayAgo = new Date(Date.now() - 86_400_000).toISOString();
  for (const r of rows) {
    if (r.created_at >= dayAgo && (r.pid === process.pid ? r.created_at >= processStart : alive(r.pid))) continue;
    if (r.path.endsWith('.part')) {
      try {
        rmSync(r.path, { force: true });
        removed++;
      } catch {
        // Not ours to remove any more (moved, permissions): forget it all the same.
      }
    }
    sqlite.prepare(`DELETE FROM part_files WHERE path = ?`).run(r.path);
  }
  return removed;
}
