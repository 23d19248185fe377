import type { Method, MethodInput, MethodOutput } from '../contract';
import type { RpcResult } from './errors';
import type { EventName, EventPayload } from './events';

/**
 * What the preload exposes on `window.brokerdesk`, typed from the contract: the whole
 * renderer-to-main surface. Nothing else crosses (never `ipcRenderer` itself).
 */
export type BrokerDeskBridge = {
  invoke<M extends Method>(method: M, input: MethodInput<M>): Promise<RpcResult<MethodOutput<M>>>;
  /** Subscribe to a main → renderer event; returns the unsubscribe. */
  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void;
};

/** The global name, and the two IPC channels (architecture.md: one channel for calls). */
export const BRIDGE_GLOBAL = 'brokerdesk';
export const RPC_CHANNEL = 'rpc';
export const EVENT_CHANNEL = 'event';
