import { Worker } from 'node:worker_threads';
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const w = new Worker(new URL('../src-main/jobs/job-worker.dev.mjs', import.meta.url), { workerData: { cancel: new SharedArrayBuffer(4), file: '/nonexistent/x.db', key: 'x', kind: 'k' }, execArgv: [] });
  await new Promise((r) => w.on('exit', r));
  console.log('spawn->exit', (performance.now() - t0).toFixed(0), 'ms');
}
