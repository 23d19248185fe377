/**
 * The Electron end of the one RPC channel (README.md here): `ipcMain.handle('rpc')` checks
 * the sender frame, derives the client id from the webContents, and hands the call to the
 * same `dispatch` the test host and the CLI use. Events go back on the 'event' channel.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { EVENT_CHANNEL, RPC_CHANNEL } from '../../src-shared/rpc/bridge';
import type { RpcResult } from '../../src-shared/rpc/errors';
import { isTrustedSender, type SenderInfo } from '../window/window-options';
import { clientIdOf } from './client-id';
import type { AppContext } from './context';
import { dispatch } from './dispatch';

export type RpcRegistration = {
  /** Trust a window's webContents: its calls are accepted and its events delivered. */
  attach(wc: WebContents): void;
  dispose(): void;
};

function senderInfo(event: IpcMainInvokeEvent): SenderInfo {
  let frame: SenderInfo['frame'] = null;
  try {
    const f = event.senderFrame;
    // `parent === null` is the main frame; reading a destroyed frame throws, hence the try.
    if (f) frame = { url: f.url, isMainFrame: f.parent === null };
  } catch {
    frame = null;
  }
  return { webContentsId: event.sender.id, frame };
}

export function registerRpc(app: AppContext): RpcRegistration {
  const windowIds = new Set<number>();
  const unsubscribers = new Map<number, () => void>();

  ipcMain.handle(RPC_CHANNEL, async (event, method: unknown, input: unknown): Promise<RpcResult<unknown>> => {
    if (!isTrustedSender(senderInfo(event), { windowIds })) {
      // No detail to the caller: an untrusted frame learns nothing about why.
      console.warn(`[ipc] refused a call from webContents ${event.sender.id}`);
      return { ok: false, error: { code: 'FORBIDDEN', message: 'error.FORBIDDEN' } };
    }
    if (typeof method !== 'string') return { ok: false, error: { code: 'UNKNOWN_METHOD', message: 'error.UNKNOWN_METHOD' } };
    return dispatch(app, clientIdOf(event.sender.id), method, input);
  });

  return {
    attach(wc) {
      const id = wc.id;
      const clientId = clientIdOf(id);
      windowIds.add(id);
      unsubscribers.set(
        id,
        app.events.subscribe(clientId, (name, payload) => {
          if (!wc.isDestroyed()) wc.send(EVENT_CHANNEL, name, payload);
        }),
      );
      wc.once('destroyed', () => {
        windowIds.delete(id);
        unsubscribers.get(id)?.();
        unsubscribers.delete(id);
        // The window is gone, so is its sign-in: a new window signs in again.
        app.sessions.end(clientId);
      });
    },
    dispose() {
      ipcMain.removeHandler(RPC_CHANNEL);
      for (const u of unsubscribers.values()) u();
      unsubscribers.clear();
      windowIds.clear();
    },
  };
}
