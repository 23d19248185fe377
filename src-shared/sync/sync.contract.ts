import { z } from 'zod';
import { method } from '../rpc/define';
import { zEmpty, zId, zOk } from '../lib/common';

/**
 * Sync status per peer, the conflict inbox, keys and sync settings (issue 6). Bundles and
 * enrollment (jobs) are in bundles.contract.ts.
 */

export const NODE_ROLES = ['hq', 'branch'] as const;
export const PEER_STATUSES = ['active', 'retired'] as const;
export const PARKED_REASONS = ['drift', 'table', 'column'] as const;
export const CONFLICT_STATUSES = ['open', 'kept', 'replaced'] as const;
export const RESOLVE_CHOICES = ['keep', 'loser', 'value'] as const;
export type NodeRoleName = (typeof NODE_ROLES)[number];
export type ConflictStatus = (typeof CONFLICT_STATUSES)[number];
export type ResolveChoice = (typeof RESOLVE_CHOICES)[number];

/** Days without a bundle from a peer before its row warns (the `sync.warnDays` setting). */
export const WARN_DAYS_MIN = 1;
export const WARN_DAYS_MAX = 90;

/** A key's public facts: never key material. */
export const zSyncKey = z.object({ keyId: z.string(), createdAt: z.string(), retiredAt: z.string().nullable() });
export type SyncKeyDto = z.infer<typeof zSyncKey>;

export const zSyncPeer = z.object({
  nodeId: z.string(),
  orgId: z.string(),
  orgCode: z.string().nullable(),
  orgName: z.string().nullable(),
  role: z.enum(NODE_ROLES),
  status: z.enum(PEER_STATUSES),
  enrolledAt: z.string(),
  /** The last bundle we wrote for the peer: when, and the link sequence it carried up to. */
  lastSentAt: z.string().nullable(),
  lastSentLinkTo: z.number().int().nullable(),
  lastReceivedAt: z.string().nullable(),
  /** Highest link sequence assigned on our link to the peer, and the highest the peer acknowledged. */
  outSeq: z.number().int(),
  outAcked: z.number().int(),
  /** Highest contiguous link sequence applied from the peer. */
  inApplied: z.number().int(),
  /** Assigned to the link but not acknowledged: out_seq - out_acked (exact). */
  pendingAssigned: z.number().int(),
  /**
   * Ops written since the link was last extended, not yet assigned. Exact at a branch (it sends
   * all it originates); at HQ an upper bound (routing may leave some out), see `pendingUnassignedExact`.
   */
  pendingUnassigned: z.number().int(),
  pendingUnassignedExact: z.boolean(),
  /** Whole days since the last bundle received from the peer (since enrollment when none yet). */
  daysSinceExchange: z.number().int(),
  warn: z.boolean(),
  keys: z.array(zSyncKey),
});
export type SyncPeerDto = z.infer<typeof zSyncPeer>;

export const zSyncStatus = z.object({
  node: z.object({
    nodeId: z.string(),
    role: z.enum(NODE_ROLES),
    orgId: z.string(),
    orgCode: z.string().nullable(),
    orgName: z.string().nullable(),
    /** Own key pairs (public facts only); `signing` is the one that signs what we send now. */
    keys: z.array(zSyncKey.extend({ signing: z.boolean() })),
    /** A rotation waiting for every active peer to use the new key. */
    rotation: z.object({ keyId: z.string(), startedAt: z.string(), peersDone: z.number().int(), peersTotal: z.number().int() }).nullable(),
  }),
  warnDays: z.number().int(),
  /** Shared-folder mode is on (setting `sync.folder`; the path itself stays in main). */
  sharedFolder: z.boolean(),
  peers: z.array(zSyncPeer),
  parked: z.object({ drift: z.number().int(), table: z.number().int(), column: z.number().int() }),
  /** Log size from index ranges (no count over millions of rows): an upper bound. */
  log: z.object({ ops: z.number().int(), history: z.number().int() }),
  /** Open conflicts the caller may see. */
  conflictsOpen: z.number().int(),
});
export type SyncStatusDto = z.infer<typeof zSyncStatus>;

/** One side of a conflict: the value as shown (personal data masked), who wrote it, when (from its clock). */
export const zConflictSide = z.object({ value: z.string().nullable(), authorName: z.string().nullable(), at: z.string() });

