import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/db/open';
import { dispatch } from '../../src-main/ipc/dispatch';
import { installEnrollment } from '../../src-main/sync/enroll';
import { recoverBranchKey } from '../../src-main/sync/recovery';
import { exportPeersOf, zBundleExportResult, zBundleReceiveResult, zEnrollResult, failureParamsOf } from '../../src-shared/sync/bundles.contract';
import { makeIdNumber, makeTestApp, type TestApp } from '../helpers/app';
import { enrollBranch, nodeOf, type SyncNode } from './nodes';

/**
 * Bundles and enrollment through `dispatch` and the jobs, as the app runs them: permissions,
 * the handlers' checks, the worker thread, the results the renderer and the CLI read.
 */
type Node = Pick<SyncNode, 'app' | 'db' | 'ok'> & { dir: string };

let hq: TestApp | null = null;
const nodes: SyncNode[] = [];
afterEach(() => {
  for (const n of nodes.splice(0)) n.close();
  hq?.close();
  hq = null;
});

async function branch(t: TestApp, orgId: string, name: string): Promise<SyncNode> {
  const n = await enrollBranch(t, orgId, name);
  nodes.push(n);
  return n;
}

async function login(n: Pick<SyncNode, 'ok'>, who: string, tag: string): Promise<string> {
  const clientId = `${tag}-${who}`;
  await n.ok(clientId, 'auth.login', { login: who, password: 'Passw0rd-test' });
  return clientId;
}

/** Run a sync method that starts a job; wait for it; its row. */
async function job(n: Node, clientId: string, jobId: string) {
  await n.app.jobs.wait(jobId);
  const j = await n.ok(clientId, 'jobs.get', { id: jobId });
  expect(j.status).toBe('done');
  return j.result;
}

async function makeBundle(n: Node, clientId: string, peerId: string, file: string) {
  const { handle } = n.app.files.issue(clientId, file, 'write');
  const { jobId } = await n.ok(clientId, 'sync.bundle.create', { peerId, handle });
  return zBundleExportResult.parse(await job(n, clientId, jobId));
}

async function receive(n: Node, clientId: string, file: string) {
  const { handle } = n.app.files.issue(clientId, file, 'read');
  const { jobId } = await n.ok(clientId, 'sync.bundle.receive', { handle });
  return zBundleReceiveResult.parse(await job(n, clientId, jobId));
}

const asNode = (t: TestApp): Node => ({ app: t.app, db: t.db, ok: t.ok, dir: t.dir });
const branchNode = (n: SyncNode, dir: string): Node => ({ app: n.app, db: n.db, ok: n.ok, dir });

