import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chooseProtectionKind, KeyStoreError, loadOrCreateDbKey, type KeyProtection } from '../../src-main/platform/key-store';
import { parseKeyFile } from '../../src-main/platform/key-wrap';
import { writeFileAtomic } from '../../src-main/lib/atomic-write';
import { dialogFilters, safeSuggestedName } from '../../src-main/platform/dialog-options';
import { scriptedPrompt } from '../helpers/scripted-prompt';
import { clientIdOf, webContentsIdOf } from '../../src-main/ipc/client-id';

const FAST = { N: 2 ** 14, r: 8, p: 1 };
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bd-keystore-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A keychain stand-in: XOR with a secret, tagged so a foreign blob is rejected like the real one. */
function fakeKeychain(secret = 0x5a): Extract<KeyProtection, { kind: 'safeStorage' }> {
  return {
    kind: 'safeStorage',
    backend: 'gnome_libsecret',
    encrypt: (plain) => Buffer.concat([Buffer.from([secret]), Buffer.from(plain.map((b) => b ^ secret))]),
    decrypt: (wrapped) => {
      if (wrapped[0] !== secret) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(wrapped.subarray(1).map((b) => b ^ secret));
    },
  };
}

const paths = () => ({ keyFile: join(dir, 'brokerdesk.key.json'), dbFile: join(dir, 'brokerdesk.db') });

