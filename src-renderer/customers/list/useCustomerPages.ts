import { useCallback, useEffect, useRef, useState } from 'react';
import type { CustomerFilter, CustomerListRow } from '../../../src-shared/customers/customers.contract';
import { rpc } from '../../platform/rpc';
import { showError } from '../../i18n/showError';
import type { CustomerSort } from './useCustomerListStore';

const PAGE = 100;

export type CustomerQuery = { q: string; filter: CustomerFilter; sort: CustomerSort };

/**
 * customers.list, page by page along its opaque keyset cursor. A new search, filter or sort
 * starts over; an answer to an older query is dropped, so fast typing never shows the wrong rows.
 */
export function useCustomerPages(query: CustomerQuery) {
  const key = JSON.stringify(query);
  const queryRef = useRef(query);
  queryRef.current = query;
  const [rows, setRows] = useState<CustomerListRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [loading, setLoading] = useState(false);
  const [version, setVersion] = useState(0);
  const generation = useRef(0);
  const inFlight = useRef(false);

  const fetchPage = useCallback(async (after: string | null, gen: number) => {
    const { q, filter, sort } = queryRef.current;
    inFlight.current = true;
    setLoading(true);
    try {
      const page = await rpc.call('customers.list', { ...(q ? { q } : {}), filter, sort, ...(after ? { after } : {}), limit: PAGE });
      if (gen !== generation.current) return;
      setRows((prev) => (after ? [...prev, ...page.rows] : page.rows));
      setCursor(page.nextCursor);
      setDone(page.nextCursor === null);
    } catch (e) {
      if (gen === generation.current) {
        setDone(true);
        showError(e);
      }
    } finally {
      if (gen === generation.current) {
        inFlight.current = false;
        setLoading(false);
      }
    }
  }, []);

  useEffect(() => {
    const gen = ++generation.current;
    setRows([]);
    setCursor(null);
    setDone(false);
    void fetchPage(null, gen);
  }, [key, version, fetchPage]);

  const loadMore = useCallback(() => {
    if (inFlight.current || done || !cursor) return;
    void fetchPage(cursor, generation.current);
  }, [cursor, done, fetchPage]);

  /** Start over (after a bulk change or a create). */
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  return { rows, loading, done, loadMore, reload };
}
