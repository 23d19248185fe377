import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { bundlesContract } from '../../src-shared/sync/bundles.contract';
import { AppError, fieldError } from '../../src-shared/rpc/errors';
import type { AppContext } from '../ipc/context';
import type { HandlersFor } from '../ipc/types';
import { writeFileAtomic } from '../lib/atomic-write';
import { isSystemError } from '../lib/system-error';
import { generatePassphrase } from './crypto';
import { ensureRecoveryKey } from './enroll';
import { nodeInfo, peer, peers } from './node';
import { SyncRefusal } from './outbox';
import { createRecoveryFile } from './recovery';
import { syncFolderSetting, syncJobBusy } from './watch';

/**
 * Bundles and enrollment as jobs (sync.jobs.ts runs them in a worker). Quick checks here give a
 * clear error at once (another node's role, an unknown or retired peer, no shared folder); the
 * job checks again on its own connection. The dispatcher audits each call (peer, where it
 * goes); the job adds a closing row with the outcome and counts. No personal data, no path,
 * never a passphrase.
 */

function notBusy(app: AppContext): void {
  if (syncJobBusy(app)) throw new AppError('CONFLICT', 'error.sync.busy');
}

export const bundlesHandlers = {
  'sync.bundle.create': async (input, { app, db, actor, clientId, audit, afterCommit }) => {
    const sqlite = app.db.sqlite;
    const node = nodeInfo(sqlite);
    let peerId: string | null = null;
    // A branch's user signed in at HQ exchanges for their own branch only, as the status page shows them only its peer.
    const ownBranchOnly = node.role === 'hq' && actor.orgKind === 'branch';
    if (input.peerId === 'all') {
      if (node.role !== 'hq') throw new AppError('CONFLICT', 'error.sync.bundle.allAtBranch');
      if (ownBranchOnly) throw new AppError('OUT_OF_SCOPE', 'error.sync.bundle.otherBranch');
      if (!peers(sqlite).some((p) => p.role === 'branch' && p.status === 'active')) throw new AppError('CONFLICT', 'error.sync.bundle.noPeers');
    } else {
      const p = peer(sqlite, input.peerId);
      if (!p) throw new AppError('NOT_FOUND', 'error.sync.peer.unknown');
      if (ownBranchOnly && p.orgId !== actor.branchId) throw new AppError('OUT_OF_SCOPE', 'error.sync.bundle.otherBranch');
      if (p.status !== 'active') throw new AppError('CONFLICT', 'error.sync.peer.retired');
      peerId = p.nodeId;
    }
    let path: string | null = null;
    let dir: string | null = null;
    if (input.handle !== undefined) {
      const chosen = app.files.resolve(input.handle, clientId, 'write').path;
      // "All branches": one file per branch, each under its own name, in the chosen file's folder.
      if (peerId === null) dir = dirname(chosen);
      else path = chosen;
    } else {
      const folder = syncFolderSetting(sqlite);
      if (!folder) throw fieldError(['toFolder'], 'error.sync.folder.notSet');
      dir = folder.path;
    }
    notBusy(app);
    const jobId = await app.jobs.enqueue(db, afterCommit, { kind: 'sync.export', params: { peerId, path, dir }, userId: actor.userId, clientId });
    audit.targetType = 'job';
    audit.targetId = jobId;
    audit.detail = { peer: input.peerId, to: input.handle !== undefined ? 'file' : 'folder' };
    return { jobId };
  },

  'sync.bundle.receive': async (input, { app, db, actor, clientId, audit, afterCommit }) => {
    const { path } = app.files.resolve(input.handle, clientId, 'read');
    notBusy(app);
    const jobId = await app.jobs.enqueue(db, afterCommit, { kind: 'sync.import', params: { path }, userId: actor.userId, clientId });
    audit.targetType = 'job';
    audit.targetId = jobId;
    audit.detail = { via: 'file' };
    return { jobId };
  },

  'sync.enroll.create': async (input, { app, db, actor, clientId, audit, afterCommit }) => {
    const sqlite = app.db.sqlite;
    if (nodeInfo(sqlite).role !== 'hq') throw new AppError('CONFLICT', 'error.sync.enroll.notHq');
    const org = await db.selectFrom('org_units').select(['kind', 'deleted_at']).where('id', '=', input.branchId).executeTakeFirst();
    if (!org || org.kind !== 'branch' || org.deleted_at !== null) throw fieldError(['branchId'], 'error.sync.enroll.notBranch');
    if (sqlite.prepare(`SELECT 1 FROM sync_peers WHERE org_id = ? AND status = 'active'`).get(input.branchId) !== undefined) {
      throw new AppError('CONFLICT', 'error.sync.enroll.already');
    }
    const { path } = app.files.resolve(input.handle, clientId, 'write');
    notBusy(app);
    // The escrow's recovery key pair, made at the first enrollment in this call's transaction, so
    // its passphrase can be shown with this answer; only its sealed private key is stored.
    const recovery = ensureRecoveryKey(sqlite);
    // Made here, so it can be shown now while the job builds the file; the job gets it in its
    // params, which live in memory only (job-runner.ts writes no params to the jobs row).
    const passphrase = generatePassphrase();
    const jobId = await app.jobs.enqueue(db, afterCommit, { kind: 'sync.enroll', params: { branchId: input.branchId, path, passphrase }, userId: actor.userId, clientId });
    audit.targetType = 'org_unit';
    audit.targetId = input.branchId;
    audit.detail = { job: jobId, recoveryKeyCreated: recovery.created !== null };
    return { jobId, passphrase, recoveryPassphrase: recovery.created };
  },

  'sync.recovery.create': async (input, { app, db, actor, clientId, audit, afterRollback }) => {
    const sqlite = app.db.sqlite;
    if (nodeInfo(sqlite).role !== 'hq') throw new AppError('CONFLICT', 'error.sync.enroll.notHq');
    // The file opens a branch's whole database: only the head office's own staff make one.
    if (actor.orgKind !== 'hq') throw new AppError('FORBIDDEN', 'error.FORBIDDEN');
    const org = await db.selectFrom('org_units').select(['kind']).where('id', '=', input.branchId).executeTakeFirst();
    if (!org || org.kind !== 'branch') throw fieldError(['branchId'], 'error.sync.enroll.notBranch');
    const { path } = app.files.resolve(input.handle, clientId, 'write');
    audit.targetType = 'org_unit';
    audit.targetId = input.branchId;
    let made: ReturnType<typeof createRecoveryFile>;
    try {
      made = createRecoveryFile(sqlite, input.branchId, input.recoveryPassphrase, app.now());
    } catch (e) {
      if (e instanceof SyncRefusal && e.key === 'error.sync.recovery.badPassphrase') throw fieldError(['recoveryPassphrase'], e.key);
      if (e instanceof SyncRefusal) throw new AppError('NOT_FOUND', e.key);
      throw e;
    }
    try {
      writeFileAtomic(path, made.file, 0o600);
    } catch (e) {
      if (isSystemError(e)) throw new AppError('CONFLICT', 'error.sync.recovery.writeFailed');
      throw e;
    }
    // Written before the audit row commits (a write that fails is this call's error). Should the
    // commit fail, the file goes: its passphrase is in no answer, and no audit row would name it.
    afterRollback?.(() => rmSync(path, { force: true }));
    audit.detail = { nodeId: made.nodeId };
    return { passphrase: made.passphrase, nodeId: made.nodeId };
  },
} satisfies HandlersFor<typeof bundlesContract>;