describe('database key store', () => {
  it('first run with a keychain: makes a 32-byte key and stores it sealed by the keychain', async () => {
    const p = scriptedPrompt([]);
    const r = await loadOrCreateDbKey({ ...paths(), protection: fakeKeychain(), prompt: p.prompt });
    expect(r.created).toBe(true);
    expect(r.key).toMatch(/^[0-9a-f]{64}$/);
    expect(p.asked).toEqual([]);
    const text = readFileSync(paths().keyFile, 'utf8');
    expect(text).not.toContain(r.key);
    expect(parseKeyFile(text)).toMatchObject({ kind: 'safeStorage', backend: 'gnome_libsecret' });
    const again = await loadOrCreateDbKey({ ...paths(), protection: fakeKeychain(), prompt: p.prompt });
    expect(again).toEqual({ key: r.key, created: false });
  });

  it('creates the userData folder on first run', async () => {
    const keyFile = join(dir, 'new', 'profile', 'brokerdesk.key.json');
    await loadOrCreateDbKey({ keyFile, dbFile: join(dir, 'new', 'profile', 'brokerdesk.db'), protection: fakeKeychain(), prompt: scriptedPrompt([]).prompt });
    expect(existsSync(keyFile)).toBe(true);
  });

  it('writes the key file readable by the owner only (POSIX)', async () => {
    await loadOrCreateDbKey({ ...paths(), protection: fakeKeychain(), prompt: scriptedPrompt([]).prompt });
    if (process.platform !== 'win32') expect(statSync(paths().keyFile).mode & 0o777).toBe(0o600);
  });

  it('no keyring: asks for a new passphrase (again when too short) and opens with it next time', async () => {
    const create = scriptedPrompt(['short', 'a long enough passphrase']);
    const r = await loadOrCreateDbKey({ ...paths(), protection: { kind: 'passphrase' }, prompt: create.prompt, scrypt: FAST });
    expect(create.asked).toEqual([{ mode: 'create' }, { mode: 'create', error: 'weakPassphrase' }]);
    expect(parseKeyFile(readFileSync(paths().keyFile, 'utf8')).kind).toBe('passphrase');

    const unlock = scriptedPrompt(['wrong guess!!', 'a long enough passphrase']);
    const again = await loadOrCreateDbKey({ ...paths(), protection: { kind: 'passphrase' }, prompt: unlock.prompt });
    expect(again).toEqual({ key: r.key, created: false });
    expect(unlock.asked).toEqual([
      { mode: 'unlock', attemptsLeft: 5 },
      { mode: 'unlock', attemptsLeft: 4, error: 'wrongPassphrase' },
    ]);
  });

  it('gives up after too many wrong passphrases', async () => {
    await loadOrCreateDbKey({ ...paths(), protection: { kind: 'passphrase' }, prompt: scriptedPrompt(['a long enough passphrase']).prompt, scrypt: FAST });
    const e = await loadOrCreateDbKey({ ...paths(), protection: { kind: 'passphrase' }, prompt: scriptedPrompt(['nope nope nope', 'nope nope nope']).prompt, maxAttempts: 2 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(KeyStoreError);
    expect((e as KeyStoreError).reason).toBe('tooManyAttempts');
  });

  it('a cancelled prompt writes nothing', async () => {
    const e = await loadOrCreateDbKey({ ...paths(), protection: { kind: 'passphrase' }, prompt: scriptedPrompt([null]).prompt }).catch((x: unknown) => x);
    expect((e as KeyStoreError).reason).toBe('cancelled');
    expect(existsSync(paths().keyFile)).toBe(false);
  });

  it('never makes a new key for an existing database whose key file is gone', async () => {
    writeFileSync(paths().dbFile, 'encrypted pages');
    const e = await loadOrCreateDbKey({ ...paths(), protection: fakeKeychain(), prompt: scriptedPrompt([]).prompt }).catch((x: unknown) => x);
    expect((e as KeyStoreError).reason).toBe('keyFileMissing');
    expect(existsSync(paths().keyFile)).toBe(false);
  });

  it('a keychain-sealed key with the keychain gone (now basic_text) fails clearly, and the file is kept', async () => {
    await loadOrCreateDbKey({ ...paths(), protection: fakeKeychain(), prompt: scriptedPrompt([]).prompt });
    const before = readFileSync(paths().keyFile, 'utf8');
    const e = await loadOrCreateDbKey({ ...paths(), protection: { kind: 'passphrase' }, prompt: scriptedPrompt([]).prompt }).catch((x: unknown) => x);
    expect((e as KeyStoreError).reason).toBe('keychainUnavailable');
    expect((e as Error).message).toMatch(/recovery file/);
    expect(readFileSync(paths().keyFile, 'utf8')).toBe(before);
    const other = await loadOrCreateDbKey({ ...paths(), protection: fakeKeychain(0x33), prompt: scriptedPrompt([]).prompt }).catch((x: unknown) => x);
    expect((other as KeyStoreError).reason).toBe('keychainUnavailable');
  });

  it('uses a passphrase on Linux without a keyring, the keychain elsewhere', () => {
    expect(chooseProtectionKind('linux', 'basic_text', true)).toBe('passphrase');
    expect(chooseProtectionKind('linux', 'unknown', true)).toBe('passphrase');
    expect(chooseProtectionKind('linux', 'gnome_libsecret', true)).toBe('safeStorage');
    expect(chooseProtectionKind('linux', 'kwallet5', true)).toBe('safeStorage');
    expect(chooseProtectionKind('linux', 'gnome_libsecret', false)).toBe('passphrase');
    expect(chooseProtectionKind('darwin', 'darwin', true)).toBe('safeStorage');
    expect(chooseProtectionKind('win32', 'win32', true)).toBe('safeStorage');
    expect(chooseProtectionKind('win32', 'win32', false)).toBe('passphrase');
  });
});

describe('atomic write', () => {
  it('replaces the file whole and leaves no temp file behind', () => {
    const f = join(dir, 'k.json');
    writeFileAtomic(f, 'old');
    writeFileAtomic(f, 'new content');
    expect(readFileSync(f, 'utf8')).toBe('new content');
    expect(readdirSync(dir)).toEqual(['k.json']);
  });

  it('removes its temp file when the final rename fails', () => {
    // A directory already holds the name: the temp file is written and fsynced, the rename fails.
    const taken = join(dir, 'taken');
    mkdirSync(taken);
    writeFileSync(join(taken, 'inner'), 'x');
    expect(() => writeFileAtomic(taken, 'new')).toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readdirSync(taken)).toEqual(['inner']);
  });
});

describe('dialog options from the renderer', () => {
  it('reduces a suggested name to a bare file name', () => {
    expect(safeSuggestedName('客户名单.xlsx')).toBe('客户名单.xlsx');
    expect(safeSuggestedName('../../.bashrc')).toBe('bashrc');
    expect(safeSuggestedName('C:\\Windows\\system32\\evil.dll')).toBe('evil.dll');
    expect(safeSuggestedName('/etc/')).toBe('export');
    expect(safeSuggestedName('a\u0000b<c>:"|?*.xlsx')).toBe('abc.xlsx');
  });

  it('keeps only plain extensions', () => {
    expect(dialogFilters(['xlsx', 'csv'])).toEqual([{ name: '*.xlsx, *.csv', extensions: ['xlsx', 'csv'] }]);
    expect(dialogFilters(['*', '../x'])).toEqual([]);
  });
});

describe('client ids', () => {
  it('round-trip a webContents id and refuse anything else', () => {
    expect(webContentsIdOf(clientIdOf(12))).toBe(12);
    expect(webContentsIdOf('http-abc')).toBeNull();
    expect(webContentsIdOf('wc-')).toBeNull();
    expect(webContentsIdOf('wc-1.5')).toBeNull();
    expect(webContentsIdOf('wc--3')).toBeNull();
  });
});
