import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { englishText } from '../cli/cli-lib';
import { catalogueText } from '../../src-shared/i18n/catalogues';
import { installEnrollment } from '../sync/enroll';
import { keyFromRecoveryFile } from '../sync/recovery';
import { SyncRefusal } from '../sync/outbox';
import { KeyStoreError, removeDatabaseFiles, type PassphrasePrompt } from './key-store';

/**
 * The first start of an installation, before any database exists: it becomes the head office
 * (a new database with a new random key) or a branch (a database made from the enrollment file
 * HQ exported for it, with the key HQ escrowed). The choice is made once: a database, once made,
 * is only ever opened (key-store.ts). Electron's side (the dialogs) is platform.electron.ts.
 */
export type FirstRunSetup = { kind: 'hq' } | { kind: 'branch'; key: Buffer };

/** A refused enrollment file, in both languages (the window that shows it has no catalogue). */
export class FirstRunError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${catalogueText('zh-CN', key, params)} · ${englishText(key, params)}`);
    this.name = 'FirstRunError';
  }
}

/**
 * A branch: make the database at `dbFile` from HQ's enrollment file, asking for its one-time
 * passphrase (`prompt` in mode `enroll`) until it opens the file, at most `maxAttempts` times.
 * A wrong passphrase is asked again and writes nothing; any other refusal (not an enrollment
 * file, a newer schema, a damaged item) is a FirstRunError and leaves no database behind.
 * Returns the database key, for the key store to seal.
 */
export async function enrollBranchDatabase(o: { dbFile: string; enrollment: Buffer; prompt: PassphrasePrompt; now: () => Date; maxAttempts?: number }): Promise<Buffer> {
  // First run: the folder may not exist yet; owner-only, as for the key file.
  mkdirSync(dirname(o.dbFile), { recursive: true, mode: 0o700 });
  return withOneTimePassphrase(o.prompt, 'enroll', o.maxAttempts, (pass) => {
    try {
      return Buffer.from(installEnrollment(o.dbFile, o.enrollment, pass, o.now()).dbKey, 'hex');
    } catch (e) {
      removeDatabaseFiles(o.dbFile);
      throw e;
    }
  });
}

/**
 * A branch whose database key is lost (key file gone, or a keychain that no longer opens it):
 * the key from HQ's recovery file, asking for its one-time passphrase (`prompt` in mode
 * `recover`) until it opens the file, at most `maxAttempts` times. The key must open `dbFile`,
 * and `dbFile` must be the node the file was made for; any other refusal is a FirstRunError.
 * Nothing is written here: the key store seals the key (key-store.ts `recover`).
 */
export async function recoverDatabaseKey(o: { dbFile: string; recovery: Buffer; prompt: PassphrasePrompt; now: () => Date; maxAttempts?: number }): Promise<Buffer> {
  return withOneTimePassphrase(o.prompt, 'recover', o.maxAttempts, (pass) => Buffer.from(keyFromRecoveryFile(o.dbFile, o.recovery, pass, o.now()), 'hex'));
}

/**
 * Ask for a one-time passphrase from HQ (`prompt` in `mode`) and give it to `open` until it
 * opens the file, at most `maxAttempts` times (default 5). A wrong one is asked again, saying
 * so; any other refusal is a FirstRunError in both languages; cancelled is a KeyStoreError.
 */
async function withOneTimePassphrase<T>(prompt: PassphrasePrompt, mode: 'enroll' | 'recover', maxAttempts: number | undefined, open: (pass: string) => T): Promise<T> {
  const max = maxAttempts ?? 5;
  let wrong = false;
  for (let attempt = 0; attempt < max; attempt++) {
    const pass = await prompt({ mode, ...(wrong ? { error: 'wrongPassphrase' as const, attemptsLeft: max - attempt } : {}) });
    if (pass === null) throw new KeyStoreError('cancelled', mode === 'enroll' ? 'the enrollment was cancelled' : 'the key recovery was cancelled');
    try {
      return open(pass);
    } catch (e) {
      if (e instanceof SyncRefusal && e.key === 'error.sync.enroll.badPassphrase') {
        wrong = true;
        continue;
      }
      if (e instanceof SyncRefusal) throw new FirstRunError(e.key, e.params);
      throw e;
    }
  }
  throw new KeyStoreError('tooManyAttempts', `wrong one-time passphrase ${max} times`);
}
