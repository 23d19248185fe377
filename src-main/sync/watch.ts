import { closeSync, openSync, readdirSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { isAbsolute, join, win32 } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { BUNDLE_EXTENSION } from '../../src-shared/sync/bundles.contract';
import type { Role } from '../../src-shared/auth/roles';
import { writeAudit } from '../audit/audit';
import { writeTx } from '../db/tx';
import type { AppContext } from '../ipc/context';
import { checkBundle } from './apply';
import type { Manifest } from './format';
import { SyncRefusal } from './outbox';

/**
 * Shared-folder mode (issue 6): bundles are dropped into a folder both sides can reach (a
 * network share, a synced drive). Every 30 s this node looks there for `*.bdsync` files it has
 * not seen; a bundle whose signed header says it is for us, from a peer we know, and not a
 * duplicate (a newer one that resends only what we applied counts as new: its ops are checked),
 * is received by a `sync.import` job as the user who set the folder (the setting's
 * `updated_by`), exactly as if that user had chosen the file. Our own outgoing bundles, other
 * nodes' bundles and files that are not bundles are left alone.
 *
 * Polling, not fs.watch: change notifications are unreliable or absent on network shares.
 * Seen files are remembered in memory by name, size and modification time, so a file that is
 * replaced or still growing is looked at again. Nothing here reads more than a file's first
 * MiB on the main thread (the signed header); the job reads and applies the whole file.
 */
type Sqlite = BetterSqlite3.Database;

export const FOLDER_POLL_MS = 30_000;
/**
 * A file modified more recently than this may still be being copied in: looked at when it is
 * older, or unchanged since the previous poll (a share's clock may run ahead of ours).
 */
const SETTLE_MS = 5_000;
/** How often a file whose receive ended for a passing reason is tried again. */
const RETRIES = 3;
/** The signed header is at the start and small (a few KiB); this prefix holds it with room to spare. */
const HEADER_PREFIX_BYTES = 1024 * 1024;
/** Who the folder watch's jobs report progress to: no window listens; the status page reads the jobs. */
export const FOLDER_WATCH_CLIENT = 'sync-folder-watch';

export type FolderSetting = { path: string; userId: string | null };

/** The local setting `sync.folder`: a JSON string (the folder's path) or null/absent when off. */
export function syncFolderSetting(sqlite: Sqlite): FolderSetting | null {
  const row = sqlite.prepare(`SELECT value, updated_by FROM settings WHERE key = 'sync.folder'`).get() as { value: string; updated_by: string | null } | undefined;
  if (!row) return null;
  let v: unknown;
  try {
    v = JSON.parse(row.value);
  } catch {
    return null;
  }
  return typeof v === 'string' && v !== '' ? { path: v, userId: row.updated_by } : null;
}

/** Turn shared-folder mode on (`path`) or off (null), as `userId`: the folder's imports run as them. */
export function writeSyncFolder(sqlite: Sqlite, path: string | null, userId: string, now: Date): void {
  if (path === null) {
    sqlite.prepare(`DELETE FROM settings WHERE key = 'sync.folder'`).run();
    return;
  }
  sqlite
    .prepare(`INSERT INTO settings (key, value, updated_at, updated_by) VALUES ('sync.folder', ?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`)
    .run(JSON.stringify(path), now.toISOString(), userId);
}

/**
 * Why `path` cannot be the shared folder (a catalogue key), or null: it must be absolute (a
 * drive path or a \\server\share one on Windows), exist, be a folder, and take a file (one is
 * written and removed: bundles are written there, and a folder we can only read would fail each
 * time instead of once, here).
 */
export function folderProblem(path: string): string | null {
  if (!isAbsolute(path) && !win32.isAbsolute(path)) return 'error.sync.folder.notAbsolute';
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch {
    return 'error.sync.folder.notFound';
  }
  if (!st.isDirectory()) return 'error.sync.folder.notFolder';
  const probe = join(path, `.bd-probe-${randomBytes(6).toString('hex')}`);
  try {
    writeFileSync(probe, '', { flag: 'wx' });
    rmSync(probe, { force: true });
  } catch {
    return 'error.sync.folder.notWritable';
  }
  return null;
}

const SYNC_JOB_KINDS = ['sync.export', 'sync.import', 'sync.enroll'] as const;

/**
 * One sync job at a time (the IPC methods refuse a second, the folder watch waits): applying a
 * bundle holds the write lock for its whole transaction (seconds for a big one), and a second
 * sync job would wait on it past the busy timeout. A row still queued or running that no
 * worker of this process runs was cut off by a restart and does not count.
 */
export function syncJobBusy(app: AppContext): boolean {
  const ids = app.db.sqlite
    .prepare(`SELECT id FROM jobs WHERE kind IN (${SYNC_JOB_KINDS.map(() => '?').join(', ')}) AND status IN ('queued', 'running')`)
    .pluck()
    .all(...SYNC_JOB_KINDS) as string[];
  return ids.some((id) => app.jobs.isLive(id));
}

export type ScanOutcome =
  | { file: string; action: 'received'; jobId: string; peerId: string }
  | { file: string; action: 'skipped'; reason: string };

export type FolderWatch = {
  /** One look at the folder; bundles found are received one after another (each job awaited). */
  scanOnce(): Promise<ScanOutcome[]>;
  /** No further scans; resolves when a scan under way has finished. */
  stop(): Promise<void>;
};

type Candidate = { file: string; path: string; key: string; manifest: Manifest; peerId: string };

function readPrefix(path: string, size: number): Buffer {
  const n = Math.min(size, HEADER_PREFIX_BYTES);
  const buf = Buffer.alloc(n);
  const fd = openSync(path, 'r');
  try {
    let off = 0;
    while (off < n) {
      const got = readSync(fd, buf, off, n - off, off);
      if (got === 0) break;
      off += got;
    }
    return buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

/**
 * The header check on a file's first MiB: who sent it, for whom, and whether it is new. A
 * refusal's key, or the candidate. (The header check reads nothing past the signature.)
 */
function headerOf(sqlite: Sqlite, path: string, size: number): { ok: true; manifest: Manifest; peerId: string } | { ok: false; reason: string } {
  try {
    const c = checkBundle(sqlite, readPrefix(path, size));
    // A newer bundle carrying only what we applied is received all the same: the job checks that
    // its ops are the ones we hold (apply.ts checkBundle `recheck`: an older copy of the peer is refused).
    if (c.duplicate && !c.recheck) return { ok: false, reason: 'duplicate' };
    return { ok: true, manifest: c.manifest, peerId: c.peerId };
  } catch (e) {
    if (e instanceof SyncRefusal) return { ok: false, reason: e.key };
    if (e instanceof Error && typeof (e as NodeJS.ErrnoException).syscall === 'string') return { ok: false, reason: 'unreadable' };
    throw e;
  }
}

type WatchUser = { id: string; login: string; branchId: string };

/** The user the folder's imports run as: the one who set the folder, still active and still allowed to exchange bundles. */
export function watchUser(app: AppContext, userId: string | null): WatchUser | null {
  if (!userId) return null;
  const u = app.db.sqlite.prepare(`SELECT id, login, role, branch_id, status FROM users WHERE id = ? AND deleted_at IS NULL`).get(userId) as
    | { id: string; login: string; role: Role; branch_id: string; status: string }
    | undefined;
  if (!u || u.status !== 'active' || !app.grants.get(u.role)?.has('sync.exchange')) return null;
  return { id: u.id, login: u.login, branchId: u.branch_id };
}

/**
 * Start watching the folder in the setting `sync.folder` (read at each scan, so a change of the
 * setting takes effect at the next one). `intervalMs` 0: no timer, scans only by `scanOnce`
 * (tests). `settleMs`: how old a file's last change must be before it is looked at.
 */
export function startFolderWatch(app: AppContext, opts: { intervalMs?: number; settleMs?: number } = {}): FolderWatch {
  const intervalMs = opts.intervalMs ?? FOLDER_POLL_MS;
  const settleMs = opts.settleMs ?? SETTLE_MS;
  const seen = new Set<string>();
  /** Receives of a file (name+size+mtime) that ended for a passing reason, retried up to RETRIES times. */
  const retried = new Map<string, number>();
  /** Files too fresh at the last poll, by name: their name+size+mtime then. */
  let fresh = new Map<string, string>();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<ScanOutcome[]> | null = null;
  let warnedUser = false;

  async function receive(c: Candidate, user: WatchUser): Promise<string> {
    const committed: (() => void)[] = [];
    const jobId = await writeTx(app.db, user.id, async (tx) => {
      const id = await app.jobs.enqueue(tx, (f) => void committed.push(f), { kind: 'sync.import', params: { path: c.path }, userId: user.id, clientId: FOLDER_WATCH_CLIENT });
      // As the dispatcher audits a person's call: who (the user who set the folder), which peer, and that the folder did it.
      await writeAudit(tx, { action: 'sync.bundle.receive', outcome: 'ok', actorId: user.id, actorLogin: user.login, branchId: user.branchId, targetType: 'job', targetId: id, detail: { via: 'folder', peer: c.peerId } }, app.now());
      return id;
    });
    for (const f of committed) f();
    await app.jobs.wait(jobId);
    return jobId;
  }

  function passing(jobId: string): boolean {
    const j = app.db.sqlite.prepare(`SELECT status, result FROM jobs WHERE id = ?`).get(jobId) as { status: string; result: string | null } | undefined;
    if (!j || j.status === 'failed' || j.status === 'cancelled') return true;
    const r = j.result ? (JSON.parse(j.result) as { status?: string; failure?: string }) : null;
    return r?.status === 'failed' && r.failure === 'error.sync.bundle.unreadable';
  }

  async function scan(): Promise<ScanOutcome[]> {
    const sqlite = app.db.sqlite;
    const setting = syncFolderSetting(sqlite);
    if (!setting) return [];
    const user = watchUser(app, setting.userId);
    if (!user) {
      if (!warnedUser) console.warn('[sync] shared folder is set, but the user who set it may no longer exchange bundles: not receiving');
      warnedUser = true;
      return [];
    }
    warnedUser = false;
    // Another sync job (a person's) is under way: look again next time; nothing is marked seen.
    if (syncJobBusy(app)) return [];
    let names: string[];
    try {
      names = readdirSync(setting.path);
    } catch {
      // An unreachable share is normal (laptop off the network): try again at the next poll.
      return [];
    }
    const out: ScanOutcome[] = [];
    const candidates: Candidate[] = [];
    const nowMs = Date.now();
    const stillFresh = new Map<string, string>();
    for (const file of names.sort()) {
      if (file.startsWith('.') || !file.toLowerCase().endsWith(`.${BUNDLE_EXTENSION}`)) continue;
      const path = join(setting.path, file);
      let st: ReturnType<typeof statSync>;
      try {
        st = statSync(path);
      } catch {
        continue;
      }
      if (!st.isFile()) continue;
      const key = `${file}\u0000${st.size}\u0000${st.mtimeMs}`;
      if (seen.has(key)) continue;
      if (nowMs - st.mtimeMs < settleMs && fresh.get(file) !== key) {
        stillFresh.set(file, key);
        continue;
      }
      seen.add(key);
      const h = headerOf(sqlite, path, st.size);
      // A read that failed (a share's hiccup) is tried again at the next poll.
      if (!h.ok && h.reason === 'unreadable') seen.delete(key);
      if (!h.ok) out.push({ file, action: 'skipped', reason: h.reason });
      else candidates.push({ file, path, key, manifest: h.manifest, peerId: h.peerId });
    }
    fresh = stillFresh;
    // Oldest first; after one is applied a later check may find the next a duplicate (each bundle carries all that is unacknowledged).
    candidates.sort((a, b) => (a.manifest.createdAt < b.manifest.createdAt ? -1 : a.manifest.createdAt > b.manifest.createdAt ? 1 : 0));
    for (const [i, c] of candidates.entries()) {
      // Stopped, or a person started a sync job meanwhile: the rest wait for a later poll.
      if (stopped || syncJobBusy(app)) {
        for (const rest of candidates.slice(i)) seen.delete(rest.key);
        break;
      }
      let st: ReturnType<typeof statSync>;
      try {
        st = statSync(c.path);
      } catch {
        continue;
      }
      const again = headerOf(sqlite, c.path, st.size);
      if (!again.ok) {
        out.push({ file: c.file, action: 'skipped', reason: again.reason });
        continue;
      }
      const jobId = await receive(c, user);
      // Ended by something that passes (a cancel, a crash, the share unreadable for a moment): tried again at the next poll,
      // a few times (a crash that comes back each time is left for a person, as a refusal is).
      if (passing(jobId) && (retried.get(c.key) ?? 0) < RETRIES) {
        retried.set(c.key, (retried.get(c.key) ?? 0) + 1);
        seen.delete(c.key);
      }
      out.push({ file: c.file, action: 'received', jobId, peerId: c.peerId });
    }
    return out;
  }

  const scanOnce = (): Promise<ScanOutcome[]> => {
    if (stopped) return Promise.resolve([]);
    // One scan at a time: a second caller shares the one under way.
    running ??= scan().finally(() => {
      running = null;
    });
    return running;
  };

  const schedule = () => {
    if (stopped || intervalMs <= 0) return;
    timer = setTimeout(() => {
      timer = null;
      scanOnce()
        .catch((e: unknown) => console.error(`[sync] shared folder scan failed: ${e instanceof Error ? e.name : 'unknown error'}`))
        .finally(schedule);
    }, intervalMs);
    // The watch alone must not keep a process (CLI, tests) alive.
    timer.unref();
  };
  schedule();

  return {
    scanOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
