import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { receiveBundle } from '../../src-main/sync/apply';
import { dispatch } from '../../src-main/ipc/dispatch';
import { createBundle } from '../../src-main/sync/outbox';
import { startFolderWatch, type FolderWatch } from '../../src-main/sync/watch';
import { makeIdNumber, makeTestApp, type TestApp } from '../helpers/app';
import { enrollBranch, type SyncNode } from './nodes';

/**
 * Shared-folder mode at a branch: bundles dropped into the folder of the setting `sync.folder`
 * are received by a job as the user who set the folder; what is not for us is left alone.
 */
let hq: TestApp;
let b1: SyncNode;
let b2: SyncNode;
let folder: string;
let watch: FolderWatch | null = null;
let serial = 0;

beforeEach(async () => {
  hq = await makeTestApp();
  b1 = await enrollBranch(hq, hq.org.b1, 'b1');
  b2 = await enrollBranch(hq, hq.org.b2, 'b2');
  folder = join(hq.dir, 'shared');
  mkdirSync(folder);
});
afterEach(async () => {
  await watch?.stop();
  watch = null;
  b1.close();
  b2.close();
  hq.close();
});

function setFolder(node: SyncNode, path: string | null, byLogin: string): void {
  node.db.sqlite
    .prepare(`INSERT INTO settings (key, value, updated_at, updated_by) VALUES ('sync.folder', ?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by`)
    .run(JSON.stringify(path), new Date().toISOString(), hq.users[byLogin]!.id);
}

/** A customer of B01 made at HQ, and HQ's bundle for B01 carrying it, dropped into the folder. */
async function hqBundleForB1(name: string): Promise<{ id: string; file: Buffer }> {
  const hqop = await hq.login('hqop');
  const c = await hq.ok(hqop, 'customers.create', { customerNo: String(600000000 + ++serial), name: '周九', idType: 'resident_id', idNo: makeIdNumber('19850505', serial), phone: '13800138000', branchId: hq.org.b1 });
  const b = createBundle(hq.db.sqlite, b1.db.nodeId, new Date());
  writeFileSync(join(folder, name), b.file);
  return { id: (c as { id: string }).id, file: b.file };
}

const has = (id: string) => b1.db.sqlite.prepare(`SELECT count(*) FROM customers WHERE id = ?`).pluck().get(id) === 1;

