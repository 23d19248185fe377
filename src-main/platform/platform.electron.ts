/**
 * The Electron side of the platform seam (platform.ts): native dialogs attached to the
 * caller's window, and the database key store backed by safeStorage or a passphrase.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserWindow, dialog, safeStorage, webContents, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import { webContentsIdOf } from '../ipc/client-id';
import { createPassphrasePrompt, type PassphraseWindow } from '../window/passphrase-prompt';
import { dialogFilters, safeSuggestedName } from './dialog-options';
import { ENROLLMENT_EXTENSION, RECOVERY_EXTENSION } from '../../src-shared/sync/bundles.contract';
import { enrollBranchDatabase, recoverDatabaseKey, type FirstRunSetup } from './first-run';
import { chooseProtectionKind, KeyStoreError, loadOrCreateDbKey, type KeyProtection, type PassphrasePrompt } from './key-store';
import type { Platform } from './platform';

/** The window behind a client id; a dialog without one would float free of the app. */
function windowOf(clientId: string): BrowserWindow | null {
  const id = webContentsIdOf(clientId);
  if (id === null) return null;
  const wc = webContents.fromId(id);
  return wc ? BrowserWindow.fromWebContents(wc) : null;
}

export const electronPlatform: Platform = {
  kind: 'electron',
  async chooseOpenFile(clientId, opts) {
    const win = windowOf(clientId);
    // No window means the caller is not one of ours: no dialog at all.
    if (!win) return null;
    const options: OpenDialogOptions = { properties: ['openFile', 'dontAddToRecent'], filters: dialogFilters(opts.extensions) };
    const r = await dialog.showOpenDialog(win, options);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  },
  async chooseSaveFile(clientId, opts) {
    const win = windowOf(clientId);
    if (!win) return null;
    const options: SaveDialogOptions = {
      defaultPath: safeSuggestedName(opts.suggestedName),
      filters: dialogFilters(opts.extensions),
      properties: ['showOverwriteConfirmation', 'createDirectory', 'dontAddToRecent'],
    };
    const r = await dialog.showSaveDialog(win, options);
    return r.canceled || !r.filePath ? null : r.filePath;
  },
};

/** Only valid after `app.ready`: safeStorage picks its backend at start-up. */
function keyProtection(): KeyProtection {
  const available = safeStorage.isEncryptionAvailable();
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : process.platform;
  if (chooseProtectionKind(process.platform, backend, available) === 'passphrase') return { kind: 'passphrase' };
  return {
    kind: 'safeStorage',
    backend,
    encrypt: (plain) => safeStorage.encryptString(plain.toString('hex')),
    decrypt: (wrapped) => Buffer.from(safeStorage.decryptString(wrapped), 'hex'),
  };
}

/** A file HQ made for this computer (an enrollment, a key recovery), picked before any window exists; null when cancelled. */
async function pickHqFile(title: string, extension: string): Promise<string | null> {
  const pick = await dialog.showOpenDialog({ title, properties: ['openFile', 'dontAddToRecent'], filters: dialogFilters([extension]) });
  return pick.canceled ? null : (pick.filePaths[0] ?? null);
}

/**
 * The first start (no database, no key file): head office or branch, asked in native dialogs
 * before any window of the app exists (so in both languages); a branch then picks HQ's
 * enrollment file and types its one-time passphrase in the prompt window (first-run.ts).
 */
async function chooseFirstRun(dbFile: string, prompt: PassphrasePrompt): Promise<FirstRunSetup> {
  const cancelled = () => new KeyStoreError('cancelled', 'the set-up was cancelled');
  const role = await dialog.showMessageBox({
    type: 'question',
    title: 'BrokerDesk',
    message: '首次启动：这台电脑用于总部还是营业部？ · First start: is this computer for the head office or a branch?',
    detail:
      '总部：新建一个空的总部数据库。\n营业部：用总部导出的登记文件（.bdenroll）和一次性口令加入，随后即有总部的基础数据和本营业部的客户。\n\n' +
      "Head office: a new, empty head-office database.\nBranch: join with the enrollment file HQ exported (.bdenroll) and its one-time passphrase; the branch starts with HQ's master data and its own customers.",
    buttons: ['总部 · Head office', '营业部 · Branch', '退出 · Quit'],
    defaultId: 1,
    cancelId: 2,
    noLink: true,
  });
  if (role.response === 0) return { kind: 'hq' };
  if (role.response !== 1) throw cancelled();
  const path = await pickHqFile('选择登记文件 · Choose the enrollment file', ENROLLMENT_EXTENSION);
  if (!path) throw cancelled();
  return { kind: 'branch', key: await enrollBranchDatabase({ dbFile, enrollment: readFileSync(path), prompt, now: () => new Date() }) };
}

/**
 * The database is here but its key is lost (the key file is gone, or the keychain that sealed
 * it no longer opens it): offer HQ's recovery file, asked in native dialogs before any window.
 */
async function chooseRecovery(dbFile: string, prompt: PassphrasePrompt): Promise<Buffer> {
  const cancelled = () => new KeyStoreError('cancelled', 'the key recovery was cancelled');
  const ask = await dialog.showMessageBox({
    type: 'warning',
    title: 'BrokerDesk',
    message: '无法打开数据库密钥 · The database key cannot be opened',
    detail:
      '密钥文件丢失、系统钥匙串已无法解开它（例如换了系统用户或重装了系统），或口令多次输错。可以从备份恢复密钥文件后重新启动；营业部也可以向总部申请密钥恢复文件（.bdkey）及其一次性口令。\n\n' +
      'The key file is missing, the system keychain can no longer open it (a new user profile, a reinstalled system), or its passphrase was typed wrong too often. Restore the key file from a backup and start again; or, at a branch, ask the head office for a key-recovery file (.bdkey) and its one-time passphrase.',
    buttons: ['选择恢复文件 · Choose the recovery file', '退出 · Quit'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  });
  if (ask.response !== 0) throw cancelled();
  const path = await pickHqFile('选择恢复文件 · Choose the recovery file', RECOVERY_EXTENSION);
  if (!path) throw cancelled();
  return recoverDatabaseKey({ dbFile, recovery: readFileSync(path), prompt, now: () => new Date() });
}

export const DB_FILE_NAME = 'brokerdesk.db';
export const KEY_FILE_NAME = 'brokerdesk.key.json';

/**
 * The production database and its key (64 hex). First run asks head office or branch, then
 * makes a key (or, for a branch, takes the enrollment's) and seals it; later runs unseal it. Errors are KeyStoreError / KeyWrapError with a message fit for a dialog.
 */
export async function resolveProductionDatabase(opts: { userDataDir: string; passphrasePreload: string }): Promise<{ file: string; key: string; created: boolean }> {
  const file = join(opts.userDataDir, DB_FILE_NAME);
  const protection = keyProtection();
  // The prompt window exists only if a passphrase is actually needed.
  const prompter: { window: PassphraseWindow | null } = { window: null };
  const prompt: PassphrasePrompt = (req) => (prompter.window ??= createPassphrasePrompt(opts.passphrasePreload)).prompt(req);
  try {
    const { key, created } = await loadOrCreateDbKey({
      keyFile: join(opts.userDataDir, KEY_FILE_NAME),
      dbFile: file,
      protection,
      prompt,
      firstRun: () => chooseFirstRun(file, prompt),
      recover: () => chooseRecovery(file, prompt),
    });
    return { file, key, created };
  } finally {
    prompter.window?.close();
  }
}
