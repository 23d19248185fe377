import { useEffect, useRef, useState } from 'react';
import type { JobProgress } from '../jobs/useJobProgress';

/** Rows per second over this recent window: steady enough to read, quick to follow a slower phase. */
const WINDOW_MS = 5000;
/** Below this much elapsed time a rate is noise. */
const MIN_SPAN_MS = 700;

export type JobRate = { rowsPerSecond: number | null; secondsLeft: number | null };

/**
 * Rows per second and time left for a running job, from its successive progress reports
 * (`done` out of `total`). A phase change restarts the window: a dry run and a write run at
 * different speeds, and a new phase's `done` starts again.
 */
export function useJobRate(jobId: string | null, job: JobProgress | null): JobRate {
  const samples = useRef<{ t: number; done: number }[]>([]);
  const phase = useRef<string>('');
  const [rate, setRate] = useState<JobRate>({ rowsPerSecond: null, secondsLeft: null });

  useEffect(() => {
    samples.current = [];
    phase.current = '';
    setRate({ rowsPerSecond: null, secondsLeft: null });
  }, [jobId]);

  useEffect(() => {
    if (!job || job.status !== 'running') return;
    const now = performance.now();
    if (job.phase !== phase.current || (samples.current.length && job.done < samples.current[samples.current.length - 1]!.done)) {
      samples.current = [];
      phase.current = job.phase;
    }
    const s = samples.current;
    s.push({ t: now, done: job.done });
    // Keep one sample older than the window so the span covers all of it.
    while (s.length > 2 && now - s[1]!.t > WINDOW_MS) s.shift();
    const first = s[0]!;
    const span = now - first.t;
    if (span < MIN_SPAN_MS || job.done <= first.done) {
      if (span >= MIN_SPAN_MS) setRate({ rowsPerSecond: null, secondsLeft: null });
      return;
    }
    const rowsPerSecond = ((job.done - first.done) * 1000) / span;
    const secondsLeft = job.total !== null && job.total >= job.done ? Math.ceil((job.total - job.done) / rowsPerSecond) : null;
    setRate({ rowsPerSecond, secondsLeft });
  }, [job]);

  return rate;
}
