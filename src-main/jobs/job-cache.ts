import { statSync } from 'node:fs';
import type { JobCtx } from './job-types';

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
