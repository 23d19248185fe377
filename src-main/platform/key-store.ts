/**
 * Where the database key comes from in the installed app: one key file in userData, sealed
 * either by the OS keychain (Electron's safeStorage) or, where there is no keychain, by a
 * passphrase the person types. Plain Node with the keychain and the prompt injected, so
 * the rules below are tested without Electron (tests/platform/key-store.test.ts).
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeFileAtomic } from '../lib/atomic-write';
import type { FirstRunSetup } from './first-run';
import {
  DEFAULT_SCRYPT,
  KEY_BYTES,
  KeyWrapError,
  parseKeyFile,
  safeStorageKeyFile,
  serializeKeyFile,
  unwrapKeyWithPassphrase,
  wrapKeyWithPassphrase,
  type ScryptParams,
} from './key-wrap';

/** How a new key gets sealed on this machine (platform.electron.ts decides). */
export type KeyProtection =
  | { kind: 'safeStorage'; backend: string; encrypt(plain: Buffer): Buffer; decrypt(wrapped: Buffer): Buffer }
  | { kind: 'passphrase' };

export type PassphraseRequest = { mode: 'create' | 'unlock' | 'enroll' | 'recover'; error?: 'wrongPassphrase' | 'weakPassphrase'; attemptsLeft?: number };
/** Resolves to the passphrase, or null when the person cancels. */
export type PassphrasePrompt = (req: PassphraseRequest) => Promise<string | null>;

export type KeyStoreErrorReason = 'cancelled' | 'keyFileMissing' | 'keychainUnavailable' | 'tooManyAttempts';

export class KeyStoreError extends Error {
  constructor(
    readonly reason: KeyStoreErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'KeyStoreError';
  }
}

export type LoadKeyOptions = {
  keyFile: string;
  dbFile: string;
  protection: KeyProtection;
  prompt: PassphrasePrompt;
  scrypt?: ScryptParams;
  maxAttempts?: number;
  /**
   * First run only (no key file, no database): how the database comes to be (first-run.ts).
   * Absent: a new head-office database. A branch's database already exists when this returns,
   * made from HQ's enrollment with the key returned; it is removed if sealing that key fails.
   */
  firstRun?: () => Promise<FirstRunSetup>;
  /**
   * A lost key (the database is here, but its key file is not, the keychain that sealed it
   * no longer opens it, or its passphrase was typed wrong too often): the key from HQ's recovery file (first-run.ts `recoverDatabaseKey`),
   * checked to open this database. It is sealed again on this machine as a new key is. Absent:
   * the loss is an error that says to ask HQ for a recovery file.
   */
  recover?: () => Promise<Buffer>;
};

/** A database file with its WAL and shared-memory files. */
export function removeDatabaseFiles(dbFile: string): void {
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) rmSync(f, { force: true });
}

/** The key as 64 hex characters (what openDatabase takes), and whether it was made just now. */
export async function loadOrCreateDbKey(opts: LoadKeyOptions): Promise<{ key: string; created: boolean }> {
  if (existsSync(opts.keyFile)) {
    try {
      return { key: (await loadKey(opts)).toString('hex'), created: false };
    } catch (e) {
      // The keychain no longer opens it, or the local passphrase is forgotten: HQ's recovery file.
      if (e instanceof KeyStoreError && (e.reason === 'keychainUnavailable' || e.reason === 'tooManyAttempts') && opts.recover) return recoverKey(opts, opts.recover);
      throw e;
    }
  }
  if (existsSync(opts.dbFile)) {
    // Never make a new key for an existing database: it would not open, and writing the new
    // key file would hide what went wrong. The way back is HQ's recovery file (escrow).
    if (opts.recover) return recoverKey(opts, opts.recover);
    throw new KeyStoreError(
      'keyFileMissing',
      `the database ${opts.dbFile} exists but its key file ${opts.keyFile} is missing; restore the key file from a backup or ask HQ for a recovery file`,
    );
  }
  const setup: FirstRunSetup = opts.firstRun ? await opts.firstRun() : { kind: 'hq' };
  const key = setup.kind === 'branch' ? setup.key : randomBytes(KEY_BYTES);
  try {
    await writeSealedKey(key, opts);
  } catch (e) {
    // A branch database without its key file could never be opened: the next start begins the set-up again.
    if (setup.kind === 'branch') removeDatabaseFiles(opts.dbFile);
    throw e;
  }
  return { key: key.toString('hex'), created: true };
}

