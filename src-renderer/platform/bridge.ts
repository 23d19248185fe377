import type { RpcResult } from '../../src-shared/rpc/errors';
import { BRIDGE_GLOBAL } from '../../src-shared/rpc/bridge';

/**
 * The renderer's only way out: the Electron preload exposes exactly this object as
 * `window.brokerdesk` (contextBridge, no ipcRenderer). In a plain browser (the test host under
 * tests/host) the same two calls go over HTTP: `POST /rpc` and an EventSource on `/events`.
 */
export type Bridge = {
  invoke(method: string, input: unknown): Promise<RpcResult<unknown>>;
  on(event: string, handler: (payload: unknown) => void): () => void;
};

function isBridge(v: unknown): v is Bridge {
  return typeof v === 'object' && v !== null && typeof (v as Bridge).invoke === 'function' && typeof (v as Bridge).on === 'function';
}

/** The HTTP stand-in. Identity is the host's HttpOnly cookie: nothing here names a user. */
function httpBridge(): Bridge {
  let source: EventSource | null = null;
  const handlers = new Map<string, Set<(payload: unknown) => void>>();
  const listen = (event: string) => {
    source ??= new EventSource('/events');
    source.addEventListener(event, (e) => {
      let payload: unknown = null;
      try {
        payload = JSON.parse((e as MessageEvent<string>).data);
      } catch {
        return;
      }
      for (const h of handlers.get(event) ?? []) h(payload);
    });
  };
  return {
    async invoke(method, input) {
      try {
        const res = await fetch('/rpc', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          credentials: 'same-origin',
          body: JSON.stringify({ method, input }),
        });
        if (!res.ok) return { ok: false, error: { code: 'INTERNAL', message: 'error.NETWORK' } };
        return (await res.json()) as RpcResult<unknown>;
      } catch {
        // The transport failed, not the call: say so, in the user's language.
        return { ok: false, error: { code: 'INTERNAL', message: 'error.NETWORK' } };
      }
    },
    on(event, handler) {
      let set = handlers.get(event);
      if (!set) {
        handlers.set(event, (set = new Set()));
        listen(event);
      }
      set.add(handler);
      return () => set.delete(handler);
    },
  };
}

const exposed: unknown = (window as unknown as Record<string, unknown>)[BRIDGE_GLOBAL];
export const bridge: Bridge = isBridge(exposed) ? exposed : httpBridge();
