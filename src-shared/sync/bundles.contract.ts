import { z } from 'zod';
import { method } from '../rpc/define';
import { zFileHandle } from '../files/files.contract';
import { zId } from '../lib/common';

/**
 * Bundles and enrollment (issue 6): create and receive bundles (jobs), enroll a branch.
 * Owned by the bundles work; src-shared/sync/sync.contract.ts holds status and the inbox.
 *
 * Each method starts a job and answers its id; progress comes as `job.progress` events, the
 * outcome from `jobs.get` as a flat result, parsed with the schemas below. A refused bundle is
 * a job that ends `done` with `status: 'failed'` and the catalogue key of the reason
 * (`failure`, `failureParams` as JSON), so the reason reaches the person, not just a code.
 */

/** A sync node id (16 hex characters today; the schema allows what a later version may use). */
export const zNodeId = z.string().regex(/^[0-9A-Za-z_-]{1,64}$/, { error: 'validation.sync.nodeId' });

/** The name of every bundle file ends so; the shared folder is scanned for it. */
export const BUNDLE_EXTENSION = 'bdsync';
/** An enrollment file's extension. */
export const ENROLLMENT_EXTENSION = 'bdenroll';
/** A key-recovery file's extension. */
export const RECOVERY_EXTENSION = 'bdkey';

const count = z.number().int().nonnegative();

/** How a refused or failed sync job ends: the reason's catalogue key and its params (a JSON object of strings and numbers). */
export const zSyncJobFailure = z.object({ status: z.literal('failed'), failure: z.string(), failureParams: z.string() });
export type SyncJobFailure = z.infer<typeof zSyncJobFailure>;

/** One peer's bundle as `sync.export` wrote it (or why not): carried in the result's `peers` (JSON). */
export const zBundleExportPeer = z.object({
  peerId: z.string(),
  /** The peer's org unit code (B01, HQ). */
  code: z.string(),
  /** The generated file name (a shared folder or "all branches"); null when the caller chose the file. */
  file: z.string().nullable(),
  items: count,
  bytes: count,
  /** link_seq range carried; from > to: nothing new, an acknowledgement only. */
  linkFrom: count,
  linkTo: count,
  /** What we acknowledge of the peer's link to us. */
  ack: count,
  /** Set when this peer's bundle was refused (e.g. `error.sync.peer.noKey`); the counts are then 0. */
  failure: z.string().nullable(),
});
export type BundleExportPeer = z.infer<typeof zBundleExportPeer>;

export const zBundleExportResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('done'), bundles: count, refused: count, items: count, bytes: count, peers: z.string() }),
  zSyncJobFailure,
]);
export type BundleExportResult = z.infer<typeof zBundleExportResult>;

export function exportPeersOf(r: Extract<BundleExportResult, { status: 'done' }>): BundleExportPeer[] {
  return z.array(zBundleExportPeer).parse(JSON.parse(r.peers));
}

const zApplyCounts = {
  /** ops and snapshot rows the bundle carried */
  ops: count,
  rows: count,
  /** cells and rows written; older values not applied; concurrent edits sent to the inbox; ops parked; rows purged (moved away) */
  applied: count,
  stale: count,
  conflicts: count,
  parked: count,
  purged: count,
  refusedHqOwned: count,
  /** parked ops applied now (an upgrade, or the clock caught up) */
  replayed: count,
};

export const zBundleReceiveResult = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('applied'),
    bundleId: z.string(),
    peerId: z.string(),
    code: z.string(),
    linkTo: count,
    /** What the sender acknowledged of our link. */
    ack: count,
    /** The sender runs a newer schema: what this version does not know is parked until the update. */
    newerSchema: z.boolean(),
    bytes: count,
    ...zApplyCounts,
  }),
  /** Received before: nothing changed. */
  z.object({ status: z.literal('duplicate'), bundleId: z.string(), peerId: z.string(), code: z.string(), linkTo: count, ack: count, bytes: count }),
  zSyncJobFailure,
]);
export type BundleReceiveResult = z.infer<typeof zBundleReceiveResult>;

export const zEnrollResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('done'), nodeId: z.string(), code: z.string(), customers: count, bytes: count }),
  zSyncJobFailure,
]);
export type EnrollResult = z.infer<typeof zEnrollResult>;

/** The params of a failed sync job's reason. */
export function failureParamsOf(f: SyncJobFailure): Record<string, string | number> {
  return z.record(z.string(), z.union([z.string(), z.number()])).parse(JSON.parse(f.failureParams));
}

export const bundlesContract = {
  /**
   * Write a bundle for one peer (a node id from the status page), or at HQ for every active
   * branch (`all`). Where: a write handle from files.chooseSave (for `all`, the bundles go into
   * that file's folder, each under its own name), or `toFolder`: the shared folder
   * (setting `sync.folder`).
   */
  'sync.bundle.create': method({
    kind: 'mutation',
    access: 'sync.exchange',
    input: z
      .object({
        peerId: z.union([z.literal('all'), zNodeId]),
        handle: zFileHandle.optional(),
        toFolder: z.boolean().default(false),
      })
      .strict()
      .refine((v) => (v.handle !== undefined) !== v.toFolder, { error: 'validation.sync.target', path: ['handle'] }),
    output: z.object({ jobId: z.string() }),
  }),

  /** Receive a bundle file (a read handle from files.chooseOpen): verified, then applied whole or not at all. */
  'sync.bundle.receive': method({
    kind: 'mutation',
    access: 'sync.exchange',
    input: z.object({ handle: zFileHandle }).strict(),
    output: z.object({ jobId: z.string() }),
  }),

  /**
   * HQ: enroll a branch org unit, writing its enrollment file to a write handle. The one-time
   * passphrase (and, at the first enrollment, the recovery passphrase of the key escrow) is in
   * this answer only: it is never stored, logged or audited. Read it out by phone.
   */
  'sync.enroll.create': method({
    kind: 'mutation',
    access: 'sync.admin',
    input: z.object({ branchId: zId, handle: zFileHandle }).strict(),
    output: z.object({ jobId: z.string(), passphrase: z.string(), recoveryPassphrase: z.string().nullable() }),
  }),

  /**
   * HQ: a key-recovery file for a branch whose database key is lost (its key file, or the
   * keychain that sealed it): the branch's escrowed key, opened with the recovery passphrase
   * shown at the first enrollment and sealed again with a new one-time passphrase, which is in
   * this answer only. The recovery passphrase is never stored, logged or audited.
   */
  'sync.recovery.create': method({
    kind: 'mutation',
    access: 'sync.admin',
    input: z.object({ branchId: zId, recoveryPassphrase: z.string().trim().min(1, { error: 'validation.required' }).max(200), handle: zFileHandle }).strict(),
    output: z.object({ passphrase: z.string(), nodeId: z.string() }),
  }),
} as const satisfies Record<string, ReturnType<typeof method>>;
