import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scriptedPrompt } from '../helpers/scripted-prompt';
import { makeTestApp, type TestApp } from '../helpers/app';
import { openDatabase } from '../../src-main/db/open';
import { createEnrollment } from '../../src-main/sync/enroll';
import { enrollBranchDatabase, FirstRunError, recoverDatabaseKey } from '../../src-main/platform/first-run';
import { createRecoveryFile } from '../../src-main/sync/recovery';
import { KeyStoreError, loadOrCreateDbKey, type KeyProtection } from '../../src-main/platform/key-store';
import { parseKeyFile } from '../../src-main/platform/key-wrap';

let hq: TestApp;
afterEach(() => hq?.close());

const FAST = { N: 2 ** 14, r: 8, p: 1 };
const keychain: KeyProtection = { kind: 'safeStorage', backend: 'test', encrypt: (b) => Buffer.from(b).reverse(), decrypt: (b) => Buffer.from(b).reverse() };

/** HQ's enrollment of branch 1, and the new branch's paths in a folder of their own. */
async function setUp() {
  hq = await makeTestApp();
  const e = createEnrollment(hq.db, hq.org.b1, new Date());
  const dbFile = join(hq.dir, 'branch', 'brokerdesk.db');
  return { e, dbFile, keyFile: join(hq.dir, 'branch', 'brokerdesk.key.json') };
}

const leftovers = (dbFile: string) => (existsSync(join(dbFile, '..')) ? readdirSync(join(dbFile, '..')) : []);

