import { parentPort, workerData } from 'node:worker_threads';
import { runReader, type ReaderInit, type ReaderMessage } from './read-source';

/**
 * An import's reader thread (read-source.ts): reads and parses the file, posting batches to the
 * job's thread, at most as far ahead as that thread has asked for. No database, no secrets.
 * Bundled as import-read-worker.cjs beside job-worker.cjs; from source, read-worker.dev.mjs.
 */
const port = parentPort;
if (!port) throw new Error('read-worker.ts runs only as a worker thread');

let credits = 0;
let wake: (() => void) | null = null;
port.on('message', (m: { t: string }) => {
  if (m.t !== 'more') return;
  credits += 1;
  wake?.();
  wake = null;
});
const credit = async () => {
  while (credits === 0) await new Promise<void>((r) => (wake = r));
  credits -= 1;
};

void runReader(workerData as ReaderInit, (m: ReaderMessage) => port.postMessage(m), credit).finally(() => port.unref());
