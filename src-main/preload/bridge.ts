/**
 * The preload's bridge object, built from an injected IPC so it can be tested without
 * Electron (preload.ts passes the real `ipcRenderer`). No `electron` import here.
 */
import { EVENT_CHANNEL, RPC_CHANNEL, type BrokerDeskBridge } from '../../src-shared/rpc/bridge';
import type { EventName } from '../../src-shared/rpc/events';
import type { Method, MethodInput, MethodOutput } from '../../src-shared/contract';
import type { RpcResult } from '../../src-shared/rpc/errors';

/** The three `ipcRenderer` methods the bridge uses; the listener's first argument is the IPC event. */
export type BridgeIpc = {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
};

export function makeBridge(ipc: BridgeIpc): BrokerDeskBridge {
  const bridge: BrokerDeskBridge = {
    invoke<M extends Method>(method: M, input: MethodInput<M>) {
      // Main validates everything; this only keeps a non-string from reaching the channel.
      if (typeof method !== 'string') return Promise.reject(new TypeError('method must be a string'));
      // The dispatcher's answer, typed by the contract it was checked against.
      return ipc.invoke(RPC_CHANNEL, method, input) as Promise<RpcResult<MethodOutput<M>>>;
    },
    on(event, handler) {
      if (typeof event !== 'string' || typeof handler !== 'function') throw new TypeError('on(event: string, handler: function)');
      const wanted: EventName = event;
      // The IPC event object is dropped here: it carries `sender` (ipcRenderer itself), which
      // must never reach the page. Only the payload crosses.
      const listener = (_ipcEvent: unknown, name: unknown, payload: unknown) => {
        if (name === wanted) (handler as (p: unknown) => void)(payload);
      };
      ipc.on(EVENT_CHANNEL, listener);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(EVENT_CHANNEL, listener);
      };
    },
  };
  return bridge;
}
