import { readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { STAGED_KEEP_DAYS, type ExportFormat } from '../../src-shared/exports/exports.contract';

/**
 * Approved unmasked exports wait here for their maker (exports.handlers.ts), beside the
 * database, owner-only: full personal data is kept no longer than its purpose.
 */
export function stagedExportsDir(dbFile: string): string {
  // Named after the database file: two databases in one folder must not purge each other's.
  return join(dirname(dbFile), `${basename(dbFile)}.staged-exports`);
}

export function stagedExportPath(dbFile: string, id: string, format: ExportFormat): string {
  return join(stagedExportsDir(dbFile), `${id}.${format}`);
}

/** The oldest creation time still kept (ISO). */
export function stagedSince(now: Date): string {
  return new Date(now.getTime() - STAGED_KEEP_DAYS * 86_400_000).toISOString();
}

/**
 * At start: remove the staged files older than STAGED_KEEP_DAYS, saved or not, and any file in
 * the folder no row names (a job whose row was never committed). Rows stay (who asked, who
 * approved, whether it was saved) for the audit trail. Returns how many files were removed.
 */
export function purgeStagedExports(sqlite: BetterSqlite3.Database, dbFile: string, now: Date): number {
  let removed = 0;
  const since = stagedSince(now);
  const keep = new Set<string>();
  for (const r of sqlite.prepare(`SELECT path, created_at, saved_at FROM staged_exports`).all() as { path: string; created_at: string; saved_at: string | null }[]) {
    if (r.created_at >= since && r.saved_at === null) keep.add(r.path);
  }
  let names: string[] = [];
  try {
    names = readdirSync(stagedExportsDir(dbFile));
  } catch {
    return 0;
  }
  const dayAgo = now.getTime() - 86_400_000;
  for (const n of names) {
    const p = join(stagedExportsDir(dbFile), n);
    if (keep.has(p)) continue;
    // A part file belongs to an export being written, unless it is a day old (left by a crash
    // the part-file ledger missed).
    if (n.endsWith('.part')) {
      let mtime = now.getTime();
      try {
        mtime = statSync(p).mtimeMs;
      } catch {
        continue;
      }
      if (mtime > dayAgo) continue;
    }
    rmSync(p, { force: true });
    removed++;
  }
  return removed;
}

/** At start, then every hour while the app runs (an app left open for weeks keeps nothing past its time). */
export function purgeStagedExportsHourly(sqlite: BetterSqlite3.Database, dbFile: string, now: () => Date): void {
  purgeStagedExports(sqlite, dbFile, now());
  const timer = setInterval(() => {
    if (!sqlite.open) {
      clearInterval(timer);
      return;
    }
    try {
      purgeStagedExports(sqlite, dbFile, now());
    } catch {
      // Tried again in an hour.
    }
  }, 3_600_000);
  timer.unref();
}
