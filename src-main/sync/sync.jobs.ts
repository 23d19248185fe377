import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { BundleExportPeer } from '../../src-shared/sync/bundles.contract';
import { BUNDLE_EXTENSION } from '../../src-shared/sync/bundles.contract';
import { writeAudit } from '../audit/audit';
import { WAL_UNTIL_REPORTED, widenJobCache, widenJobWal } from '../jobs/job-cache';
import type { JobCtx, JobImpl, JobParams, JobResult } from '../jobs/job-types';
import { writeFileAtomic } from '../lib/atomic-write';
import { receiveBundle } from './apply';
import { createEnrollment } from './enroll';
import { nodeInfo, peer, peers, type Peer } from './node';
import { createBundle, SyncRefusal } from './outbox';
import { isSystemError } from '../lib/system-error';

/**
 * The sync jobs (README beside this file), run in a worker thread on the job's own connection:
 *
 * * `sync.export`: a bundle for one peer, or at HQ one per active branch, each written
 *   atomically (temp file, fsync, rename).
 * * `sync.import`: one bundle file: checks, then applied whole in one transaction; a cancel
 *   rolls it back (the progress callback is a checkpoint).
 * * `sync.enroll`: HQ enrolls a branch and writes its sealed enrollment file.
 *
 * A refusal (SyncRefusal: a gap, a bad signature, another node's bundle…) is not a crash: the
 * job ends `done` with `{ status: 'failed', failure: <catalogue key>, failureParams: <JSON> }`,
 * as the import jobs do, so the person sees why. Each job writes a closing audit row with the
 * outcome and counts: never personal data, never a path, never a passphrase.
 */
type Sqlite = BetterSqlite3.Database;

/** A bundle file larger than this is refused before it is read (format.ts caps the inflated payload at the same size). */
export const MAX_BUNDLE_FILE_BYTES = 2 * 1024 ** 3;
/** Page cache cap while applying a bundle (limits.md: 41 s with the default cache, 9.3 s with 256 MiB for 500,000 changes). */
const APPLY_CACHE_MIB = 256;

const failed = (key: string, params: Record<string, string | number> = {}): JobResult => ({ status: 'failed', failure: key, failureParams: JSON.stringify(params) });


/** An org unit's code (B01, HQ), or its id when it has none here. */
export function orgCode(sqlite: Sqlite, orgId: string): string {
  return (sqlite.prepare(`SELECT code FROM org_units WHERE id = ?`).pluck().get(orgId) as string | undefined) ?? orgId;
}

/** A peer's org unit code, for names and messages. */
export function peerCode(sqlite: Sqlite, peerId: string): string {
  const p = peer(sqlite, peerId);
  return p ? orgCode(sqlite, p.orgId) : peerId;
}

/** `BD_<fromCode>_to_<peerCode>_<yyyyMMdd-HHmm>.bdsync`, in Beijing time (UTC+8 all year: China has no daylight saving). */
export function bundleFileName(fromCode: string, toCode: string, now: Date): string {
  const t = new Date(now.getTime() + 8 * 3600_000).toISOString();
  const stamp = `${t.slice(0, 4)}${t.slice(5, 7)}${t.slice(8, 10)}-${t.slice(11, 13)}${t.slice(14, 16)}`;
  const safe = (s: string) => s.replace(/[^A-Za-z0-9-]/g, '_');
  return `BD_${safe(fromCode)}_to_${safe(toCode)}_${stamp}.${BUNDLE_EXTENSION}`;
}

/** The name, or name-2, name-3…: a second bundle in the same minute never replaces the first. */
function freeName(dir: string, name: string): string {
  if (!existsSync(join(dir, name))) return name;
  const stem = name.slice(0, -(BUNDLE_EXTENSION.length + 1));
  for (let i = 2; ; i++) {
    const n = `${stem}-${i}.${BUNDLE_EXTENSION}`;
    if (!existsSync(join(dir, n))) return n;
  }
}

function actorOf(ctx: JobCtx): { login: string | null; branchId: string | null } {
  const u = ctx.db.sqlite.prepare(`SELECT login, branch_id FROM users WHERE id = ?`).get(ctx.userId) as { login: string; branch_id: string } | undefined;
  return { login: u?.login ?? null, branchId: u?.branch_id ?? null };
}

async function closingAudit(ctx: JobCtx, action: string, detail: Record<string, string | number | boolean>, failure: string | null): Promise<void> {
  const a = actorOf(ctx);
  await writeAudit(ctx.db.kysely, {
    action,
    outcome: failure ? 'failed' : 'ok',
    actorId: ctx.userId,
    actorLogin: a.login,
    branchId: a.branchId,
    targetType: 'job',
    targetId: ctx.jobId,
    errorCode: failure ? 'REFUSED' : null,
    detail: failure ? { ...detail, reason: failure } : detail,
  });
}

