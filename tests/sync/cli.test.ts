import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/cli';
import { readKeyFile } from '../../src-main/demo/demo-files';
import { openDatabase } from '../../src-main/db/open';
import { retirePeerKey } from '../../src-main/sync/node';
import { writeTxSync } from '../../src-main/db/tx';
import { makeIdNumber, makeTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app';
import { flip, regions } from './bundle-fixtures';

/**
 * `cli enroll` and `cli bundle` in-process (runCli), as HQ's scheduled automation runs them:
 * each command opens its own connection, signs in through dispatch, runs the job in a worker
 * thread and prints JSON; a refused bundle exits 1 with the reason in English.
 */
let hq: TestApp;
const saved = { key: process.env.BD_DB_KEY, password: process.env.BD_PASSWORD, pass: process.env.BD_ENROLL_PASSPHRASE, recovery: process.env.BD_RECOVERY_PASSPHRASE };

type Out = { code: number; out: Record<string, unknown> | null; err: { error: { code: string; message: string; key?: string; params?: Record<string, unknown> } } | null };
async function cli(key: string | null, args: string[]): Promise<Out> {
  if (key) process.env.BD_DB_KEY = key;
  else delete process.env.BD_DB_KEY;
  let out = '';
  let err = '';
  const code = await runCli(args, (s) => (out += s), (s) => (err += s));
  return { code, out: out ? (JSON.parse(out) as Record<string, unknown>) : null, err: err ? (JSON.parse(err) as Out['err']) : null };
}

beforeAll(async () => {
  hq = await makeTestApp();
  process.env.BD_PASSWORD = TEST_PASSWORD;
});
afterAll(() => {
  for (const [k, v] of [['BD_DB_KEY', saved.key], ['BD_PASSWORD', saved.password], ['BD_ENROLL_PASSPHRASE', saved.pass], ['BD_RECOVERY_PASSPHRASE', saved.recovery]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  hq.close();
});

describe('cli enroll and bundle', () => {
  let branchDb: string;
  let branchKey: string;
  let enrollFile: string;
  let recoveryPassphrase: string;

  it('enroll create at HQ prints the one-time passphrase; enroll install makes the branch database and its key file', async () => {
    const file = join(hq.dir, 'b2.bdenroll');
    const made = await cli(hq.key, ['enroll', 'create', '--db', hq.file, '--user', 'admin', '--branch', 'b02', '--out', file]);
    expect(made.err).toBeNull();
    expect(made.code).toBe(0);
    expect(made.out).toMatchObject({ file, branch: 'B02', customers: 0, bytes: statSync(file).size });
    const passphrase = made.out!.passphrase as string;
    expect(passphrase).toMatch(/^([2-9A-Z]{4}-){5}[2-9A-Z]{4}$/);
    expect(typeof made.out!.recoveryPassphrase).toBe('string');
    recoveryPassphrase = made.out!.recoveryPassphrase as string;
    enrollFile = file;

    branchDb = join(hq.dir, 'b2.db');
    const wrong = await cli(null, ['enroll', 'install', '--file', file, '--db', branchDb, '--passphrase', 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF']);
    expect(wrong.code).toBe(1);
    expect(wrong.err!.error).toMatchObject({ code: 'REFUSED', key: 'error.sync.enroll.badPassphrase', message: 'The one-time passphrase is wrong' });
    expect(existsSync(branchDb)).toBe(false);

    process.env.BD_ENROLL_PASSPHRASE = passphrase.toLowerCase();
    const inst = await cli(null, ['enroll', 'install', '--file', file, '--db', branchDb]);
    expect(inst.err).toBeNull();
    expect(inst.out).toMatchObject({ db: branchDb, keyFile: `${branchDb}.key`, nodeId: made.out!.nodeId, branch: 'B02' });
    expect(statSync(`${branchDb}.key`).mode & 0o777).toBe(0o600);
    branchKey = readKeyFile(`${branchDb}.key`);
    const again = await cli(null, ['enroll', 'install', '--file', file, '--db', branchDb]);
    expect(again.err!.error.code).toBe('FILE_EXISTS');
  });

  it('a lost key: enroll recover at HQ (with the recovery passphrase) and restore-key at the branch write the same key file back; wrong passphrases, files and databases are refused', async () => {
    const keyFile = `${branchDb}.key`;
    const before = readFileSync(keyFile, 'utf8');
    rmSync(keyFile);
    const out = join(hq.dir, 'b2.bdkey');
    process.env.BD_RECOVERY_PASSPHRASE = 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF';
    const wrong = await cli(hq.key, ['enroll', 'recover', '--db', hq.file, '--user', 'admin', '--branch', 'B02', '--out', out]);
    expect(wrong.code).toBe(1);
    expect(wrong.err!.error).toMatchObject({ code: 'VALIDATION' });
    expect(JSON.stringify(wrong.err)).toContain('error.sync.recovery.badPassphrase');
    expect(existsSync(out)).toBe(false);
    // An account manager may not (sync.admin).
    process.env.BD_RECOVERY_PASSPHRASE = recoveryPassphrase;
    const am = await cli(hq.key, ['enroll', 'recover', '--db', hq.file, '--user', 'am1', '--branch', 'B02', '--out', out]);
    expect(am.err!.error.code).toBe('FORBIDDEN');
    const made = await cli(hq.key, ['enroll', 'recover', '--db', hq.file, '--user', 'admin', '--branch', 'b02', '--out', out]);
    expect(made.err).toBeNull();
    expect(made.out).toMatchObject({ file: out, branch: 'B02' });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const passphrase = made.out!.passphrase as string;
    expect(passphrase).toMatch(/^([2-9A-Z]{4}-){5}[2-9A-Z]{4}$/);
    // HQ's audit names the branch's node, never a passphrase.
    const audit = JSON.stringify(hq.db.sqlite.prepare(`SELECT * FROM audit_log WHERE action = 'sync.recovery.create'`).all());
    expect(audit).toContain(made.out!.nodeId as string);
    expect(audit).not.toContain(passphrase);
    expect(audit).not.toContain(recoveryPassphrase);

    const restore = (file: string, db: string, pass: string) => cli(null, ['enroll', 'restore-key', '--file', file, '--db', db, '--passphrase', pass]);
    expect((await restore(out, branchDb, 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF')).err!.error).toMatchObject({ code: 'REFUSED', key: 'error.sync.enroll.badPassphrase' });
    expect((await restore(out, hq.file, passphrase)).err!.error).toMatchObject({ code: 'REFUSED', key: 'error.sync.recovery.otherDatabase' });
    expect((await restore(enrollFile, branchDb, process.env.BD_ENROLL_PASSPHRASE!)).err!.error).toMatchObject({ code: 'REFUSED', key: 'error.sync.recovery.notRecovery' });
    // Nor does the recovery file pass for an enrollment.
    const asEnroll = await cli(null, ['enroll', 'install', '--file', out, '--db', join(hq.dir, 'x.db'), '--passphrase', passphrase]);
    expect(asEnroll.err!.error).toMatchObject({ code: 'REFUSED', key: 'error.sync.enroll.notEnrollment' });
    expect(existsSync(keyFile)).toBe(false);

    const ok = await restore(out, branchDb, passphrase.toLowerCase());
    expect(ok.err).toBeNull();
    expect(ok.out).toEqual({ db: branchDb, keyFile });
    expect(readFileSync(keyFile, 'utf8')).toBe(before);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect((await restore(out, branchDb, passphrase)).err!.error.code).toBe('FILE_EXISTS');
  });

  it('bundle export at the branch and bundle import at HQ carry a customer, printing ops, size and acknowledgements; again it is a duplicate', async () => {
    // A customer made at the branch (captured, as the app would).
    const db = openDatabase({ file: branchDb, key: branchKey });
    const id = uuidv7();
    const bm2 = hq.users.bm2!.id;
    writeTxSync(db, bm2, () =>
      db.sqlite
        .prepare(`INSERT INTO customers (id, customer_no, name, id_type, id_no, phone, branch_id, created_at, updated_at) VALUES (?, '500000001', '孙八', 'resident_id', ?, '13800138001', ?, ?, ?)`)
        .run(id, makeIdNumber('19900101', 1), hq.org.b2, new Date().toISOString(), new Date().toISOString()),
    );
    db.close();

    const bundle = join(hq.dir, 'b2-to-hq.bdsync');
    const ex = await cli(branchKey, ['bundle', 'export', '--db', branchDb, '--user', 'admin', '--to', 'hq', '--out', bundle]);
    expect(ex.err).toBeNull();
    expect(ex.code).toBe(0);
    expect(ex.out).toMatchObject({ peer: 'HQ', peerId: hq.db.nodeId, file: bundle, ops: 1, bytes: statSync(bundle).size, link: { from: 1, to: 1 }, acknowledged: { byUs: 0, byPeer: 0 } });

    const im = await cli(hq.key, ['bundle', 'import', '--db', hq.file, '--user', 'hqop', bundle]);
    expect(im.err).toBeNull();
    expect(im.out).toMatchObject({ status: 'applied', peer: 'B02', ops: 1, applied: 1, conflicts: 0, parked: 0, bytes: statSync(bundle).size, acknowledged: { byPeer: 0, byUs: 1 } });
    expect(hq.db.sqlite.prepare(`SELECT name FROM customers WHERE id = ?`).pluck().get(id)).toBe('孙八');

    const dup = await cli(hq.key, ['bundle', 'import', '--db', hq.file, '--user', 'hqop', bundle]);
    expect(dup.code).toBe(0);
    expect(dup.out).toMatchObject({ status: 'duplicate', peer: 'B02', message: 'This bundle was received before: nothing changed' });

    // HQ's answer (to the branch code) carries the acknowledgement back.
    const back = join(hq.dir, 'hq-to-b2.bdsync');
    const ans = await cli(hq.key, ['bundle', 'export', '--db', hq.file, '--user', 'hqop', '--to', 'B02', '--out', back]);
    expect(ans.out).toMatchObject({ peer: 'B02', acknowledged: { byUs: 1, byPeer: 0 } });
    const got = await cli(branchKey, ['bundle', 'import', '--db', branchDb, '--user', 'admin', back]);
    expect(got.out).toMatchObject({ status: 'applied', acknowledged: { byPeer: 1 } });
  });

  it('a tampered bundle exits 1 with the reason in English; a wrong peer, or a user who may not exchange, too', async () => {
    const bundle = join(hq.dir, 'b2-to-hq.bdsync');
    const bad = join(hq.dir, 'tampered.bdsync');
    const good = readFileSync(bundle);
    writeFileSync(bad, flip(good, regions(good).manifestAt + 5));
    const r = await cli(hq.key, ['bundle', 'import', '--db', hq.file, '--user', 'hqop', bad]);
    expect(r.code).toBe(1);
    expect(r.out).toBeNull();
    expect(r.err!.error).toEqual({ code: 'REFUSED', key: 'error.sync.bundle.badSignature', params: { keyId: expect.any(String) }, message: 'The bundle’s signature does not check out: the file is damaged or was altered' });

    const nobody = await cli(hq.key, ['bundle', 'export', '--db', hq.file, '--user', 'hqop', '--to', 'B09', '--out', join(hq.dir, 'x.bdsync')]);
    expect(nobody.code).toBe(1);
    expect(nobody.err!.error).toMatchObject({ code: 'NOT_FOUND', key: 'error.sync.peer.unknown' });

    const am = await cli(hq.key, ['bundle', 'import', '--db', hq.file, '--user', 'am2', bundle]);
    expect(am.code).toBe(1);
    expect(am.err!.error).toMatchObject({ code: 'FORBIDDEN', key: 'error.FORBIDDEN' });

    const usage = await cli(hq.key, ['bundle', 'export', '--db', hq.file, '--user', 'hqop', '--to', 'all', '--out', join(hq.dir, 'no-such-dir')]);
    expect(usage.code).toBe(2);
  });

  it('--to all at HQ writes one file per enrolled branch into the folder', async () => {
    const dir = join(hq.dir, 'outbox');
    mkdirSync(dir);
    const r = await cli(hq.key, ['bundle', 'export', '--db', hq.file, '--user', 'hqop', '--to', 'all', '--out', dir]);
    expect(r.err).toBeNull();
    expect(r.out).toMatchObject({ dir, bundles: 1, refused: 0 });
    const files = readdirSync(dir);
    expect(files).toEqual([expect.stringMatching(/^BD_HQ_to_B02_\d{8}-\d{4}\.bdsync$/)]);
    expect((r.out!.peers as { file: string; peer: string }[]).map((p) => [p.peer, p.file])).toEqual([['B02', join(dir, files[0]!)]]);
  });

  it('--to all with a branch refused (its key retired: a stolen laptop) prints the result and exits 1, so a nightly script notices', async () => {
    const peerKeys = hq.db.sqlite.prepare(`SELECT key_id FROM sync_peer_keys WHERE retired_at IS NULL AND node_id IN (SELECT node_id FROM sync_peers WHERE role = 'branch')`).pluck().all() as string[];
    for (const k of peerKeys) retirePeerKey(hq.db.sqlite, k, new Date().toISOString());
    const dir = join(hq.dir, 'outbox-refused');
    mkdirSync(dir);
    const r = await cli(hq.key, ['bundle', 'export', '--db', hq.file, '--user', 'hqop', '--to', 'all', '--out', dir]);
    expect(r.code).toBe(1);
    expect(r.out).toMatchObject({ bundles: 0, refused: 1, peers: [{ peer: 'B02', file: null, key: 'error.sync.peer.noKey' }] });
  });
});
