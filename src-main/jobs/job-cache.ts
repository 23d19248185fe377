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
