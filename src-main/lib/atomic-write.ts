import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/**
 * Write a file so that a crash leaves either the old content or the new, never half of it
 * (architecture.md: files we write are written to a temp file, fsynced and renamed). The
 * temp file sits in the same directory, because rename is atomic only within one file system.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  // 'wx': never follow or reuse something already at the temp name.
  const fd = openSync(tmp, 'wx', mode);
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  // The rename itself lives in the directory; fsync it so the new name survives a power cut.
  // Windows cannot open a directory for fsync (and NTFS journals the rename).
  if (process.platform !== 'win32') {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  }
}

/**
 * A file written in full under a temporary name (`part`, in the same folder), made durable and
 * then given its real name: fsync, rename, fsync the folder. The async sibling of
 * `writeFileAtomic`, for files written by streaming (exports) or copied.
 */
export async function fsyncAndRename(part: string, path: string): Promise<void> {
  const fh = await open(part, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(part, path);
  // The rename lives in the directory: fsync it so the name survives a power cut (not on
  // Windows, which cannot open a directory, and whose NTFS journals the rename). Best effort:
  // the file is complete under its name already, and some file systems refuse a directory fsync.
  if (process.platform !== 'win32') {
    try {
      const dh = await open(dirname(path), 'r');
      try {
        await dh.sync();
      } finally {
        await dh.close();
      }
    } catch {
      // See above.
    }
  }
}
