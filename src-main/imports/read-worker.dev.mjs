// An import's reader thread when running from TypeScript source (vitest, tsx: CLI, test host).
// As job-worker.dev.mjs: register tsx in the thread, then load the real entry. The packaged app
// runs import-read-worker.cjs (scripts/build-main.mjs), never this file.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./read-worker.ts', import.meta.url).href);
