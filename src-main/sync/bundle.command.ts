import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dispatch } from '../ipc/dispatch';
import type { AppContext } from '../ipc/context';
import { CliError, CliPartial, dbOption, englishText, fromRpcError, required, str, withSession, type Command, type Parsed } from '../cli/cli-lib';
import { writeFileAtomic } from '../lib/atomic-write';
import { openDatabase } from '../db/open';
import {
  BUNDLE_EXTENSION,
  exportPeersOf,
  failureParamsOf,
  zBundleExportResult,
  zBundleReceiveResult,
  zEnrollResult,
  type SyncJobFailure,
} from '../../src-shared/sync/bundles.contract';
import { installEnrollment } from './enroll';
import { keyFromRecoveryFile } from './recovery';
import { removeDatabaseFiles } from '../platform/key-store';
import { peers } from './node';
import { SyncRefusal } from './outbox';
import { orgCode } from './sync.jobs';

/**
 * `cli bundle export|import` and `cli enroll create|install`, for scheduled automation at HQ
 * and for setting up a branch. Bundles and enrollment go through the same `dispatch` as the
 * app (permissions `sync.exchange` / `sync.admin`, the audit trail, the same jobs); the
 * command waits for the job and prints its outcome as JSON. A refused bundle exits 1 with the
 * reason in English (`message`) and its catalogue key.
 *
 * `enroll install` makes a new branch database from an enrollment file: no session (there are
 * no users yet); it writes the database key to NEWDB.key (mode 0600), in the key-file format
 * the demo uses (comment lines, then the 64 hex characters), for the CLI and the test host.
 */

type Call = <T>(method: string, input: unknown) => Promise<T>;

function caller(app: AppContext, clientId: string): Call {
  return async <T>(method: string, input: unknown): Promise<T> => {
    const r = await dispatch(app, clientId, method, input);
    if (!r.ok) throw fromRpcError(r.error);
    return r.value as T;
  };
}

/** Wait for a job the call started and give back its result, or fail as the CLI reports it. */
async function jobResult(app: AppContext, call: Call, jobId: string, what: string): Promise<unknown> {
  await app.jobs.wait(jobId);
  const j = await call<{ status: string; errorCode: string | null; result: unknown }>('jobs.get', { id: jobId });
  if (j.status !== 'done') {
    const code = j.status === 'cancelled' ? 'CANCELLED' : (j.errorCode ?? 'INTERNAL');
    throw new CliError(code, `the ${what} ${j.status === 'cancelled' ? 'was cancelled' : `failed (${code})`}`);
  }
  return j.result;
}

function refused(f: SyncJobFailure): CliError {
  const params = failureParamsOf(f);
  return new CliError('REFUSED', englishText(f.failure, params), { key: f.failure, params, exitCode: 1 });
}

/** A peer by branch code (B01), `hq`, or node id. */
function resolvePeer(app: AppContext, to: string): string {
  const sqlite = app.db.sqlite;
  const all = peers(sqlite);
  const byRole = to.toLowerCase() === 'hq' ? all.filter((p) => p.role === 'hq') : [];
  const byCode = all.filter((p) => orgCode(sqlite, p.orgId).toLowerCase() === to.toLowerCase());
  const byId = all.filter((p) => p.nodeId === to);
  // An active one first: a re-enrolled branch keeps its retired node beside the new one.
  const found = [...byRole, ...byCode, ...byId].sort((a, b) => (a.status === b.status ? 0 : a.status === 'active' ? -1 : 1))[0];
  if (!found) throw new CliError('NOT_FOUND', `${englishText('error.sync.peer.unknown')} (${to})`, { key: 'error.sync.peer.unknown', exitCode: 1 });
  return found.nodeId;
}

const usageBundle =
  'bundle export --db FILE --user LOGIN --to PEER --out FILE   (PEER: a branch code such as B01, hq, or a node id; at HQ --to all --out DIR writes one file per branch)\n' +
  '           bundle import --db FILE --user LOGIN FILE   (password from BD_PASSWORD, key from BD_DB_KEY)';

