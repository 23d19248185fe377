// A job's worker thread when running from TypeScript source (vitest, tsx: CLI, test host, bench).
// Node 20 does not apply `--import tsx` from a Worker's execArgv to the worker's entry module,
// so this plain-JS entry registers tsx's loader in the thread, then loads the real entry.
// The packaged app never uses this file: it runs dist-main/job-worker.cjs (scripts/build-main.mjs).
import { register } from 'tsx/esm/api';

register();
await import(new URL('./job-worker.ts', import.meta.url).href);
