import { useCallback, useEffect, useRef, useState } from 'react';
import type { Method, MethodInput, MethodOutput } from '../../src-shared/contract';
import { rpc } from '../platform/rpc';
import { RpcCallError } from '../platform/RpcCallError';

export type RpcQuery<T> = { data: T | undefined; error: RpcCallError | null; loading: boolean; reload(): void };

/**
 * Server data for a component: calls `method` when it mounts and whenever the input changes
 * (compared by value), ignores answers that arrive after a newer request, and keeps the last
 * data while reloading so lists do not flash.
 */
export function useRpcQuery<M extends Method>(method: M, input: MethodInput<M>, opts: { enabled?: boolean } = {}): RpcQuery<MethodOutput<M>> {
  const enabled = opts.enabled ?? true;
  const key = JSON.stringify(input);
  const inputRef = useRef(input);
  inputRef.current = input;
  const [data, setData] = useState<MethodOutput<M> | undefined>(undefined);
  const [error, setError] = useState<RpcCallError | null>(null);
  const [loading, setLoading] = useState(enabled);
  const [version, setVersion] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    if (!enabled) {
      setLoading(false);
      return;
    }
    const ticket = ++latest.current;
    setLoading(true);
    rpc.call(method, inputRef.current).then(
      (v) => {
        if (ticket !== latest.current) return;
        setData(v);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (ticket !== latest.current) return;
        setError(e instanceof RpcCallError ? e : new RpcCallError(method, { code: 'INTERNAL', message: 'error.INTERNAL' }));
        setLoading(false);
      },
    );
  }, [method, key, version, enabled]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading, reload };
}
