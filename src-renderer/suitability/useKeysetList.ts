import { useCallback, useEffect, useRef, useState } from 'react';
import { RpcCallError } from '../platform/RpcCallError';

export type KeysetPage<T> = { rows: T[]; nextCursor: string | null };
export type KeysetList<T> = {
  rows: T[];
  /** More rows exist after the last one shown. */
  hasMore: boolean;
  loading: boolean;
  error: RpcCallError | null;
  loadMore(): void;
  /** From the first page again (after a change). */
  reload(): void;
  /** Change one shown row without a round trip (a reviewed item, a closed recommendation). */
  replace(fn: (row: T) => T): void;
};

/**
 * A keyset-paginated list (`after` cursor, `nextCursor` back): the first page whenever `key`
 * changes (the filters, as a string), further pages appended on `loadMore`. Answers that
 * arrive after a newer request are dropped, so quick filter changes never mix lists.
 */
export function useKeysetList<T>(key: string, fetchPage: (after: string | undefined) => Promise<KeysetPage<T>>, opts: { enabled?: boolean } = {}): KeysetList<T> {
  const enabled = opts.enabled ?? true;
  const [rows, setRows] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(enabled);
  const [error, setError] = useState<RpcCallError | null>(null);
  const [version, setVersion] = useState(0);
  const ticket = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback((after: string | undefined, append: boolean) => {
    const mine = ++ticket.current;
    setLoading(true);
    fetchRef.current(after).then(
      (page) => {
        if (mine !== ticket.current) return;
        setRows((prev) => (append ? [...prev, ...page.rows] : page.rows));
        setCursor(page.nextCursor);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== ticket.current) return;
        setError(e instanceof RpcCallError ? e : new RpcCallError('list', { code: 'INTERNAL', message: 'error.INTERNAL' }));
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => {
    if (!enabled) {
      setLoading(false);
      return;
    }
    load(undefined, false);
  }, [key, version, enabled, load]);

  const loadMore = useCallback(() => {
    if (cursor) load(cursor, true);
  }, [cursor, load]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const replace = useCallback((fn: (row: T) => T) => setRows((prev) => prev.map(fn)), []);
  return { rows, hasMore: cursor !== null, loading, error, loadMore, reload, replace };
}
