import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test as base } from './fixtures';
import { createHost, type Host } from '../host/server';
import { openDatabase, type Db } from '../../src-main/db/open';
import { createAppContext, type AppContext } from '../../src-main/ipc/context';
import { JobRunner } from '../../src-main/jobs/job-runner';
import { createEnrollment, installEnrollment } from '../../src-main/sync/enroll';

/**
 * A second install for the sync end-to-end test: branch 1 of the HQ fixture (`env`), enrolled
 * in Node (createEnrollment at HQ, installEnrollment into a new database) and served by its
 * own test host, as a branch laptop would run beside HQ's.
 */
const WORKER_BUNDLE = join(import.meta.dirname, '..', '..', 'dist-main', 'job-worker.cjs');
const STATIC_DIR = join(import.meta.dirname, '..', '..', 'dist-renderer');

/** `recoveryPassphrase`: the escrow's, shown at HQ's first enrollment (this one). */
export type BranchEnv = { url: string; db: Db; dbKey: string; app: AppContext; host: Host; recoveryPassphrase: string | null };

export const test = base.extend<{ branch: BranchEnv }>({
  branch: async ({ env }, use) => {
    const e = createEnrollment(env.t.db, env.t.org.b1, new Date());
    const file = join(env.t.dir, 'branch-b1.db');
    const { dbKey } = installEnrollment(file, e.file, e.passphrase, new Date());
    const db = openDatabase({ file, key: dbKey });
    const app = await createAppContext({ db, dbKey, validateOutput: true });
    // Jobs from the worker bundle, as the HQ fixture runs them (from source each start transpiles for seconds).
    if (existsSync(WORKER_BUNDLE)) app.jobs = new JobRunner({ db, key: dbKey, events: app.events, now: app.now, workerScript: pathToFileURL(WORKER_BUNDLE) });
    const host = await createHost({ app, staticDir: STATIC_DIR });
    await use({ url: host.url, db, dbKey, app, host, recoveryPassphrase: e.recoveryPassphrase });
    await host.close();
    await app.jobs.close();
    db.close();
  },
});

export { expect, signIn } from './fixtures';
