import { useState } from 'react';
import { rpc } from '../platform/rpc';
import { showError } from '../i18n/showError';
import { useJobProgress, type JobProgress } from '../jobs/useJobProgress';
import { useImportWizardStore } from './useImportWizardStore';
import { JobRateProgress } from './JobRateProgress';

/**
 * The job a wizard step is running (the dry run, the import itself): its progress and cancel.
 * When the job stops, `onEnd` is told once how it ended and the wizard's job is cleared, so the
 * step shows the outcome instead of this.
 */
export function ImportJobProgress({ jobId, title, testId, onEnd }: { jobId: string; title: string; testId: string; onEnd(job: JobProgress): void }) {
  const setJobId = useImportWizardStore((s) => s.setJobId);
  const [cancelling, setCancelling] = useState(false);
  const job = useJobProgress(jobId, (j) => {
    onEnd(j);
    setCancelling(false);
    setJobId(null);
  });

  const cancel = async () => {
    setCancelling(true);
    try {
      await rpc.call('jobs.cancel', { id: jobId });
    } catch (e) {
      setCancelling(false);
      showError(e);
    }
  };

  return <JobRateProgress jobId={jobId} job={job} title={title} onCancel={() => void cancel()} cancelling={cancelling} testId={testId} />;
}
