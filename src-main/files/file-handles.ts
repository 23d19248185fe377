import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { statSync } from 'node:fs';
import { AppError } from '../../src-shared/rpc/errors';
import type { FileInfo } from '../../src-shared/files/files.contract';

type Entry = { path: string; name: string; mode: 'read' | 'write'; clientId: string; createdAt: number };

/**
 * Opaque file handles: the renderer never sees or sends a path. A handle belongs to the
 * client (window or browser session) it was issued to, for as long as its session lasts, and
 * expires after a day.
 */
export class FileHandles {
  private readonly entries = new Map<string, Entry>();
  private static readonly TTL_MS = 24 * 3600 * 1000;

  issue(clientId: string, path: string, mode: 'read' | 'write', name = basename(path)): FileInfo {
    const handle = `fh_${randomBytes(16).toString('base64url')}`;
    this.entries.set(handle, { path, name, mode, clientId, createdAt: Date.now() });
    return this.info(handle, clientId);
  }

  /** The path behind a handle, for main-process code only. */
  resolve(handle: string, clientId: string, mode: 'read' | 'write'): { path: string; name: string } {
    const e = this.entries.get(handle);
    if (!e || e.clientId !== clientId || Date.now() - e.createdAt > FileHandles.TTL_MS) {
      throw new AppError('NOT_FOUND', 'error.files.unknownHandle');
    }
    if (e.mode !== mode) throw new AppError('FORBIDDEN', 'error.files.wrongMode');
    return { path: e.path, name: e.name };
  }

  /** A client's handles, when its session ends: the next user of the window gets none of them. */
  forgetClient(clientId: string): void {
    for (const [handle, e] of this.entries) if (e.clientId === clientId) this.entries.delete(handle);
  }

  info(handle: string, clientId: string): FileInfo {
    const e = this.entries.get(handle);
    if (!e || e.clientId !== clientId) throw new AppError('NOT_FOUND', 'error.files.unknownHandle');
    let size: number | null = null;
    try {
      size = statSync(e.path).size;
    } catch {
      size = null;
    }
    return { handle, name: e.name, size, mode: e.mode };
  }
}
