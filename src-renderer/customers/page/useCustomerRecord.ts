import { useCallback, useEffect, useRef, useState } from 'react';
import type { CustomerPageDto } from '../../../src-shared/customers/customers.contract';
import { rpc } from '../../platform/rpc';
import { RpcCallError } from '../../platform/RpcCallError';

export type CustomerRecord = {
  page: CustomerPageDto | undefined;
  error: RpcCallError | null;
  loading: boolean;
  reload(): void;
  /** Change what is shown without a round trip (optimistic edits, a saved child row). */
  update(fn: (p: CustomerPageDto) => CustomerPageDto): void;
};

/**
 * The customer page's data: one `customers.get` (the record and every tab's first page). Kept in
 * local state rather than useRpcQuery because edits change it optimistically and roll it back.
 */
export function useCustomerRecord(id: string): CustomerRecord {
  const [page, setPage] = useState<CustomerPageDto | undefined>(undefined);
  const [error, setError] = useState<RpcCallError | null>(null);
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const ticket = ++latest.current;
    setLoading(true);
    rpc.call('customers.get', { id }).then(
      (p) => {
        if (ticket !== latest.current) return;
        setPage(p);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (ticket !== latest.current) return;
        setError(e instanceof RpcCallError ? e : new RpcCallError('customers.get', { code: 'INTERNAL', message: 'error.INTERNAL' }));
        setLoading(false);
      },
    );
  }, [id, version]);

  // Another customer: never show the previous one's data under the new id.
  useEffect(() => setPage(undefined), [id]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const update = useCallback((fn: (p: CustomerPageDto) => CustomerPageDto) => setPage((p) => (p ? fn(p) : p)), []);
  return { page, error, loading, reload, update };
}
