import type { Method, MethodInput, MethodOutput } from '../../src-shared/contract';
import type { RpcError } from '../../src-shared/rpc/errors';
import { bridge } from './bridge';
import { RpcCallError } from './RpcCallError';

type ErrorListener = (method: string, error: RpcError) => void;
const listeners = new Set<ErrorListener>();

/**
 * Typed calls over the bridge, derived from the shared contract: a wrong method name or input
 * shape is a compile error. Values are trusted as the contract's output (main validates them
 * in development); failures throw RpcCallError.
 */
export const rpc = {
  async call<M extends Method>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const r = await bridge.invoke(method, input);
    if (!r.ok) {
      for (const l of listeners) l(method, r.error);
      throw new RpcCallError(method, r.error);
    }
    return r.value as MethodOutput<M>;
  },
  /** Session-wide reactions (signed out elsewhere, locked by idle) without every caller handling them. */
  onError(l: ErrorListener): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};
