import { useJobCancel } from '../jobs/useJobCancel';
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
  const { cancelling, cancel, settled } = useJobCancel();
  const job = useJobProgress(jobId, (j) => {
    onEnd(j);
    settled();
    setJobId(null);
  });

  return <JobRateProgress jobId={jobId} job={job} title={title} onCancel={() => cancel(jobId)} cancelling={cancelling} testId={testId} />;
}