// ------------------------------------------------------------------------------------------
// sync.export

async function exportJob(p: JobParams['sync.export'], ctx: JobCtx): Promise<JobResult> {
  const sqlite = ctx.db.sqlite;
  const node = nodeInfo(sqlite);
  const fail = async (key: string, params: Record<string, string | number> = {}) => {
    await closingAudit(ctx, 'sync.bundle.create.done', { peer: p.peerId ?? 'all' }, key);
    return failed(key, params);
  };
  let targets: Peer[];
  if (p.peerId === null) {
    if (node.role !== 'hq') return fail('error.sync.bundle.allAtBranch');
    targets = peers(sqlite).filter((x) => x.role === 'branch' && x.status === 'active');
    if (targets.length === 0) return fail('error.sync.bundle.noPeers');
  } else {
    const one = peer(sqlite, p.peerId);
    if (!one) return fail('error.sync.peer.unknown');
    targets = [one];
  }
  const fromCode = orgCode(sqlite, node.orgId);
  const done: BundleExportPeer[] = [];
  ctx.progress(0, targets.length, 'export');
  for (const [i, t] of targets.entries()) {
    // Between peers: a cancel keeps the bundles already written (each is whole and valid on its own).
    ctx.checkpoint();
    const code = orgCode(sqlite, t.orgId);
    let b: ReturnType<typeof createBundle>;
    try {
      b = createBundle(sqlite, t.nodeId, ctx.now());
    } catch (e) {
      if (!(e instanceof SyncRefusal)) throw e;
      if (p.peerId !== null) return fail(e.key, e.params);
      done.push({ peerId: t.nodeId, code, file: null, items: 0, bytes: 0, linkFrom: 0, linkTo: 0, ack: 0, failure: e.key });
      continue;
    }
    // createBundle has committed the link numbering and the "last sent" record. If the write
    // below fails nothing is lost: the peer has acknowledged none of it, so the next bundle
    // carries it all again (a bundle holds everything after the peer's last acknowledgement).
    const target = p.path ?? join(p.dir!, freeName(p.dir!, bundleFileName(fromCode, code, ctx.now())));
    try {
      // Readable by others (0644): a shared folder is read by the peer's account; the content is sealed to the peer.
      writeFileAtomic(target, b.file, 0o644);
    } catch (e) {
      if (isSystemError(e)) return fail('error.sync.bundle.writeFailed');
      throw e;
    }
    const m = b.manifest;
    done.push({
      peerId: t.nodeId,
      code,
      file: p.path === null ? basename(target) : null,
      items: m.counts.items,
      bytes: b.file.length,
      linkFrom: m.link.from,
      linkTo: m.link.to,
      ack: m.ack,
      failure: null,
    });
    ctx.progress(i + 1, targets.length, 'export');
  }
  const ok = done.filter((d) => d.failure === null);
  const result = {
    status: 'done',
    bundles: ok.length,
    refused: done.length - ok.length,
    items: ok.reduce((s, d) => s + d.items, 0),
    bytes: ok.reduce((s, d) => s + d.bytes, 0),
    peers: JSON.stringify(done),
  };
  await closingAudit(ctx, 'sync.bundle.create.done', { peer: p.peerId ?? 'all', bundles: result.bundles, refused: result.refused, items: result.items, bytes: result.bytes }, null);
  return result;
}

// ------------------------------------------------------------------------------------------
// sync.import

