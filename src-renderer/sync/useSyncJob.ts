import { useCallback, useState } from 'react';
import type { FileInfo } from '../../src-shared/files/files.contract';
import { useJobProgress, type JobProgress } from '../jobs/useJobProgress';
import { saveFile } from '../exports/saveFile';
import type { SyncJobKind } from './syncJobResult';

export type SyncJobRun = {
  kind: SyncJobKind;
  jobId: string;
  title: string;
  /** The file the job writes (a bundle, an enrollment): handed to the person when it is complete. */
  save: FileInfo | null;
};

export type SyncJobState = {
  run: SyncJobRun | null;
  job: JobProgress | null;
  /** Set when the job stopped: its last progress (status, result). */
  ended: JobProgress | null;
  start(run: SyncJobRun): void;
  clear(): void;
};

/** True when the job's result says it wrote its file (not refused). */
function wroteFile(job: JobProgress): boolean {
  return job.status === 'done' && job.result !== null && job.result.status === 'done';
}

/**
 * One sync job at a time on a page (a bundle made or received, an enrollment written): its
 * progress, and how it ended. `onEnd` runs once when it stops (the page reloads its figures).
 */
export function useSyncJob(onEnd: () => void): SyncJobState {
  const [run, setRun] = useState<SyncJobRun | null>(null);
  const [ended, setEnded] = useState<JobProgress | null>(null);
  const job = useJobProgress(run?.jobId ?? null, (p) => {
    setEnded(p);
    if (run?.save && wroteFile(p)) saveFile.deliver(run.save);
    onEnd();
  });
  const start = useCallback((r: SyncJobRun) => {
    setEnded(null);
    setRun(r);
  }, []);
  const clear = useCallback(() => {
    setEnded(null);
    setRun(null);
  }, []);
  return { run, job, ended, start, clear };
}