export const zConflict = z.object({
  id: z.string(),
  table: z.string(),
  rowId: z.string(),
  /** The column as captured (`phone`) and as a DTO field name (`phone2`, `birthDate`). */
  column: z.string(),
  field: z.string(),
  /** What the row is, for a person: the customer's name (as lists show it) and number, or a user's name. */
  label: z.string().nullable(),
  customerId: z.string().nullable(),
  customerNo: z.string().nullable(),
  /** The value that stands (won by clock) and the concurrent one that lost. */
  winner: zConflictSide,
  loser: zConflictSide,
  detectedAt: z.string(),
  status: z.enum(CONFLICT_STATUSES),
  resolvedByName: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  /** "Take the other" and "type a value" are offered (a customer field a person edits). */
  editable: z.boolean(),
  /** The field was changed again after the conflict (the winner shown is no longer the value). */
  changedSince: z.boolean(),
  /** When changed since: the field's value now, as shown (masked like the sides). */
  nowValue: z.string().nullable(),
  /** The field's clock as listed: a resolution that writes a value says it decided on this (`seen`). */
  cellClock: z.string().nullable(),
});
export type ConflictDto = z.infer<typeof zConflict>;

export const zConflictListInput = z
  .object({
    status: z.enum(['open', 'resolved']).default('open'),
    after: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();

/** A typed value: text (dates as YYYY-MM-DD), a list (preferred varieties), or null to clear. */
export const zConflictValue = z.union([z.string().max(2000, { error: 'validation.tooLong' }), z.array(z.string().max(40)).max(20), z.boolean(), z.null()]);

export const zConflictResolve = z
  .object({
    id: zId,
    choice: z.enum(RESOLVE_CHOICES),
    value: zConflictValue.optional(),
    /**
     * "Take the other" and "type a value": the field's clock the person decided on (`cellClock`
     * as listed). Changed since (a bundle received meanwhile), the write is refused: it would
     * overwrite an edit nobody has seen.
     */
    seen: z.string().max(100).nullable().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.choice !== 'keep' && v.seen === undefined) ctx.addIssue({ code: 'custom', path: ['seen'], message: 'validation.required' });
    if (v.choice === 'value' && v.value === undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: 'validation.required' });
    if (v.choice !== 'value' && v.value !== undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: 'error.sync.inbox.valueNotExpected' });
  });

export const zSyncSettings = z.object({ warnDays: z.number().int().min(WARN_DAYS_MIN).max(WARN_DAYS_MAX) });
export type SyncSettingsDto = z.infer<typeof zSyncSettings>;

/**
 * Shared-folder mode (setting `sync.folder`): bundles dropped into the folder are received by
 * the folder watch, as the user who set it (who must still be allowed to exchange bundles:
 * `receiving` false when not); "put in the shared folder" writes bundles there.
 */
export const zSyncFolder = z.object({ path: z.string().nullable(), setBy: z.string().nullable(), receiving: z.boolean() });
export type SyncFolderDto = z.infer<typeof zSyncFolder>;
export const SYNC_FOLDER_PATH_MAX = 1024;

export const syncContract = {
  'sync.status': method({ kind: 'query', access: 'sync.view', input: zEmpty, output: zSyncStatus }),
  'sync.conflicts.list': method({
    kind: 'query',
    access: 'sync.conflicts',
    input: zConflictListInput,
    output: z.object({ rows: z.array(zConflict), nextCursor: z.string().nullable() }),
  }),
  'sync.conflicts.resolve': method({
    kind: 'mutation',
    access: 'sync.conflicts',
    input: zConflictResolve,
    output: z.object({ id: z.string(), status: z.enum(CONFLICT_STATUSES) }),
  }),
  'sync.keys.rotate': method({ kind: 'mutation', access: 'sync.admin', input: zEmpty, output: zSyncKey }),
  'sync.peers.retireKey': method({ kind: 'mutation', access: 'sync.admin', input: z.object({ keyId: z.string().min(1).max(64) }).strict(), output: zOk }),
  'sync.peers.retire': method({ kind: 'mutation', access: 'sync.admin', input: z.object({ nodeId: z.string().min(1).max(64) }).strict(), output: zOk }),
  'sync.settings.get': method({ kind: 'query', access: 'sync.view', input: zEmpty, output: zSyncSettings }),
  'sync.settings.set': method({ kind: 'mutation', access: 'sync.admin', input: zSyncSettings.strict(), output: zSyncSettings }),
  'sync.folder.get': method({ kind: 'query', access: 'sync.exchange', input: zEmpty, output: zSyncFolder }),
  /** `path` null turns shared-folder mode off. The folder must exist and take a file. */
  'sync.folder.set': method({ kind: 'mutation', access: 'sync.exchange', input: z.object({ path: z.string().trim().min(1).max(SYNC_FOLDER_PATH_MAX).nullable() }).strict(), output: zSyncFolder }),
} as const;