describe('shared-folder mode', () => {
  it('receives the bundle addressed to this node as the user who set the folder, and leaves the rest', async () => {
    setFolder(b1, folder, 'op1');
    const { id } = await hqBundleForB1('BD_HQ_to_B01_20250301-0930.bdsync');
    writeFileSync(join(folder, 'BD_HQ_to_B02_20250301-0930.bdsync'), createBundle(hq.db.sqlite, b2.db.nodeId, new Date()).file);
    writeFileSync(join(folder, 'BD_B01_to_HQ_20250301-0930.bdsync'), createBundle(b1.db.sqlite, hq.db.nodeId, new Date()).file);
    writeFileSync(join(folder, 'junk.bdsync'), 'not a bundle');
    writeFileSync(join(folder, 'notes.txt'), 'hello');
    watch = startFolderWatch(b1.app, { intervalMs: 0, settleMs: 0 });

    const out = await watch.scanOnce();
    expect(out).toEqual([
      // Our own outgoing bundle: addressed to HQ (and signed by a key that is not a peer's).
      { file: 'BD_B01_to_HQ_20250301-0930.bdsync', action: 'skipped', reason: 'error.sync.bundle.notForUs' },
      { file: 'BD_HQ_to_B02_20250301-0930.bdsync', action: 'skipped', reason: 'error.sync.bundle.notForUs' },
      { file: 'junk.bdsync', action: 'skipped', reason: 'error.sync.bundle.notBundle' },
      { file: 'BD_HQ_to_B01_20250301-0930.bdsync', action: 'received', jobId: expect.any(String), peerId: hq.db.nodeId },
    ]);
    expect(has(id)).toBe(true);
    const jobId = (out[3] as { jobId: string }).jobId;
    expect(b1.db.sqlite.prepare(`SELECT created_by, status, json_extract(result, '$.status') AS r FROM jobs WHERE id = ?`).get(jobId)).toEqual({ created_by: hq.users.op1!.id, status: 'done', r: 'applied' });
    const audit = b1.db.sqlite.prepare(`SELECT actor_login, detail FROM audit_log WHERE action = 'sync.bundle.receive'`).get() as { actor_login: string; detail: string };
    expect(audit.actor_login).toBe('op1');
    expect(JSON.parse(audit.detail)).toEqual({ via: 'folder', peer: hq.db.nodeId });

    // Seen files are not looked at again; a new bundle is.
    expect(await watch.scanOnce()).toEqual([]);
    const next = await hqBundleForB1('BD_HQ_to_B01_20250301-1000.bdsync');
    expect(await watch.scanOnce()).toEqual([{ file: 'BD_HQ_to_B01_20250301-1000.bdsync', action: 'received', jobId: expect.any(String), peerId: hq.db.nodeId }]);
    expect(has(next.id)).toBe(true);

    // One received by hand already: a duplicate, left alone.
    const third = await hqBundleForB1('BD_HQ_to_B01_20250301-1030.bdsync');
    expect(receiveBundle(b1.db, third.file, () => new Date()).status).toBe('applied');
    expect(await watch.scanOnce()).toEqual([{ file: 'BD_HQ_to_B01_20250301-1030.bdsync', action: 'skipped', reason: 'duplicate' }]);

    // A newer bundle resending only what B01 applied (HQ has no acknowledgement yet): received, so
    // that its ops are checked against the ones B01 holds (from an older copy of HQ they would differ); a duplicate.
    const resend = createBundle(hq.db.sqlite, b1.db.nodeId, new Date());
    expect(resend.manifest.link.from).toBeLessThanOrEqual(resend.manifest.link.to);
    writeFileSync(join(folder, 'BD_HQ_to_B01_20250301-1100.bdsync'), resend.file);
    const [got] = await watch.scanOnce();
    expect(got).toEqual({ file: 'BD_HQ_to_B01_20250301-1100.bdsync', action: 'received', jobId: expect.any(String), peerId: hq.db.nodeId });
    expect(b1.db.sqlite.prepare(`SELECT status, json_extract(result, '$.status') AS r FROM jobs WHERE id = ?`).get((got as { jobId: string }).jobId)).toEqual({ status: 'done', r: 'duplicate' });
  });

  it('receives nothing when the user who set the folder may not exchange bundles, or no folder is set', async () => {
    const { id } = await hqBundleForB1('BD_HQ_to_B01_20250301-0930.bdsync');
    watch = startFolderWatch(b1.app, { intervalMs: 0, settleMs: 0 });
    expect(await watch.scanOnce()).toEqual([]);
    setFolder(b1, null, 'op1');
    expect(await watch.scanOnce()).toEqual([]);
    setFolder(b1, folder, 'am1');
    expect(await watch.scanOnce()).toEqual([]);
    expect(has(id)).toBe(false);
    expect(b1.db.sqlite.prepare(`SELECT count(*) FROM jobs`).pluck().get()).toBe(0);
    // The setting is read at each scan: set by an operator, the same file is received.
    setFolder(b1, folder, 'op1');
    expect((await watch.scanOnce()).map((o) => o.action)).toEqual(['received']);
    expect(has(id)).toBe(true);
  });

  it('is set and turned off through sync.folder.set, which says why a path cannot be the folder; only those who exchange bundles may', async () => {
    const op = await b1.login('op1');
    const refused = async (path: string) => {
      const r = await dispatch(b1.app, op, 'sync.folder.set', { path });
      return r.ok ? 'ok' : r.error.issues?.[0]?.message;
    };
    expect(await refused('shared')).toBe('error.sync.folder.notAbsolute');
    expect(await refused(join(folder, 'missing'))).toBe('error.sync.folder.notFound');
    writeFileSync(join(folder, 'a-file'), '');
    expect(await refused(join(folder, 'a-file'))).toBe('error.sync.folder.notFolder');
    expect(await b1.ok(op, 'sync.folder.get', {})).toEqual({ path: null, setBy: null, receiving: false });
    const am = await b1.login('am1');
    expect(await dispatch(b1.app, am, 'sync.folder.set', { path: folder })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    expect(await b1.ok(op, 'sync.folder.set', { path: folder })).toEqual({ path: folder, setBy: '孙运营', receiving: true });
    expect(await b1.ok(op, 'sync.status', {})).toMatchObject({ sharedFolder: true });
    // The probe file written to check the folder is gone.
    expect(readdirSync(folder).sort()).toEqual(['a-file']);
    const { id } = await hqBundleForB1('BD_HQ_to_B01_20250301-0930.bdsync');
    watch = startFolderWatch(b1.app, { intervalMs: 0, settleMs: 0 });
    expect((await watch.scanOnce()).map((o) => o.action)).toEqual(['received']);
    expect(has(id)).toBe(true);
    // Audited without the path.
    const audit = b1.db.sqlite.prepare(`SELECT detail FROM audit_log WHERE action = 'sync.folder.set' AND outcome = 'ok' ORDER BY id`).pluck().all() as string[];
    expect(audit.map((d) => JSON.parse(d))).toEqual([{ on: true }]);
    expect(audit.join()).not.toContain(folder);

    expect(await b1.ok(op, 'sync.folder.set', { path: null })).toEqual({ path: null, setBy: null, receiving: false });
    expect(await b1.ok(op, 'sync.status', {})).toMatchObject({ sharedFolder: false });
    await hqBundleForB1('BD_HQ_to_B01_20250302-0930.bdsync');
    expect(await watch.scanOnce()).toEqual([]);
  });

  it('a bundle whose receive failed for a passing reason (the share unreadable for a moment) is tried again at the next poll', async () => {
    setFolder(b1, folder, 'op1');
    const name = 'BD_HQ_to_B01_20250301-0930.bdsync';
    const { id } = await hqBundleForB1(name);
    const path = join(folder, name);
    // The file goes away between the watch's look at its header and the job's read of it (moved aside: it keeps its time).
    const enqueue = b1.app.jobs.enqueue.bind(b1.app.jobs);
    const spy = vi.spyOn(b1.app.jobs, 'enqueue').mockImplementationOnce((...args: Parameters<typeof enqueue>) => {
      renameSync(path, `${path}.away`);
      return enqueue(...args);
    });
    watch = startFolderWatch(b1.app, { intervalMs: 0, settleMs: 0 });
    const [first] = await watch.scanOnce();
    expect(first).toMatchObject({ action: 'received' });
    expect(JSON.parse(b1.db.sqlite.prepare(`SELECT result FROM jobs WHERE id = ?`).pluck().get((first as { jobId: string }).jobId) as string)).toMatchObject({ status: 'failed', failure: 'error.sync.bundle.unreadable' });
    expect(has(id)).toBe(false);
    spy.mockRestore();
    // Back, the same name, size and time: received this time.
    renameSync(`${path}.away`, path);
    expect((await watch.scanOnce()).map((o) => o.action)).toEqual(['received']);
    expect(has(id)).toBe(true);
  });

  it('polls on its own; a file changed just now (perhaps still being copied) waits until a poll finds it unchanged', async () => {
    setFolder(b1, folder, 'op1');
    const { id } = await hqBundleForB1('BD_HQ_to_B01_20250301-0930.bdsync');
    // Polls at about 300 ms and 600 ms; the file is far younger than settleMs at both.
    watch = startFolderWatch(b1.app, { intervalMs: 300, settleMs: 60_000 });
    await new Promise((r) => setTimeout(r, 450));
    expect(has(id)).toBe(false);
    const deadline = Date.now() + 20_000;
    while (!has(id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(has(id)).toBe(true);
    await watch.stop();
    // Stopped: a new bundle stays where it is.
    const later = await hqBundleForB1('BD_HQ_to_B01_20250301-1000.bdsync');
    await new Promise((r) => setTimeout(r, 1000));
    expect(has(later.id)).toBe(false);
  });
});