async function bundleExport(args: Parsed): Promise<unknown> {
  const to = required(args, 'to');
  const out = resolve(required(args, 'out'));
  const all = to.toLowerCase() === 'all';
  if (all && !(existsSync(out) && statSync(out).isDirectory())) throw new CliError('USAGE', '--to all writes one file per branch: --out must be an existing folder', { exitCode: 2 });
  if (!all && existsSync(out) && statSync(out).isDirectory()) throw new CliError('USAGE', '--out must be a file name (a folder only with --to all)', { exitCode: 2 });
  const started = Date.now();
  return withSession(args, async (app, clientId) => {
    const call = caller(app, clientId);
    const peerId = all ? 'all' : resolvePeer(app, to);
    // For "all" the handle names a file in the folder the bundles go into (each under its own name).
    const { handle } = app.files.issue(clientId, all ? join(out, `bundles.${BUNDLE_EXTENSION}`) : out, 'write');
    const { jobId } = await call<{ jobId: string }>('sync.bundle.create', { peerId, handle });
    const r = zBundleExportResult.parse(await jobResult(app, call, jobId, 'bundle export'));
    if (r.status === 'failed') throw refused(r);
    const acked = app.db.sqlite.prepare(`SELECT out_acked FROM sync_links WHERE peer_id = ?`).pluck();
    const bundles = exportPeersOf(r).map((p) => ({
      peer: p.code,
      peerId: p.peerId,
      file: p.failure ? null : all ? join(out, p.file ?? '') : out,
      ops: p.items,
      bytes: p.bytes,
      link: { from: p.linkFrom, to: p.linkTo },
      // What each side has applied of the other's link: the acknowledgement vector of this pair.
      acknowledged: { byUs: p.ack, byPeer: (acked.get(p.peerId) as number | undefined) ?? 0 },
      ...(p.failure ? { refused: englishText(p.failure), key: p.failure } : {}),
    }));
    const seconds = Math.round((Date.now() - started) / 10) / 100;
    if (!all) return { ...bundles[0], seconds };
    const result = { dir: out, bundles: r.bundles, refused: r.refused, ops: r.items, bytes: r.bytes, peers: bundles, seconds };
    // A branch refused (its key retired, say): the files written stand, and the exit says not all went.
    return r.refused > 0 ? new CliPartial(result) : result;
  });
}

async function bundleImport(args: Parsed, fileArg: string): Promise<unknown> {
  const file = resolve(fileArg);
  if (!existsSync(file)) throw new CliError('NO_FILE', `no file at ${file}`);
  const started = Date.now();
  return withSession(args, async (app, clientId) => {
    const call = caller(app, clientId);
    const { handle } = app.files.issue(clientId, file, 'read');
    const { jobId } = await call<{ jobId: string }>('sync.bundle.receive', { handle });
    const r = zBundleReceiveResult.parse(await jobResult(app, call, jobId, 'bundle import'));
    if (r.status === 'failed') throw refused(r);
    const seconds = Math.round((Date.now() - started) / 10) / 100;
    const inApplied = app.db.sqlite.prepare(`SELECT in_applied FROM sync_links WHERE peer_id = ?`).pluck().get(r.peerId) as number | undefined;
    const acknowledged = { byPeer: r.ack, byUs: inApplied ?? 0 };
    if (r.status === 'duplicate') {
      return { status: 'duplicate', message: englishText('sync.result.duplicate'), peer: r.code, peerId: r.peerId, bundleId: r.bundleId, bytes: r.bytes, acknowledged, seconds };
    }
    const { status, bundleId, code, peerId, bytes, newerSchema, linkTo: _linkTo, ack: _ack, ...counts } = r;
    return {
      status,
      peer: code,
      peerId,
      bundleId,
      bytes,
      ...counts,
      acknowledged,
      ...(newerSchema ? { newerSchema, notice: englishText('sync.result.newerSchema', { parked: counts.parked }) } : {}),
      seconds,
    };
  });
}

export const bundleCommand: Command = {
  summary: 'write a sync bundle for a peer (or every branch, at HQ), or receive one, as a user',
  usage: usageBundle,
  options: { ...dbOption, user: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } },
  async run(args) {
    const [sub, ...rest] = args.positionals;
    if (sub === 'export') {
      if (rest.length) throw new CliError('USAGE', `bundle export takes no file argument; usage: ${usageBundle}`, { exitCode: 2 });
      return bundleExport(args);
    }
    if (sub === 'import') {
      if (rest.length !== 1) throw new CliError('USAGE', `give the bundle file; usage: ${usageBundle}`, { exitCode: 2 });
      if (str(args, 'to') !== undefined || str(args, 'out') !== undefined) throw new CliError('USAGE', 'bundle import takes no --to or --out', { exitCode: 2 });
      return bundleImport(args, rest[0]!);
    }
    throw new CliError('USAGE', `bundle export or bundle import; usage: ${usageBundle}`, { exitCode: 2 });
  },
};

