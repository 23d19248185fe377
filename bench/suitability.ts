import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { v7 as uuidv7 } from 'uuid';
import { openDatabase, type Db } from '../src-main/db/open';
import { writeTxSync } from '../src-main/db/tx';
import { createAppContext, type AppContext } from '../src-main/ipc/context';
import { dispatch } from '../src-main/ipc/dispatch';
import { JobRunner } from '../src-main/jobs/job-runner';
import { shanghaiToday } from '../src-main/customers/customers.queries';
import { HOLDERS_SQL } from '../src-main/suitability/suitability.jobs';
import { figure, median, p95, skipped, timeMs, type Figure, bundleNodeEntry } from './lib';
import type { BenchEnv } from './customers';

/**
 * Issue 7's figures on the demo database.
 *
 *   suitability.recommend  recommendations.create through dispatch as a branch manager (scope,
 *                          the customer and product reads, the rule, the insert with its change
 *                          capture, the audit row, the DTO) vs the bare insert of the same row
 *                          in its own captured transaction. Goal: under 5 ms.
 *   suitability.cascade    a product held by 100,000 customers rises R1 → R5: products.save
 *                          through dispatch, from the call to the cascade job's end (worker
 *                          thread, batches, change capture), vs the bare SQL of the same work:
 *                          the holders query and two INSERT … SELECT statements (reviews and
 *                          tasks) in one captured transaction. Goal: under 10 s.
 *
 * Everything the figures add (the holdings rows, products, recommendations, reviews, tasks, the
 * change capture's ops and history of them) is removed afterwards.
 */
export const SUITABILITY_NAMES = ['suitability.recommend', 'suitability.cascade'];

const HOLDERS = 100_000;
const ADDED_TABLES = ['compliance_reviews', 'tasks', 'recommendations', 'product_risk_changes', 'products'];

/** The job worker as the app runs it, bundled from today's source; null (TS source via tsx) when that fails. */
export async function bundleWorker(log: (s: string) => void): Promise<string | null> {
  const outfile = resolve('node_modules/.cache/brokerdesk-bench/job-worker.cjs');
  try {
    await bundleNodeEntry('src-main/jobs/job-worker.ts', outfile);
    return outfile;
  } catch {
    log('could not bundle the job worker: running it from the TS source');
    return null;
  }
}

export async function signIn(app: AppContext, clientId: string, login: string, password: string): Promise<void> {
  const r = await dispatch(app, clientId, 'auth.login', { login, password });
  if (!r.ok) throw new Error(`login ${login} failed: ${r.error.code}`);
}