/** Seal `key` as this machine seals a new one (keychain, or a passphrase chosen now) and write the key file in its place. */
async function writeSealedKey(key: Buffer, opts: LoadKeyOptions): Promise<void> {
  const file = opts.protection.kind === 'safeStorage' ? safeStorageKeyFile(opts.protection.encrypt(key), opts.protection.backend) : await sealWithNewPassphrase(key, opts);
  // First run: the folder may not exist yet; owner-only, as it will hold the database too.
  mkdirSync(dirname(opts.keyFile), { recursive: true, mode: 0o700 });
  writeFileAtomic(opts.keyFile, serializeKeyFile(file));
}

/** The lost key from HQ's recovery file, sealed again here; the old key file (if any) is replaced only once the new one is sealed. */
async function recoverKey(opts: LoadKeyOptions, recover: () => Promise<Buffer>): Promise<{ key: string; created: boolean }> {
  const key = await recover();
  if (key.length !== KEY_BYTES) throw new KeyStoreError('keyFileMissing', 'the recovered key is not a database key');
  await writeSealedKey(key, opts);
  return { key: key.toString('hex'), created: false };
}

async function loadKey(opts: LoadKeyOptions): Promise<Buffer> {
  const file = parseKeyFile(readFileSync(opts.keyFile, 'utf8'));
  if (file.kind === 'safeStorage') {
    const unavailable = () =>
      new KeyStoreError(
        'keychainUnavailable',
        `the database key was sealed by the system keychain (${file.backend}), which cannot unseal it now (keychain missing, locked, or another user); ask HQ for a recovery file`,
      );
    if (opts.protection.kind !== 'safeStorage') throw unavailable();
    let key: Buffer;
    try {
      key = opts.protection.decrypt(Buffer.from(file.wrapped, 'base64'));
    } catch {
      throw unavailable();
    }
    if (key.length !== KEY_BYTES) throw unavailable();
    return key;
  }
  // A passphrase file opens with the passphrase wherever it was made, keychain or not.
  const max = opts.maxAttempts ?? 5;
  let error: PassphraseRequest['error'];
  for (let attempt = 0; attempt < max; attempt++) {
    const req: PassphraseRequest = { mode: 'unlock', attemptsLeft: max - attempt };
    if (error) req.error = error;
    const pass = await opts.prompt(req);
    if (pass === null) throw new KeyStoreError('cancelled', 'the passphrase prompt was cancelled');
    try {
      return await unwrapKeyWithPassphrase(file, pass);
    } catch (e) {
      if (e instanceof KeyWrapError && e.reason === 'wrongPassphrase') {
        error = 'wrongPassphrase';
        continue;
      }
      throw e;
    }
  }
  throw new KeyStoreError('tooManyAttempts', `wrong passphrase ${max} times`);
}

async function sealWithNewPassphrase(key: Buffer, opts: LoadKeyOptions) {
  let error: PassphraseRequest['error'];
  for (;;) {
    const req: PassphraseRequest = { mode: 'create' };
    if (error) req.error = error;
    const pass = await opts.prompt(req);
    if (pass === null) throw new KeyStoreError('cancelled', 'the passphrase prompt was cancelled');
    try {
      return await wrapKeyWithPassphrase(key, pass, opts.scrypt ?? DEFAULT_SCRYPT);
    } catch (e) {
      if (e instanceof KeyWrapError && e.reason === 'weakPassphrase') {
        error = 'weakPassphrase';
        continue;
      }
      throw e;
    }
  }
}

/**
 * Linux without a keyring: safeStorage reports `basic_text` and "encrypts" with a password
 * compiled into Chromium, which protects nothing. Elsewhere safeStorage uses the OS keychain
 * (Keychain, DPAPI, libsecret/kwallet) when it says encryption is available.
 */
export function chooseProtectionKind(platform: NodeJS.Platform, backend: string | null, encryptionAvailable: boolean): 'safeStorage' | 'passphrase' {
  if (!encryptionAvailable) return 'passphrase';
  if (platform === 'linux' && (backend === null || backend === 'basic_text' || backend === 'unknown')) return 'passphrase';
  return 'safeStorage';
}