// ------------------------------------------------------------------------------------------
// enroll

const usageEnroll =
  'enroll create --db FILE --user LOGIN --branch CODE --out FILE   (HQ; prints the one-time passphrase; password from BD_PASSWORD, key from BD_DB_KEY)\n' +
  '           enroll install --file ENROLLMENT --db NEWDB [--passphrase P]   (passphrase also from BD_ENROLL_PASSPHRASE; writes NEWDB.key)\n' +
  '           enroll recover --db FILE --user LOGIN --branch CODE --out FILE   (HQ: a key-recovery file for a branch; recovery passphrase from BD_RECOVERY_PASSPHRASE; prints the one-time passphrase)\n' +
  '           enroll restore-key --file RECOVERY --db BRANCHDB [--passphrase P]   (the branch: writes BRANCHDB.key once the key opens BRANCHDB; passphrase also from BD_ENROLL_PASSPHRASE)';

/** A branch org unit's id by its code (any case): an open one to enroll; a closed one too to recover its key. */
function branchByCode(app: AppContext, code: string, which: 'open' | 'closedToo'): string {
  const org = app.db.sqlite
    .prepare(`SELECT id FROM org_units WHERE kind = 'branch' AND lower(code) = lower(?)${which === 'open' ? ' AND deleted_at IS NULL' : ''}`)
    .pluck()
    .get(code) as string | undefined;
  if (!org) throw new CliError('NOT_FOUND', `no branch with code ${code}`, { key: 'error.sync.enroll.notBranch', exitCode: 1 });
  return org;
}

/** A key file as the demo writes it (comments, then the key), but saying what this key protects. */
function keyFileText(key: string): string {
  return [
    '# BrokerDesk database key (64 hex characters) of the branch database beside this file.',
    '# Anyone with this file and the database can read every customer in it: keep it as safe as',
    '# the database, or move the key into the keychain and delete this file.',
    key.toLowerCase(),
    '',
  ].join('\n');
}

async function enrollCreate(args: Parsed): Promise<unknown> {
  const code = required(args, 'branch');
  const out = resolve(required(args, 'out'));
  if (existsSync(out)) throw new CliError('FILE_EXISTS', `${out} exists: an enrollment file is never overwritten`);
  return withSession(args, async (app, clientId) => {
    const call = caller(app, clientId);
    const org = branchByCode(app, code, 'open');
    const { handle } = app.files.issue(clientId, out, 'write');
    const made = await call<{ jobId: string; passphrase: string; recoveryPassphrase: string | null }>('sync.enroll.create', { branchId: org, handle });
    const r = zEnrollResult.parse(await jobResult(app, call, made.jobId, 'enrollment'));
    if (r.status === 'failed') throw refused(r);
    return {
      file: out,
      branch: r.code,
      nodeId: r.nodeId,
      customers: r.customers,
      bytes: r.bytes,
      // Shown once: read it out to the branch by phone. Not stored anywhere.
      passphrase: made.passphrase,
      ...(made.recoveryPassphrase ? { recoveryPassphrase: made.recoveryPassphrase, recoveryNote: 'the recovery passphrase of the key escrow, shown this once: keep it offline (a safe)' } : {}),
    };
  });
}

/** `--file` (HQ's file), `--db`, the one-time passphrase (`--passphrase` or BD_ENROLL_PASSPHRASE), and the key file beside the database. */
function fromHqFile(args: Parsed): { source: string; file: string; passphrase: string; keyFile: string } {
  const source = resolve(required(args, 'file'));
  const file = resolve(required(args, 'db'));
  const passphrase = str(args, 'passphrase') ?? process.env.BD_ENROLL_PASSPHRASE;
  if (!passphrase) throw new CliError('USAGE', 'give the one-time passphrase: BD_ENROLL_PASSPHRASE (or --passphrase)', { exitCode: 2 });
  if (!existsSync(source)) throw new CliError('NO_FILE', `no file at ${source}`);
  return { source, file, passphrase, keyFile: `${file}.key` };
}

