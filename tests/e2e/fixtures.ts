import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';
import { makeIdNumber, makeTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app';
import { createHost, type Host } from '../host/server';
import { openDatabase, newDbKey } from '../../src-main/db/open';
import { createAppContext } from '../../src-main/ipc/context';
import { writeTxSync } from '../../src-main/db/tx';
import { JobRunner } from '../../src-main/jobs/job-runner';
import type { AppContext } from '../../src-main/ipc/context';

/**
 * Jobs run from the worker bundle (what the app runs; `npm run test:e2e` rebuilds it with the
 * renderer): from TypeScript source every job start transpiles the worker's imports, ~6 s.
 */
const WORKER_BUNDLE = join(import.meta.dirname, '..', '..', 'dist-main', 'job-worker.cjs');
function useWorkerBundle(app: AppContext, key: string): void {
  if (existsSync(WORKER_BUNDLE)) app.jobs = new JobRunner({ db: app.db, key, events: app.events, now: app.now, workerScript: pathToFileURL(WORKER_BUNDLE) });
}

const STATIC_DIR = join(import.meta.dirname, '..', '..', 'dist-renderer');

export type Env = { url: string; t: TestApp; host: Host };
export type EmptyEnv = { url: string; host: Host };

const SURNAMES = ['张', '王', '李', '赵', '陈', '刘', '杨', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '建华'];
const LEVELS = [
  [0, 'normal'],
  [5_000_000, 'silver'],
  [50_000_000, 'gold'],
  [100_000_000, 'platinum'],
  [500_000_000, 'diamond'],
] as const;

/** Customers of branch 1, created through dispatch as their account managers, then given assets (imported facts). */
async function seedCustomers(t: TestApp, n: number): Promise<void> {
  const managers = [await t.login('am1', 'seed-am1'), await t.login('am1b', 'seed-am1b')];
  const assets: [string, number][] = [];
  for (let i = 0; i < n; i++) {
    const name = SURNAMES[i % SURNAMES.length]! + GIVEN[(i * 7) % GIVEN.length]!;
    const c = await t.ok(managers[i % 2]!, 'customers.create', {
      customerNo: String(31000100 + i),
      name,
      idType: 'resident_id',
      idNo: makeIdNumber(`19${String(55 + (i % 40)).padStart(2, '0')}0${1 + (i % 9)}1${i % 10}`, 100 + i, '310115'),
      phone: `13${String(800000000 + i * 7919).slice(0, 9)}`,
      branchId: t.org.b1,
    });
    // Assets arrive from the trading system's exports, not through the CRM: set them directly.
    assets.push([c.id, Math.round(((i * 7907) % 997) ** 2.35) * 100 + ((i * 37) % 100)]);
  }
  writeTxSync(
    t.db,
    'e2e-fixture',
    () => {
      const up = t.db.sqlite.prepare('UPDATE customers SET assets_fen = ?, level = ? WHERE id = ?');
      for (const [id, fen] of assets) up.run(fen, [...LEVELS].reverse().find(([min]) => fen >= min)![1], id);
    },
    'uncaptured',
  );
  await t.ok(managers[0]!, 'auth.logout', {});
  await t.ok(managers[1]!, 'auth.logout', {});
}

export const test = base.extend<{ customers: number; env: Env; emptyEnv: EmptyEnv }>({
  customers: [0, { option: true }],
  env: async ({ customers }, use) => {
    if (!existsSync(join(STATIC_DIR, 'index.html'))) throw new Error('dist-renderer is missing: run `npx vite build` (npm run test:e2e does)');
    const t = await makeTestApp();
    useWorkerBundle(t.app, t.key);
    if (customers > 0) await seedCustomers(t, customers);
    const host = await createHost({ app: t.app, staticDir: STATIC_DIR });
    await use({ url: host.url, t, host });
    await host.close();
    t.close();
  },
  emptyEnv: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'bd-e2e-empty-'));
    const key = newDbKey();
    const db = openDatabase({ file: join(dir, 'empty.db'), key });
    const app = await createAppContext({ db, dbKey: key, validateOutput: true });
    useWorkerBundle(app, key);
    const host = await createHost({ app, staticDir: STATIC_DIR });
    await use({ url: host.url, host });
    await host.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  },
});

export { expect };
export { TEST_PASSWORD };

/** Sign in through the login page, as a person would (keyboard: Enter submits). */
export async function signIn(page: Page, url: string, login: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto(url);
  const loginField = page.getByLabel(/登录名|Login/);
  await expect(loginField).toBeFocused();
  await loginField.fill(login);
  await page.getByLabel(/^(密码|Password)$/).fill(password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('header-user')).toBeVisible();
}
