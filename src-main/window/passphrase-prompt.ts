/**
 * Shows passphrase-page.ts in a small hardened window and resolves with what the person
 * typed (null on cancel or close). One window is reused across attempts, so a wrong
 * passphrase re-renders the page with the error instead of flashing a new window.
 */
import { BrowserWindow, ipcMain, type BrowserWindowConstructorOptions, type IpcMainEvent, type WebPreferences } from 'electron';
import type { PassphrasePrompt, PassphraseRequest } from '../platform/key-store';
import { isPassphraseMessage, PASSPHRASE_CHANNEL } from './passphrase-ipc';
import { passphrasePage, passphraseWindowOptions } from './passphrase-page';

// As in create-window.ts: every option passphrase-page.ts names must be one Electron knows.
type Opts = ReturnType<typeof passphraseWindowOptions>;
const onlyKnownOptions: Exclude<keyof Opts, keyof BrowserWindowConstructorOptions> | Exclude<keyof Opts['webPreferences'], keyof WebPreferences> extends never ? true : false = true;
void onlyKnownOptions;

export type PassphraseWindow = { prompt: PassphrasePrompt; close(): void };

export function createPassphrasePrompt(preloadPath: string): PassphraseWindow {
  let win: BrowserWindow | null = null;
  let pending: ((value: string | null) => void) | null = null;

  const settle = (value: string | null) => {
    const p = pending;
    pending = null;
    p?.(value);
  };

  const onMessage = (event: IpcMainEvent, msg: unknown) => {
    // Only the prompt window's own main frame may answer.
    if (!win || win.isDestroyed() || event.sender.id !== win.webContents.id) return;
    if (!event.senderFrame || event.senderFrame.parent !== null) return;
    if (!isPassphraseMessage(msg)) return;
    settle(msg.action === 'submit' ? msg.value : null);
  };

  const ensureWindow = (): BrowserWindow => {
    if (win && !win.isDestroyed()) return win;
    const w = new BrowserWindow(passphraseWindowOptions(preloadPath));
    w.setMenu(null);
    w.once('ready-to-show', () => w.show());
    w.on('closed', () => {
      win = null;
      settle(null);
    });
    win = w;
    return w;
  };

  ipcMain.on(PASSPHRASE_CHANNEL, onMessage);

  return {
    prompt(req: PassphraseRequest) {
      const w = ensureWindow();
      settle(null);
      return new Promise<string | null>((resolve) => {
        pending = resolve;
        const { html } = passphrasePage(req);
        w.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`).catch(() => settle(null));
      });
    },
    close() {
      ipcMain.removeListener(PASSPHRASE_CHANNEL, onMessage);
      if (win && !win.isDestroyed()) win.destroy();
      win = null;
    },
  };
}