async function enrollInstall(args: Parsed): Promise<unknown> {
  const { source, file, passphrase, keyFile } = fromHqFile(args);
  if (existsSync(file)) throw new CliError('FILE_EXISTS', `${file} exists: enroll install makes a new database and never touches an existing one`);
  if (existsSync(keyFile)) throw new CliError('FILE_EXISTS', `${keyFile} exists: refusing to replace a key file`);
  const removeDb = () => removeDatabaseFiles(file);
  let r: ReturnType<typeof installEnrollment>;
  try {
    r = installEnrollment(file, readFileSync(source), passphrase, new Date());
  } catch (e) {
    removeDb();
    if (e instanceof SyncRefusal) throw new CliError('REFUSED', englishText(e.key, e.params), { key: e.key, params: e.params, exitCode: 1 });
    throw e;
  }
  try {
    writeFileAtomic(keyFile, keyFileText(r.dbKey), 0o600);
  } catch (e) {
    // A database nobody can open is worse than none: the enrollment can be installed again.
    removeDb();
    throw e;
  }
  const db = openDatabase({ file, key: r.dbKey });
  let branch: string;
  try {
    branch = orgCode(db.sqlite, r.orgId);
  } finally {
    db.close();
  }
  return { db: file, keyFile, nodeId: r.nodeId, branch, rows: r.rows };
}

async function enrollRecover(args: Parsed): Promise<unknown> {
  const code = required(args, 'branch');
  const out = resolve(required(args, 'out'));
  const recoveryPassphrase = process.env.BD_RECOVERY_PASSPHRASE;
  if (!recoveryPassphrase) throw new CliError('USAGE', 'give the recovery passphrase of the key escrow in BD_RECOVERY_PASSPHRASE', { exitCode: 2 });
  if (existsSync(out)) throw new CliError('FILE_EXISTS', `${out} exists: a recovery file is never overwritten`);
  return withSession(args, async (app, clientId) => {
    const call = caller(app, clientId);
    const org = branchByCode(app, code, 'closedToo');
    const { handle } = app.files.issue(clientId, out, 'write');
    const made = await call<{ passphrase: string; nodeId: string }>('sync.recovery.create', { branchId: org, recoveryPassphrase, handle });
    // Shown once: read it out to the branch by phone. Not stored anywhere.
    return { file: out, branch: orgCode(app.db.sqlite, org), nodeId: made.nodeId, passphrase: made.passphrase };
  });
}

async function enrollRestoreKey(args: Parsed): Promise<unknown> {
  const { source, file, passphrase, keyFile } = fromHqFile(args);
  if (existsSync(keyFile)) throw new CliError('FILE_EXISTS', `${keyFile} exists: refusing to replace a key file`);
  let key: string;
  try {
    key = keyFromRecoveryFile(file, readFileSync(source), passphrase, new Date());
  } catch (e) {
    if (e instanceof SyncRefusal) throw new CliError('REFUSED', englishText(e.key, e.params), { key: e.key, params: e.params, exitCode: 1 });
    throw e;
  }
  writeFileAtomic(keyFile, keyFileText(key), 0o600);
  return { db: file, keyFile };
}

export const enrollCommand: Command = {
  summary: 'enroll a branch: at HQ write its sealed enrollment file; at the branch make its database from it (and recover a lost database key the same way)',
  usage: usageEnroll,
  options: { ...dbOption, user: { type: 'string' }, branch: { type: 'string' }, out: { type: 'string' }, file: { type: 'string' }, passphrase: { type: 'string' } },
  async run(args) {
    const [sub, ...rest] = args.positionals;
    if (rest.length) throw new CliError('USAGE', `unexpected ${rest.join(' ')}; usage: ${usageEnroll}`, { exitCode: 2 });
    if (sub === 'create') return enrollCreate(args);
    if (sub === 'install') return enrollInstall(args);
    if (sub === 'recover') return enrollRecover(args);
    if (sub === 'restore-key') return enrollRestoreKey(args);
    throw new CliError('USAGE', `enroll create, install, recover or restore-key; usage: ${usageEnroll}`, { exitCode: 2 });
  },
};
