import { useState } from 'react';
import { rpc } from '../platform/rpc';
import { showError } from '../i18n/showError';

/**
 * Cancelling a running job: `cancel` asks for it and `cancelling` shows it was asked until the
 * job ends (the caller's job-end callback calls `settled`). A refused request clears the flag
 * and says why.
 */
export function useJobCancel(): { cancelling: boolean; cancel(jobId: string | null): void; settled(): void } {
  const [cancelling, setCancelling] = useState(false);
  const cancel = (jobId: string | null) => {
    if (!jobId) return;
    setCancelling(true);
    rpc.call('jobs.cancel', { id: jobId }).catch((e: unknown) => {
      setCancelling(false);
      showError(e);
    });
  };
  return { cancelling, cancel, settled: () => setCancelling(false) };
}