describe('bundles through dispatch and jobs', () => {
  it('a customer made at the branch reaches HQ in a bundle the branch operator writes and the HQ operator receives; receiving it again is a duplicate', async () => {
    hq = await makeTestApp();
    const b1 = await branch(hq, hq.org.b1, 'b1');
    const am = await login(b1, 'am1', 'b1');
    const c = await b1.ok(am, 'customers.create', { customerNo: '300000001', name: '张三丰', idType: 'resident_id', idNo: makeIdNumber('19800101', 7), phone: '13800138000', branchId: hq.org.b1 });
    const id = (c as { id: string }).id;

    const op1 = await login(b1, 'op1', 'b1');
    const file = join(hq.dir, 'b1-to-hq.bdsync');
    const made = await makeBundle(branchNode(b1, hq.dir), op1, hq.db.nodeId, file);
    expect(made.status).toBe('done');
    if (made.status !== 'done') return;
    expect({ bundles: made.bundles, refused: made.refused }).toEqual({ bundles: 1, refused: 0 });
    expect(made.bytes).toBe(statSync(file).size);
    const [p] = exportPeersOf(made);
    // The branch's link carries its own ops only: the customer's insert.
    expect(p).toMatchObject({ peerId: hq.db.nodeId, code: 'HQ', file: null, linkFrom: 1, failure: null });
    expect(p!.items).toBe(p!.linkTo);
    expect(p!.items).toBeGreaterThanOrEqual(1);

    const hqop = await hq.login('hqop');
    const got = await receive(asNode(hq), hqop, file);
    expect(got).toMatchObject({ status: 'applied', peerId: b1.db.nodeId, code: 'B01', linkTo: p!.linkTo, newerSchema: false, conflicts: 0, parked: 0 });
    expect(hq.db.sqlite.prepare(`SELECT name FROM customers WHERE id = ?`).pluck().get(id)).toBe('张三丰');

    const again = await receive(asNode(hq), hqop, file);
    expect(again).toMatchObject({ status: 'duplicate', peerId: b1.db.nodeId, code: 'B01' });

    // Audited by the dispatcher (the call) and the job (the outcome): peer and counts, nothing personal.
    const audit = hq.db.sqlite.prepare(`SELECT action, outcome, detail FROM audit_log WHERE action LIKE 'sync.%' ORDER BY at, rowid`).all() as { action: string; outcome: string; detail: string }[];
    expect(audit.map((a) => `${a.action}:${a.outcome}`)).toEqual(['sync.bundle.receive:ok', 'sync.bundle.receive.done:ok', 'sync.bundle.receive:ok', 'sync.bundle.receive.done:ok']);
    expect(JSON.parse(audit[1]!.detail)).toMatchObject({ peer: b1.db.nodeId, status: 'applied', applied: got.status === 'applied' ? got.applied : -1 });
    expect(audit.map((a) => a.detail).join()).not.toContain('张三丰');
    const bAudit = b1.db.sqlite.prepare(`SELECT detail FROM audit_log WHERE action = 'sync.bundle.create'`).pluck().get() as string;
    expect(JSON.parse(bAudit)).toEqual({ peer: hq.db.nodeId, to: 'file' });
  });

  it('an account manager may neither write nor receive a bundle, and only an administrator enrolls (FORBIDDEN)', async () => {
    hq = await makeTestApp();
    const am = await hq.login('am1');
    const file = join(hq.dir, 'x.bdsync');
    const w = hq.app.files.issue(am, file, 'write').handle;
    const cr = await hq.call(am, 'sync.bundle.create', { peerId: 'all', handle: w });
    expect(cr.ok ? 'ok' : cr.error.code).toBe('FORBIDDEN');
    const r = hq.app.files.issue(am, file, 'read').handle;
    const rec = await hq.call(am, 'sync.bundle.receive', { handle: r });
    expect(rec.ok ? 'ok' : rec.error.code).toBe('FORBIDDEN');
    const op = await hq.login('hqop');
    const e = await hq.call(op, 'sync.enroll.create', { branchId: hq.org.b2, handle: hq.app.files.issue(op, join(hq.dir, 'b2.bdenroll'), 'write').handle });
    expect(e.ok ? 'ok' : e.error.code).toBe('FORBIDDEN');
    expect(hq.db.sqlite.prepare(`SELECT count(*) FROM jobs`).pluck().get()).toBe(0);
  });

  it('HQ enrolls a branch through a job: the passphrases are in the answer only, a failed write leaves it unenrolled, the file installs, the escrow opens with the recovery passphrase', async () => {
    hq = await makeTestApp();
    const admin = await hq.login('admin');
    // A file that cannot be written leaves the branch not enrolled (so it can be retried).
    const lost = await hq.ok(admin, 'sync.enroll.create', { branchId: hq.org.b2, handle: hq.app.files.issue(admin, join(hq.dir, 'no-such-dir', 'b2.bdenroll'), 'write').handle });
    expect(await job(asNode(hq), admin, lost.jobId)).toMatchObject({ status: 'failed', failure: 'error.sync.enroll.writeFailed' });
    expect(hq.db.sqlite.prepare(`SELECT count(*) FROM sync_peers`).pluck().get()).toBe(0);
    expect(hq.db.sqlite.prepare(`SELECT count(*) FROM sync_escrow`).pluck().get()).toBe(0);
    const out = join(hq.dir, 'b2.bdenroll');
    const made = await hq.ok(admin, 'sync.enroll.create', { branchId: hq.org.b2, handle: hq.app.files.issue(admin, out, 'write').handle });
    expect(made.passphrase).toMatch(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){5}$/);
    // The recovery key pair was made by the first (failed) call; its passphrase was shown then.
    expect(lost.recoveryPassphrase).not.toBeNull();
    expect(made.recoveryPassphrase).toBeNull();
    const r = zEnrollResult.parse(await job(asNode(hq), admin, made.jobId));
    expect(r).toMatchObject({ status: 'done', code: 'B02', customers: 0 });
    if (r.status !== 'done') return;
    expect(statSync(out).size).toBe(r.bytes);
    expect(statSync(out).mode & 0o777).toBe(0o600);

    // Neither passphrase is anywhere in HQ's database (jobs row, audit, settings, state).
    hq.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const everything = JSON.stringify(
      (hq.db.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'`).pluck().all() as string[]).map((t) => hq!.db.sqlite.prepare(`SELECT * FROM "${t}"`).raw(true).all()),
    );
    expect(everything).not.toContain(made.passphrase);
    expect(everything).not.toContain(lost.recoveryPassphrase!);
    expect(everything).not.toContain(made.passphrase.replace(/-/g, ''));

    const file = join(hq.dir, 'b2.db');
    const inst = installEnrollment(file, readFileSync(out), made.passphrase.toLowerCase().replace(/-/g, ' '), new Date());
    expect(inst.nodeId).toBe(r.nodeId);
    expect(recoverBranchKey(hq.db.sqlite, r.nodeId, lost.recoveryPassphrase!)).toBe(inst.dbKey);
    const b2 = await nodeOf('b2', openDatabase({ file, key: inst.dbKey }), file, inst.dbKey);
    nodes.push(b2);

    // Once only: the branch is enrolled; the recovery key exists (no new recovery passphrase for the next branch).
    const twice = await hq.call(admin, 'sync.enroll.create', { branchId: hq.org.b2, handle: hq.app.files.issue(admin, join(hq.dir, 'again.bdenroll'), 'write').handle });
    expect(twice.ok ? 'ok' : twice.error.message).toBe('error.sync.enroll.already');
    const next = await hq.ok(admin, 'sync.enroll.create', { branchId: hq.org.b1, handle: hq.app.files.issue(admin, join(hq.dir, 'b1.bdenroll'), 'write').handle });
    expect(next.recoveryPassphrase).toBeNull();
    expect(next.passphrase).not.toBe(made.passphrase);
    expect(lost.passphrase).not.toBe(made.passphrase);
    expect(zEnrollResult.parse(await job(asNode(hq), admin, next.jobId))).toMatchObject({ status: 'done', code: 'B01' });
    // An HQ org unit is not a branch.
    const notBranch = await hq.call(admin, 'sync.enroll.create', { branchId: hq.org.hq, handle: hq.app.files.issue(admin, join(hq.dir, 'hq.bdenroll'), 'write').handle });
    expect(notBranch.ok ? 'ok' : notBranch.error.issues?.[0]?.message).toBe('error.sync.enroll.notBranch');

    // At a branch the administrator (an HQ user, present there as master data) cannot enroll.
    const atBranch = await login(b2, 'admin', 'b2');
    const refused = await dispatch(b2.app, atBranch, 'sync.enroll.create', { branchId: hq.org.b2, handle: b2.app.files.issue(atBranch, join(hq.dir, 'x.bdenroll'), 'write').handle });
    expect(refused.ok ? 'ok' : refused.error.message).toBe('error.sync.enroll.notHq');
  });

  it('a recovery file whose call does not commit is taken back: no .bdkey is left whose passphrase nobody was shown', async () => {
    hq = await makeTestApp();
    const admin = await hq.login('admin');
    const made = await hq.ok(admin, 'sync.enroll.create', { branchId: hq.org.b2, handle: hq.app.files.issue(admin, join(hq.dir, 'b2.bdenroll'), 'write').handle });
    expect(zEnrollResult.parse(await job(asNode(hq), admin, made.jobId))).toMatchObject({ status: 'done' });
    const out = join(hq.dir, 'b2.bdkey');
    const create = () => hq!.call(admin, 'sync.recovery.create', { branchId: hq!.org.b2, recoveryPassphrase: made.recoveryPassphrase!, handle: hq!.app.files.issue(admin, out, 'write').handle });
    // The call's closing audit row fails, so its transaction rolls back after the file was written.
    hq.db.sqlite.exec(`CREATE TEMP TRIGGER no_audit BEFORE INSERT ON main.audit_log WHEN NEW.action = 'sync.recovery.create' BEGIN SELECT RAISE(ABORT, 'audit refused'); END`);
    const failed = await create();
    expect(failed.ok ? 'ok' : failed.error.code).toBe('INTERNAL');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(hq.dir).filter((f) => f.includes('bdkey'))).toEqual([]);
    hq.db.sqlite.exec(`DROP TRIGGER temp.no_audit`);
    const ok = await create();
    expect(ok.ok).toBe(true);
    expect(existsSync(out)).toBe(true);
  });

  it('"all branches" at HQ writes one file per active branch into the chosen folder; each applies at its branch, and at another branch it is refused', async () => {
    hq = await makeTestApp();
    const b1 = await branch(hq, hq.org.b1, 'b1');
    const b2 = await branch(hq, hq.org.b2, 'b2');
    const hqop = await hq.login('hqop');
    const c = await hq.ok(hqop, 'customers.create', { customerNo: '300000009', name: '李四', idType: 'resident_id', idNo: makeIdNumber('19750505', 9), phone: '13800138009', branchId: hq.org.b2 });
    const dir = join(hq.dir, 'out');
    mkdirSync(dir);
    const made = await makeBundle(asNode(hq), hqop, 'all', join(dir, 'chosen.bdsync'));
    expect(made.status).toBe('done');
    if (made.status !== 'done') return;
    expect({ bundles: made.bundles, refused: made.refused }).toEqual({ bundles: 2, refused: 0 });
    const names = readdirSync(dir).sort();
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^BD_HQ_to_B01_\d{8}-\d{4}\.bdsync$/);
    expect(names[1]).toMatch(/^BD_HQ_to_B02_\d{8}-\d{4}\.bdsync$/);
    expect(existsSync(join(dir, 'chosen.bdsync'))).toBe(false);
    const peers = exportPeersOf(made);
    expect(peers.map((p) => [p.code, p.file])).toEqual([
      ['B01', names[0]],
      ['B02', names[1]],
    ]);
    // B01 gets nothing of B02's customer: its link carries nothing new; B02's carries the insert.
    expect(peers[0]!.items).toBe(0);
    expect(peers[1]!.items).toBeGreaterThanOrEqual(1);

    const op1 = await login(b1, 'op1', 'b1');
    // Nothing new for B01 and no acknowledgement to carry: a no-op, reported as such.
    const atB1 = await receive(branchNode(b1, hq.dir), op1, join(dir, names[0]!));
    expect(atB1.status).toBe('duplicate');
    const op2b = await login(b2, 'admin', 'b2');
    expect(await receive(branchNode(b2, hq.dir), op2b, join(dir, names[1]!))).toMatchObject({ status: 'applied', code: 'HQ' });
    expect(b2.db.sqlite.prepare(`SELECT name FROM customers WHERE id = ?`).pluck().get((c as { id: string }).id)).toBe('李四');
    // B02's bundle at B01: refused before anything is read, and the job says why.
    const wrong = await receive(branchNode(b1, hq.dir), op1, join(dir, names[1]!));
    expect(wrong).toMatchObject({ status: 'failed', failure: 'error.sync.bundle.notForUs' });
    if (wrong.status === 'failed') expect(failureParamsOf(wrong)).toEqual({ to: b2.db.nodeId });

    // "All" is HQ's: at a branch it is refused at once.
    const allAtBranch = await dispatch(b1.app, op1, 'sync.bundle.create', { peerId: 'all', handle: b1.app.files.issue(op1, join(dir, 'x.bdsync'), 'write').handle });
    expect(allAtBranch.ok ? 'ok' : allAtBranch.error.message).toBe('error.sync.bundle.allAtBranch');
  });

  it("a branch's operator signed in at HQ makes bundles for their own branch only, never another's or all (OUT_OF_SCOPE, the link untouched)", async () => {
    hq = await makeTestApp();
    const b1 = await branch(hq, hq.org.b1, 'b1');
    const b2 = await branch(hq, hq.org.b2, 'b2');
    const op = await hq.login('op1');
    const handle = () => hq!.app.files.issue(op, join(hq!.dir, `x${Math.random()}.bdsync`), 'write').handle;
    const refused = async (peerId: string) => {
      const r = await hq!.call(op, 'sync.bundle.create', { peerId, handle: handle() });
      return r.ok ? 'ok' : `${r.error.code} ${r.error.message}`;
    };
    expect(await refused(b2.db.nodeId)).toBe('OUT_OF_SCOPE error.sync.bundle.otherBranch');
    expect(await refused('all')).toBe('OUT_OF_SCOPE error.sync.bundle.otherBranch');
    expect(hq.db.sqlite.prepare(`SELECT out_seq, last_sent_at FROM sync_links WHERE peer_id = ?`).get(b2.db.nodeId)).toEqual({ out_seq: 0, last_sent_at: null });
    const { jobId } = await hq.ok(op, 'sync.bundle.create', { peerId: b1.db.nodeId, handle: handle() });
    expect(zBundleExportResult.parse(await job(asNode(hq), op, jobId)).status).toBe('done');
  });

  it('the target is a file or the shared folder, one of the two; the shared folder must be set; an unknown peer is NOT_FOUND', async () => {
    hq = await makeTestApp();
    const b1 = await branch(hq, hq.org.b1, 'b1');
    const hqop = await hq.login('hqop');
    const handle = hq.app.files.issue(hqop, join(hq.dir, 'x.bdsync'), 'write').handle;
    const both = await hq.call(hqop, 'sync.bundle.create', { peerId: b1.db.nodeId, handle, toFolder: true });
    expect(both.ok ? 'ok' : both.error.issues?.map((i) => i.message)).toEqual(['validation.sync.target']);
    const neither = await hq.call(hqop, 'sync.bundle.create', { peerId: b1.db.nodeId });
    expect(neither.ok ? 'ok' : neither.error.issues?.map((i) => i.message)).toEqual(['validation.sync.target']);
    const noFolder = await hq.call(hqop, 'sync.bundle.create', { peerId: b1.db.nodeId, toFolder: true });
    expect(noFolder.ok ? 'ok' : noFolder.error.issues?.map((i) => i.message)).toEqual(['error.sync.folder.notSet']);
    const unknown = await hq.call(hqop, 'sync.bundle.create', { peerId: '0123456789abcdef', handle });
    expect(unknown.ok ? 'ok' : `${unknown.error.code} ${unknown.error.message}`).toBe('NOT_FOUND error.sync.peer.unknown');

    // With the folder set, the bundle goes there under its generated name.
    const folder = join(hq.dir, 'shared');
    mkdirSync(folder);
    hq.db.sqlite.prepare(`INSERT INTO settings (key, value, updated_at, updated_by) VALUES ('sync.folder', ?, ?, ?)`).run(JSON.stringify(folder), new Date().toISOString(), hq.users.hqop!.id);
    const { jobId } = await hq.ok(hqop, 'sync.bundle.create', { peerId: b1.db.nodeId, toFolder: true });
    const r = zBundleExportResult.parse(await job(asNode(hq), hqop, jobId));
    expect(r.status).toBe('done');
    expect(readdirSync(folder)).toEqual([expect.stringMatching(/^BD_HQ_to_B01_\d{8}-\d{4}\.bdsync$/)]);
  });
});