async function importJob(p: JobParams['sync.import'], ctx: JobCtx): Promise<JobResult> {
  const sqlite = ctx.db.sqlite;
  const fail = async (key: string, params: Record<string, string | number> = {}, peerId = '') => {
    await closingAudit(ctx, 'sync.bundle.receive.done', { peer: peerId }, key);
    return failed(key, params);
  };
  ctx.progress(0, null, 'verify');
  let file: Buffer;
  try {
    const size = statSync(p.path).size;
    // Before reading: a file this large is not a bundle we would accept anyway.
    if (size > MAX_BUNDLE_FILE_BYTES) return await fail('error.sync.bundle.fileTooLarge', { bytes: size, limit: MAX_BUNDLE_FILE_BYTES });
    file = readFileSync(p.path);
  } catch (e) {
    if (isSystemError(e)) return await fail('error.sync.bundle.unreadable');
    throw e;
  }
  const cacheBefore = widenJobCache(ctx, APPLY_CACHE_MIB);
  // One transaction: its commit does not checkpoint; the worker does, after the report.
  widenJobWal(ctx, WAL_UNTIL_REPORTED);
  try {
    // The progress callback runs inside the applying transaction: a cancel there rolls it all back.
    const r = receiveBundle(ctx.db, file, ctx.now, (done, total) => {
      ctx.progress(done, total, 'apply');
      ctx.checkpoint();
    });
    const code = peerCode(sqlite, r.peerId);
    if (r.status === 'duplicate') {
      await closingAudit(ctx, 'sync.bundle.receive.done', { peer: r.peerId, status: 'duplicate' }, null);
      return { status: 'duplicate', bundleId: r.bundleId, peerId: r.peerId, code, linkTo: r.linkTo, ack: r.ack, bytes: file.length };
    }
    const counts = { ops: r.ops, rows: r.rows, applied: r.applied, stale: r.stale, conflicts: r.conflicts, parked: r.parked, purged: r.purged, refusedHqOwned: r.refusedHqOwned, replayed: r.replayed };
    await closingAudit(ctx, 'sync.bundle.receive.done', { peer: r.peerId, status: 'applied', linkTo: r.linkTo, newerSchema: r.newerSchema, ...counts }, null);
    return { status: 'applied', bundleId: r.bundleId, peerId: r.peerId, code, linkTo: r.linkTo, ack: r.ack, newerSchema: r.newerSchema, bytes: file.length, ...counts };
  } catch (e) {
    if (e instanceof SyncRefusal) return await fail(e.key, e.params);
    throw e;
  } finally {
    sqlite.pragma(`cache_size = ${cacheBefore}`);
  }
}

// ------------------------------------------------------------------------------------------
// sync.enroll

async function enrollJob(p: JobParams['sync.enroll'], ctx: JobCtx): Promise<JobResult> {
  const sqlite = ctx.db.sqlite;
  const code = orgCode(sqlite, p.branchId);
  ctx.progress(0, null, 'enroll');
  let e: ReturnType<typeof createEnrollment>;
  try {
    // One transaction around the enrollment and the file: createEnrollment's own transaction
    // becomes a savepoint inside it, so if the file cannot be written (or the job is
    // cancelled) the branch is not left enrolled without a file, which would block a retry.
    e = sqlite
      .transaction(() => {
        const made = createEnrollment(ctx.db, p.branchId, ctx.now(), p.passphrase);
        ctx.checkpoint();
        ctx.progress(0, null, 'write');
        writeFileAtomic(p.path, made.file, 0o600);
        return made;
      })
      .immediate();
  } catch (err) {
    const key = err instanceof SyncRefusal ? err.key : isSystemError(err) ? 'error.sync.enroll.writeFailed' : null;
    if (key === null) throw err;
    await closingAudit(ctx, 'sync.enroll.create.done', { branch: code }, key);
    return failed(key, err instanceof SyncRefusal ? err.params : {});
  }
  await closingAudit(ctx, 'sync.enroll.create.done', { branch: code, nodeId: e.nodeId, customers: e.customers }, null);
  return { status: 'done', nodeId: e.nodeId, code, customers: e.customers, bytes: e.file.length };
}

/** How long a sync job waits for the write lock (the connection's default is 5 s). */
const SYNC_BUSY_TIMEOUT_MS = 120_000;

/**
 * The handlers run one sync job at a time, but a person's job and the shared-folder watch can
 * still meet: applying a big bundle holds the write lock for seconds, and the job's connection
 * would give up after its usual 5 s. A worker may wait: nothing else runs on its thread.
 */
function patient<K extends 'sync.export' | 'sync.import' | 'sync.enroll'>(impl: (p: JobParams[K], ctx: JobCtx) => Promise<JobResult>): JobImpl<K> {
  return async (p, ctx) => {
    const before = ctx.db.sqlite.pragma('busy_timeout', { simple: true }) as number;
    ctx.db.sqlite.pragma(`busy_timeout = ${SYNC_BUSY_TIMEOUT_MS}`);
    try {
      return await impl(p, ctx);
    } finally {
      ctx.db.sqlite.pragma(`busy_timeout = ${before}`);
    }
  };
}

/** The sync jobs, run in the worker thread (job-kinds.ts registers them). */
export const SYNC_JOBS: { 'sync.export': JobImpl<'sync.export'>; 'sync.import': JobImpl<'sync.import'>; 'sync.enroll': JobImpl<'sync.enroll'> } = {
  'sync.export': patient<'sync.export'>(exportJob),
  'sync.import': patient<'sync.import'>(importJob),
  'sync.enroll': patient<'sync.enroll'>(enrollJob),
};
