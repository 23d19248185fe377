import { useCallback, useEffect, useState } from 'react';
import type { PiiField } from '../../../src-shared/customers/customers.contract';
import { rpc } from '../../platform/rpc';
import { showError } from '../../i18n/showError';

export type PiiReveal = {
  /** Fields shown in clear on this page (null: the customer has none). */
  revealed: Partial<Record<PiiField, string | null>>;
  busy: PiiField | null;
  reveal(field: PiiField): void;
  /** After an edit or a reload the clear values may be stale: mask again. */
  forget(): void;
};

/** One explicit click per field, each a `customers.revealPii` call that main audits. Never cached beyond the page. */
export function usePiiReveal(customerId: string): PiiReveal {
  const [revealed, setRevealed] = useState<Partial<Record<PiiField, string | null>>>({});
  const [busy, setBusy] = useState<PiiField | null>(null);
  useEffect(() => setRevealed({}), [customerId]);

  const reveal = useCallback(
    (field: PiiField) => {
      setBusy(field);
      rpc
        .call('customers.revealPii', { id: customerId, field })
        .then((r) => setRevealed((prev) => ({ ...prev, [field]: r.value })), showError)
        .finally(() => setBusy(null));
    },
    [customerId],
  );
  const forget = useCallback(() => setRevealed({}), []);
  return { revealed, busy, reveal, forget };
}