describe('first run as a branch', () => {
  it('asks again after a wrong one-time passphrase, then makes the branch database with the escrowed key', async () => {
    const { e, dbFile } = await setUp();
    const p = scriptedPrompt(['wrong words here', e.passphrase]);
    const key = await enrollBranchDatabase({ dbFile: dbFile, enrollment: e.file, prompt: p.prompt, now: () => new Date() });
    expect(p.asked).toEqual([{ mode: 'enroll' }, { mode: 'enroll', error: 'wrongPassphrase', attemptsLeft: 4 }]);
    const db = openDatabase({ file: dbFile, key: key.toString('hex') });
    try {
      const role = db.sqlite.prepare(`SELECT value FROM sync_state WHERE key = 'node_role'`).pluck().get();
      expect(role).toBe('branch');
      expect(db.sqlite.prepare(`SELECT count(*) FROM users`).pluck().get()).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('cancelled, or out of attempts: no database is left', async () => {
    const { e, dbFile } = await setUp();
    await expect(enrollBranchDatabase({ dbFile, enrollment: e.file, prompt: scriptedPrompt([null]).prompt, now: () => new Date() })).rejects.toMatchObject({ reason: 'cancelled' });
    const wrong = scriptedPrompt(['nope one', 'nope two']);
    await expect(enrollBranchDatabase({ dbFile, enrollment: e.file, prompt: wrong.prompt, now: () => new Date(), maxAttempts: 2 })).rejects.toMatchObject({ reason: 'tooManyAttempts' });
    expect(existsSync(dbFile)).toBe(false);
  });

  it('a file that is not an enrollment is refused in both languages, and no database is left', async () => {
    const { e, dbFile } = await setUp();
    const err = await enrollBranchDatabase({ dbFile, enrollment: Buffer.from('not an enrollment file at all'), prompt: scriptedPrompt([e.passphrase]).prompt, now: () => new Date() }).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(FirstRunError);
    expect((err as FirstRunError).key).toBe('error.sync.enroll.notEnrollment');
    expect((err as Error).message).toContain('该文件不是有效的登记文件');
    expect((err as Error).message).toMatch(/[a-z]{4}/);
    expect(leftovers(dbFile).filter((f) => f.startsWith('brokerdesk.db'))).toEqual([]);
  });

  it('the key store seals the enrollment key; a cancelled sealing removes the branch database so the set-up can start again', async () => {
    const { e, dbFile, keyFile } = await setUp();
    const firstRun = async () => ({ kind: 'branch' as const, key: await enrollBranchDatabase({ dbFile, enrollment: e.file, prompt: scriptedPrompt([e.passphrase]).prompt, now: () => new Date() }) });

    // No keychain: the new local passphrase is asked for, and cancelled.
    await expect(loadOrCreateDbKey({ keyFile, dbFile, protection: { kind: 'passphrase' }, prompt: scriptedPrompt([null]).prompt, firstRun })).rejects.toBeInstanceOf(KeyStoreError);
    expect(existsSync(dbFile)).toBe(false);
    expect(existsSync(keyFile)).toBe(false);

    const r = await loadOrCreateDbKey({ keyFile, dbFile, protection: keychain, prompt: scriptedPrompt([]).prompt, firstRun });
    expect(r.created).toBe(true);
    const sealed = parseKeyFile(readFileSync(keyFile, 'utf8'));
    expect(sealed.kind).toBe('safeStorage');
    const db = openDatabase({ file: dbFile, key: r.key });
    expect(db.sqlite.prepare(`SELECT value FROM sync_state WHERE key = 'node_org_id'`).pluck().get()).toBe(hq.org.b1);
    db.close();
    // The next start opens it; the set-up is not asked again.
    let asked = false;
    const again = await loadOrCreateDbKey({ keyFile, dbFile, protection: keychain, prompt: scriptedPrompt([]).prompt, firstRun: async () => ((asked = true), { kind: 'hq' }) });
    expect(again).toEqual({ key: r.key, created: false });
    expect(asked).toBe(false);
  });
});

describe('a branch whose database key is lost', () => {
  /** A branch made from its enrollment, its key sealed by `keychain`; and HQ's recovery file for it. */
  async function enrolled() {
    const { e, dbFile, keyFile } = await setUp();
    const firstRun = async () => ({ kind: 'branch' as const, key: await enrollBranchDatabase({ dbFile, enrollment: e.file, prompt: scriptedPrompt([e.passphrase]).prompt, now: () => new Date() }) });
    const made = await loadOrCreateDbKey({ keyFile, dbFile, protection: keychain, prompt: scriptedPrompt([]).prompt, firstRun });
    // HQ's first enrollment made the escrow's recovery key and showed its passphrase, once.
    expect(e.recoveryPassphrase).not.toBeNull();
    return { dbFile, keyFile, key: made.key, recovery: e.recoveryPassphrase! };
  }

  it('the key file gone: the recovery file from HQ, after a wrong passphrase, gives the key back, sealed again on this machine', async () => {
    const { dbFile, keyFile, key, recovery } = await enrolled();
    const rec = createRecoveryFile(hq.db.sqlite, hq.org.b1, recovery, new Date());
    rmSync(keyFile);
    // Without a way to recover: the error says to ask HQ.
    await expect(loadOrCreateDbKey({ keyFile, dbFile, protection: keychain, prompt: scriptedPrompt([]).prompt })).rejects.toMatchObject({ reason: 'keyFileMissing' });
    const p = scriptedPrompt(['wrong words here', rec.passphrase]);
    const recover = () => recoverDatabaseKey({ dbFile, recovery: rec.file, prompt: p.prompt, now: () => new Date() });
    const r = await loadOrCreateDbKey({ keyFile, dbFile, protection: { kind: 'passphrase' }, prompt: scriptedPrompt(['a new local passphrase']).prompt, recover, scrypt: FAST });
    expect(r).toEqual({ key, created: false });
    expect(p.asked).toEqual([{ mode: 'recover' }, { mode: 'recover', error: 'wrongPassphrase', attemptsLeft: 4 }]);
    expect(parseKeyFile(readFileSync(keyFile, 'utf8')).kind).toBe('passphrase');
    // The next start opens it with the new local passphrase.
    const again = await loadOrCreateDbKey({ keyFile, dbFile, protection: { kind: 'passphrase' }, prompt: scriptedPrompt(['a new local passphrase']).prompt });
    expect(again).toEqual({ key, created: false });

    // That passphrase forgotten: after the last wrong try, the recovery file again (a new one from HQ).
    const rec2 = createRecoveryFile(hq.db.sqlite, hq.org.b1, recovery, new Date());
    const forgot = await loadOrCreateDbKey({
      keyFile,
      dbFile,
      protection: { kind: 'passphrase' },
      prompt: scriptedPrompt(['not it at all', 'nor this one', 'the newest passphrase']).prompt,
      maxAttempts: 2,
      scrypt: FAST,
      recover: () => recoverDatabaseKey({ dbFile, recovery: rec2.file, prompt: scriptedPrompt([rec2.passphrase]).prompt, now: () => new Date() }),
    });
    expect(forgot).toEqual({ key, created: false });
    expect(await loadOrCreateDbKey({ keyFile, dbFile, protection: { kind: 'passphrase' }, prompt: scriptedPrompt(['the newest passphrase']).prompt })).toEqual({ key, created: false });
  });

  it('a keychain that no longer opens the key file: recovered and sealed by this keychain; a recovery file for another database, or cancelled, leaves the key file as it was', async () => {
    const { dbFile, keyFile, key, recovery } = await enrolled();
    const before = readFileSync(keyFile, 'utf8');
    const otherKeychain: KeyProtection = { kind: 'safeStorage', backend: 'test', encrypt: (b) => Buffer.from(b), decrypt: () => Buffer.alloc(3) };
    await expect(loadOrCreateDbKey({ keyFile, dbFile, protection: otherKeychain, prompt: scriptedPrompt([]).prompt })).rejects.toMatchObject({ reason: 'keychainUnavailable' });

    // HQ's recovery file for branch 2 (enrolled too): not this database.
    createEnrollment(hq.db, hq.org.b2, new Date());
    const wrongBranch = createRecoveryFile(hq.db.sqlite, hq.org.b2, recovery, new Date());
    const err = await loadOrCreateDbKey({
      keyFile,
      dbFile,
      protection: otherKeychain,
      prompt: scriptedPrompt([]).prompt,
      recover: () => recoverDatabaseKey({ dbFile, recovery: wrongBranch.file, prompt: scriptedPrompt([wrongBranch.passphrase]).prompt, now: () => new Date() }),
    }).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(FirstRunError);
    expect((err as FirstRunError).key).toBe('error.sync.recovery.otherDatabase');
    const cancelled = loadOrCreateDbKey({ keyFile, dbFile, protection: otherKeychain, prompt: scriptedPrompt([]).prompt, recover: () => recoverDatabaseKey({ dbFile, recovery: wrongBranch.file, prompt: scriptedPrompt([null]).prompt, now: () => new Date() }) });
    await expect(cancelled).rejects.toMatchObject({ reason: 'cancelled' });
    expect(readFileSync(keyFile, 'utf8')).toBe(before);

    // Past its week, the right file is refused too.
    const rec = createRecoveryFile(hq.db.sqlite, hq.org.b1, recovery, new Date());
    const late = await recoverDatabaseKey({ dbFile, recovery: rec.file, prompt: scriptedPrompt([rec.passphrase]).prompt, now: () => new Date(Date.now() + 8 * 24 * 3600 * 1000) }).catch((x: unknown) => x);
    expect((late as FirstRunError).key).toBe('error.sync.recovery.expired');

    const r = await loadOrCreateDbKey({ keyFile, dbFile, protection: otherKeychain, prompt: scriptedPrompt([]).prompt, recover: () => recoverDatabaseKey({ dbFile, recovery: rec.file, prompt: scriptedPrompt([rec.passphrase]).prompt, now: () => new Date() }) });
    expect(r).toEqual({ key, created: false });
    expect(readFileSync(keyFile, 'utf8')).not.toBe(before);
  });
});
