import { useCallback, useEffect, useRef, useState } from 'react';
import type { CustomerListRow, CUSTOMER_STATUSES } from '../../src-shared/customers/customers.contract';
import type { MethodOutput } from '../../src-shared/contract';
import { rpc } from '../platform/rpc';
import { showError } from '../i18n/showError';

type Cursor = MethodOutput<'customers.list'>['nextCursor'];
const PAGE = 100;

/**
 * customers.list, page by page along its keyset cursor. A new search or filter starts over;
 * an answer to an older search is dropped, so fast typing never shows the wrong rows.
 */
export function useCustomerPages(q: string, status: (typeof CUSTOMER_STATUSES)[number] | null) {
  const [rows, setRows] = useState<CustomerListRow[]>([]);
  const [cursor, setCursor] = useState<Cursor>(null);
  const [done, setDone] = useState(false);
  const [loading, setLoading] = useState(false);
  const generation = useRef(0);
  const inFlight = useRef(false);

  const fetchPage = useCallback(
    async (after: Cursor, gen: number) => {
      inFlight.current = true;
      setLoading(true);
      try {
        const page = await rpc.call('customers.list', { ...(q ? { q } : {}), ...(status ? { status } : {}), ...(after ? { after } : {}), limit: PAGE });
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
    },
    [q, status],
  );

  useEffect(() => {
    const gen = ++generation.current;
    setRows([]);
    setCursor(null);
    setDone(false);
    void fetchPage(null, gen);
  }, [fetchPage]);

  const loadMore = useCallback(() => {
    if (inFlight.current || done || !cursor) return;
    void fetchPage(cursor, generation.current);
  }, [cursor, done, fetchPage]);

  return { rows, loading, done, loadMore };
}
