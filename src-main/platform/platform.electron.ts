/**
 * The Electron side of the platform seam (platform.ts): native dialogs attached to the
 * caller's window, and the database key store backed by safeStorage or a passphrase.
 */
import { join } from 'node:path';
import { BrowserWindow, dialog, safeStorage, webContents, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import { webContentsIdOf } from '../ipc/client-id';
import { createPassphrasePrompt, type PassphraseWindow } from '../window/passphrase-prompt';
import { dialogFilters, safeSuggestedName } from './dialog-options';
import { chooseProtectionKind, loadOrCreateDbKey, type KeyProtection } from './key-store';
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

export const DB_FILE_NAME = 'brokerdesk.db';
export const KEY_FILE_NAME = 'brokerdesk.key.json';

/**
 * The production database and its key (64 hex). First run makes a key and seals it; later
 * runs unseal it. Errors are KeyStoreError / KeyWrapError with a message fit for a dialog.
 */
export async function resolveProductionDatabase(opts: { userDataDir: string; passphrasePreload: string }): Promise<{ file: string; key: string; created: boolean }> {
  const file = join(opts.userDataDir, DB_FILE_NAME);
  const protection = keyProtection();
  // The prompt window exists only if a passphrase is actually needed.
  const prompter: { window: PassphraseWindow | null } = { window: null };
  try {
    const { key, created } = await loadOrCreateDbKey({
      keyFile: join(opts.userDataDir, KEY_FILE_NAME),
      dbFile: file,
      protection,
      prompt: (req) => (prompter.window ??= createPassphrasePrompt(opts.passphrasePreload)).prompt(req),
    });
    return { file, key, created };
  } finally {
    prompter.window?.close();
  }
}
