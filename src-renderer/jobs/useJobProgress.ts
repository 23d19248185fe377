import { useEffect, useRef, useState } from 'react';
import type { JobDto } from '../../src-shared/jobs/jobs.contract';
import { bridge } from '../platform/bridge';
import { rpc } from '../platform/rpc';
import { eventSchemas } from '../../src-shared/rpc/events';

export type JobProgress = { status: JobDto['status']; done: number; total: number | null; phase: string; result: JobDto['result']; errorCode: string | null };

/** Polled as a fallback while running: an event can be missed (a reconnecting stream, a reload). */
const POLL_MS = 1500;
const TERMINAL: ReadonlySet<JobDto['status']> = new Set(['done', 'failed', 'cancelled']);
const ENDINGS: ReadonlySet<string> = new Set(['done', 'failed', 'cancelled']);

/**
 * A job's progress: `job.progress` events as they come, `jobs.get` on start, at the end (for the
 * result) and every few seconds as a fallback. `onEnd` runs once when the job stops.
 */
export function useJobProgress(jobId: string | null, onEnd?: (job: JobProgress) => void): JobProgress | null {
  const [job, setJob] = useState<JobProgress | null>(null);
  const onEndRef = useRef(onEnd);
  onEndRef.current = onEnd;

  useEffect(() => {
    setJob(null);
    if (!jobId) return;
    let stopped = false;
    let ended = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fetchRow = async () => {
      try {
        const j = await rpc.call('jobs.get', { id: jobId });
        if (stopped) return;
        const p: JobProgress = { status: j.status, done: j.done, total: j.total, phase: '', result: j.result, errorCode: j.errorCode };
        setJob((prev) => ({ ...p, phase: prev?.phase ?? '' }));
        if (TERMINAL.has(j.status)) {
          if (!ended) {
            ended = true;
            onEndRef.current?.(p);
          }
          return;
        }
      } catch {
        if (stopped) return;
      }
      timer = setTimeout(() => void fetchRow(), POLL_MS);
    };
    const off = bridge.on('job.progress', (raw) => {
      const parsed = eventSchemas['job.progress'].safeParse(raw);
      if (!parsed.success || parsed.data.jobId !== jobId || stopped) return;
      const e = parsed.data;
      if (ENDINGS.has(e.phase)) {
        // The final event names how it ended; the row has the result.
        clearTimeout(timer);
        void fetchRow();
        return;
      }
      setJob((prev) => ({ status: 'running', done: e.done, total: e.total, phase: e.phase, result: prev?.result ?? null, errorCode: null }));
    });
    void fetchRow();
    return () => {
      stopped = true;
      clearTimeout(timer);
      off();
    };
  }, [jobId]);

  return job;
}