export async function ok<T>(app: AppContext, clientId: string, method: string, input: unknown): Promise<T> {
  const r = await dispatch(app, clientId, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.params ?? r.error.issues ?? '')}`);
  return r.value as T;
}

type Mark = { rowids: Record<string, number>; history: number; seq: number };

/** Where each table the figures write to ends now, so that only what they add is removed afterwards. */
function mark(db: Db): Mark {
  const max = (sql: string, ...p: unknown[]) => (db.sqlite.prepare(sql).pluck().get(...p) as number | null) ?? 0;
  return {
    rowids: Object.fromEntries(ADDED_TABLES.map((t) => [t, max(`SELECT max(rowid) FROM ${t}`)])),
    history: max(`SELECT max(id) FROM history`),
    seq: max(`SELECT max(origin_seq) FROM sync_ops WHERE origin = ?`, db.nodeId),
  };
}

/** Remove what the figures wrote: the holdings, the rows, and their ops, cell clocks and history. */
function cleanUp(db: Db, m: Mark, holdingsImport: string): void {
  writeTxSync(
    db,
    'bench',
    () => {
      db.sqlite.prepare(`DELETE FROM holdings WHERE import_id = ?`).run(holdingsImport);
      for (const t of ADDED_TABLES) {
        db.sqlite.prepare(`DELETE FROM sync_ops WHERE origin = ? AND origin_seq > ? AND tbl = ?`).run(db.nodeId, m.seq, t);
        db.sqlite.prepare(`DELETE FROM sync_cell_clock WHERE tbl = ? AND origin = ? AND origin_seq > ?`).run(t, db.nodeId, m.seq);
        db.sqlite.prepare(`DELETE FROM history WHERE id > ? AND tbl = ?`).run(m.history, t);
        db.sqlite.prepare(`DELETE FROM ${t} WHERE rowid > ?`).run(m.rowids[t]);
      }
      db.sqlite.prepare(`DELETE FROM jobs WHERE kind = 'products.riskRise'`).run();
    },
    'uncaptured',
  );
}

export async function suitabilityFigures(env: BenchEnv): Promise<Figure[]> {
  const file = await env.demoDb();
  const db = openDatabase({ file, key: env.key });
  registerUuid(db);
  const holdingsImport = `bench-${uuidv7()}`;
  const figs: Figure[] = [];
  const before = mark(db);
  try {
    const app = await createAppContext({ db, dbKey: env.key });
    // The job's worker as the app runs it: bundled from today's source (dist-main may predate
    // this module's jobs), inside the repository so it finds the SQLite driver it leaves external.
    const worker = await bundleWorker(env.log);
    const viaBundle = worker !== null;
    if (worker) app.jobs = new JobRunner({ db, key: env.key, events: app.events, now: app.now, workerScript: pathToFileURL(worker) });
    const hq = 'bench-suit-hq';
    const bm = 'bench-suit-bm';
    await signIn(app, hq, 'analyst', env.password());
    await signIn(app, bm, 'sh.manager', env.password());
    const manager = db.sqlite.prepare(`SELECT id, branch_id FROM users WHERE login = 'sh.manager'`).get() as { id: string; branch_id: string };
    const today = shanghaiToday(new Date());

    if (env.wanted('suitability.recommend')) {
      env.log('suitability.recommend …');
      const product = await ok<{ product: { id: string } }>(app, hq, 'products.save', { code: 'BENCH-R1', name: '基准测试货币基金', type: 'fund', riskLevel: 'R1', status: 'on_sale' });
      // Customers of the branch the rule allows R1 for: assessed, valid, not lowest, ordinary.
      const ids = db.sqlite
        .prepare(
          `SELECT id FROM customers WHERE branch_id = ? AND deleted_at IS NULL AND risk_expires_at >= ? AND risk_lowest = 0 AND investor_category = 'ordinary' LIMIT 400`,
        )
        .pluck()
        .all(manager.branch_id, today) as string[];
      if (ids.length < 50) {
        figs.push(skipped('suitability.recommend', 'ms/call', `skipped: only ${ids.length} suitable customers in the branch`));
      } else {
        const ins = db.sqlite.prepare(
          `INSERT INTO recommendations (id, customer_id, branch_id, product_id, kind, amount_fen, note, outcome, reasons, assessment_id, customer_level, customer_lowest,
             category, product_level, warning_version, ack_by, ack_at, approved_by, status, created_by, created_at, updated_at, deleted_at)
           VALUES (?, ?, ?, ?, 'recommend', NULL, NULL, 'allowed', '[]', NULL, 'C3', 0, 'ordinary', 'R1', NULL, NULL, NULL, NULL, 'active', ?, ?, ?, NULL)`,
        );
        const viaDispatch = (i: number) => ok(app, bm, 'recommendations.create', { customerId: ids[i % ids.length]!, productId: product.product.id, kind: 'recommend' });
        const bare = (i: number) =>
          writeTxSync(db, manager.id, () => {
            const now = new Date().toISOString();
            ins.run(uuidv7(), ids[i % ids.length]!, manager.branch_id, product.product.id, manager.id, now, now);
          });
        for (let i = 0; i < 30; i++) (await viaDispatch(i), bare(i));
        const a: number[] = [];
        const b: number[] = [];
        let n = 0;
        for (let round = 0; round < 5; round++) {
          for (let k = 0; k < 60; k++) a.push(await timeMs(() => viaDispatch(n++)));
          for (let k = 0; k < 60; k++) b.push(await timeMs(() => bare(n++)));
        }
        figs.push(
          figure(
            'suitability.recommend',
            median(a),
            median(b),
            'ms/call',
            `median of ${a.length}; p95 ${p95(a).toFixed(3)} vs ${p95(b).toFixed(3)} ms; goal < 5 ms; branch manager, allowed R1, ${ids.length} customers in turn; baseline: the bare captured insert`,
          ),
        );
      }
    }

    if (env.wanted('suitability.cascade')) {
      // 100,000 holders; a smaller demo (a trial run) uses every customer it has, and says so.
      const customers = db.sqlite.prepare(`SELECT id, branch_id FROM customers WHERE deleted_at IS NULL ORDER BY seq LIMIT ?`).all(HOLDERS) as { id: string; branch_id: string }[];
      if (customers.length < 1000) {
        figs.push(skipped('suitability.cascade', 's', `skipped: the demo has only ${customers.length} customers`));
      } else {
        env.log(`suitability.cascade: ${customers.length.toLocaleString('en-US')} holdings rows …`);
        const code = 'BENCH-CASCADE';
        const ins = db.sqlite.prepare(
          `INSERT INTO holdings (account_no, as_of, product_code, product_name, customer_id, branch_id, quantity, market_value_fen, import_id) VALUES (?, ?, ?, NULL, ?, ?, 1000, 100000, ?)`,
        );
        writeTxSync(db, 'bench', () => customers.forEach((c, i) => ins.run(`B${String(i).padStart(11, '0')}`, today, code, c.id, c.branch_id, holdingsImport)), 'uncaptured');
        const affected = (db.sqlite.prepare(`SELECT count(*) FROM customers WHERE id IN (SELECT customer_id FROM holdings WHERE import_id = ?) AND NOT (investor_category = 'professional' OR (risk_level IS 'C5' AND risk_lowest = 0))`).pluck().get(holdingsImport) as number);

        const runs: number[] = [];
        const bare: number[] = [];
        let result = '';
        for (let round = 0; round < 2; round++) {
          const p = await ok<{ product: { id: string; version: number } }>(app, hq, 'products.save', { code: `${code}-${round}`, name: '基准测试级联产品', type: 'fund', riskLevel: 'R1', status: 'on_sale' });
          db.sqlite.prepare(`UPDATE holdings SET product_code = ? WHERE import_id = ?`).run(`${code}-${round}`, holdingsImport);
          const t0 = performance.now();
          const saved = await ok<{ cascadeJobId: string }>(app, hq, 'products.save', { id: p.product.id, version: p.product.version, code: `${code}-${round}`, name: '基准测试级联产品', type: 'fund', riskLevel: 'R5', status: 'on_sale', riskChangeReason: '基准测试' });
          await app.jobs.wait(saved.cascadeJobId);
          runs.push(performance.now() - t0);
          const job = await ok<{ status: string; result: unknown }>(app, hq, 'jobs.get', { id: saved.cascadeJobId });
          if (job.status !== 'done') throw new Error(`the cascade job ended ${job.status}`);
          result = JSON.stringify(job.result);

          // The bare floor: the same holders, set-based inserts of the same rows (a review each, a task per manager), one captured transaction.
          const changeId = uuidv7();
          const t1 = performance.now();
          writeTxSync(db, manager.id, () => {
            const now = new Date().toISOString();
            // In id order, as the job takes them.
            const holders = JSON.stringify((db.sqlite.prepare(HOLDERS_SQL).pluck().all(`${code}-${round}`) as string[]).sort());
            db.sqlite
              .prepare(
                `INSERT INTO compliance_reviews (id, customer_id, branch_id, source, source_id, recommendation_id, product_id, reason, customer_level, product_level, status, reviewer_id, reviewed_at, note, created_at, updated_at, deleted_at)
                 SELECT bd_uuid7(), c.id, c.branch_id, 'product_risk_rise', ?, NULL, ?, 'risk_rise_holding', c.risk_level, 'R5', 'open', NULL, NULL, NULL, ?, ?, NULL
                 FROM json_each(?) j CROSS JOIN customers c ON c.id = j.value WHERE NOT (c.investor_category = 'professional' OR (c.risk_level IS 'C5' AND c.risk_lowest = 0))`,
              )
              .run(changeId, p.product.id, now, now, holders);
            db.sqlite
              .prepare(
                `INSERT INTO tasks (id, owner_id, branch_id, customer_id, kind, due_date, status, source, source_id, title_key, title_params, created_by, created_at, updated_at, deleted_at)
                 SELECT bd_uuid7(), m.manager_id, m.branch_id, NULL, 'suitability_review', ?, 'open', 'product_risk_rise', ?, 'suitability.task.riskRiseMany', json_object('count', m.n), ?, ?, ?, NULL
                 FROM (SELECT c.manager_id, r.branch_id, count(*) AS n FROM compliance_reviews r JOIN customers c ON c.id = r.customer_id
                       WHERE r.source_id = ? AND c.manager_id IS NOT NULL GROUP BY c.manager_id, r.branch_id) m`,
              )
              .run(today, changeId, manager.id, now, now, changeId);
          });
          bare.push(performance.now() - t1);
        }
        figs.push(
          figure(
            'suitability.cascade',
            median(runs) / 1000,
            median(bare) / 1000,
            's',
            `median of 2; ${customers.length.toLocaleString('en-US')} holders${customers.length < HOLDERS ? ` (the demo is smaller than the goal's ${HOLDERS.toLocaleString('en-US')})` : ''}, ${affected.toLocaleString('en-US')} no longer suited (a review each, one task per manager); goal < 10 s; ${result}; worker: ${viaBundle ? 'bundled from source with esbuild' : 'TS source via tsx'}`,
          ),
        );
      }
    }
    return figs;
  } finally {
    cleanUp(db, before, holdingsImport);
    db.close();
  }
}

/** SQLite has no UUIDv7 function: the bare baseline gets one on its connection. */
export function registerUuid(db: Db): void {
  db.sqlite.function('bd_uuid7', { deterministic: false }, () => uuidv7());
}
