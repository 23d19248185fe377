import { pathToFileURL } from 'node:url';
import { openDatabase, type Db } from '../src-main/db/open';
import { writeTxSync } from '../src-main/db/tx';
import { createAppContext } from '../src-main/ipc/context';
import { JobRunner } from '../src-main/jobs/job-runner';
import { FACT_TABLES } from '../src-main/imports/changes';
import { CUSTOMER_CHILD_TABLES } from '../src-main/sync/routing';
import { figure, median, skipped, type Figure } from './lib';
import type { BenchEnv } from './customers';
import { bundleWorker, ok, signIn } from './suitability';

/**
 * customers.transfer10k  10,000 customers of one branch moved to another (客户转营业部) on the
 *                        1M demo: customers.transferBranch through dispatch as HQ's analyst,
 *                        approved by HQ's admin, until its job (worker thread, change capture of
 *                        every row it touches) is done; vs the bare UPDATEs of the same rows
 *                        (customers, their child rows and facts), one uncaptured transaction. No
 *                        goal in an issue: it is a job because it takes seconds.
 *
 * Both move the same customers; each run is undone afterwards (uncaptured), and what the app's
 * run added (ownership rows, ops, clocks, history, approvals, jobs) is removed.
 */
export const TRANSFER_NAMES = ['customers.transfer10k'];

const N = 10_000;
const ROUNDS = 2;

type Before = { id: string; branch_id: string; manager_id: string | null; version: number; updated_at: string; updated_by: string | null };

export async function transferFigures(env: BenchEnv): Promise<Figure[]> {
  const db = openDatabase({ file: await env.demoDb(), key: env.key });
  try {
    const from = db.sqlite.prepare(`SELECT id FROM org_units WHERE code = 'SH01'`).pluck().get() as string | undefined;
    const to = db.sqlite.prepare(`SELECT u.branch_id AS branch, u.id AS manager FROM users u JOIN org_units o ON o.id = u.branch_id WHERE u.login = 'bj.am1'`).get() as { branch: string; manager: string } | undefined;
    if (!from || !to) return [skipped('customers.transfer10k', 's', 'skipped: the demo has no SH01 branch or no bj.am1')];
    const rows = db.sqlite.prepare(`SELECT id, branch_id, manager_id, version, updated_at, updated_by FROM customers WHERE branch_id = ? AND deleted_at IS NULL ORDER BY seq LIMIT ?`).all(from, N) as Before[];
    if (rows.length < 1000) return [skipped('customers.transfer10k', 's', `skipped: the branch has only ${rows.length} customers`)];
    const ids = rows.map((r) => r.id);
    const idsJson = JSON.stringify(ids);
    const openPeriods = db.sqlite.prepare(`SELECT id FROM customer_ownership WHERE customer_id IN (SELECT value FROM json_each(?)) AND valid_to IS NULL`).pluck().all(idsJson) as string[];
    const openTasks = db.sqlite.prepare(`SELECT id, owner_id FROM tasks WHERE customer_id IN (SELECT value FROM json_each(?)) AND status = 'open'`).all(idsJson) as { id: string; owner_id: string | null }[];
    const children = [...CUSTOMER_CHILD_TABLES, ...Object.keys(FACT_TABLES)];
    const restore = (m: Mark) =>
      writeTxSync(
        db,
        'bench',
        () => {
          const s = db.sqlite;
          const back = s.prepare(`UPDATE customers SET branch_id = ?, manager_id = ?, version = ?, updated_at = ?, updated_by = ? WHERE id = ?`);
          for (const r of rows) back.run(r.branch_id, r.manager_id, r.version, r.updated_at, r.updated_by, r.id);
          for (const t of children) s.prepare(`UPDATE ${t} SET branch_id = ? WHERE customer_id IN (SELECT value FROM json_each(?))`).run(from, idsJson);
          s.prepare(`DELETE FROM customer_ownership WHERE rowid > ?`).run(m.ownership);
          s.prepare(`UPDATE customer_ownership SET valid_to = NULL WHERE id IN (SELECT value FROM json_each(?))`).run(JSON.stringify(openPeriods));
          const owner = s.prepare(`UPDATE tasks SET owner_id = ? WHERE id = ?`);
          for (const t of openTasks) owner.run(t.owner_id, t.id);
          s.prepare(`DELETE FROM sync_ops WHERE origin = ? AND origin_seq > ?`).run(db.nodeId, m.seq);
          s.prepare(`DELETE FROM sync_cell_clock WHERE origin = ? AND origin_seq > ?`).run(db.nodeId, m.seq);
          s.prepare(`DELETE FROM history WHERE id > ?`).run(m.history);
          s.prepare(`DELETE FROM jobs WHERE kind = 'customers.transferBranch'`).run();
        },
        'uncaptured',
      );

    const app = await createAppContext({ db, dbKey: env.key });
    const worker = await bundleWorker(env.log);
    if (worker) app.jobs = new JobRunner({ db, key: env.key, events: app.events, now: app.now, workerScript: pathToFileURL(worker) });
    await signIn(app, 'bench-transfer-maker', 'analyst', env.password());
    await signIn(app, 'bench-transfer-checker', 'admin', env.password());

    const runs: number[] = [];
    const bare: number[] = [];
    let result = '';
    for (let round = 0; round < ROUNDS; round++) {
      env.log(`customers.transfer10k: round ${round + 1} …`);
      const m = mark(db);
      const t0 = performance.now();
      const { pendingApprovalId } = await ok<{ pendingApprovalId: string }>(app, 'bench-transfer-maker', 'customers.transferBranch', { ids, branchId: to.branch, managerId: to.manager, reason: 'branch_restructure' });
      await ok(app, 'bench-transfer-checker', 'approvals.approve', { id: pendingApprovalId });
      await app.jobs.idle();
      runs.push(performance.now() - t0);
      const moved = db.sqlite.prepare(`SELECT count(*) FROM customers WHERE id IN (SELECT value FROM json_each(?)) AND branch_id = ?`).pluck().get(idsJson, to.branch) as number;
      if (moved !== ids.length) throw new Error(`the transfer moved ${moved} of ${ids.length}`);
      result = `${moved.toLocaleString('en-US')} moved; ${(db.sqlite.prepare(`SELECT count(*) FROM sync_ops WHERE origin = ? AND origin_seq > ?`).pluck().get(db.nodeId, m.seq) as number).toLocaleString('en-US')} ops captured`;
      restore(m);

      const b = mark(db);
      const t1 = performance.now();
      writeTxSync(
        db,
        'bench',
        () => {
          for (const t of children) db.sqlite.prepare(`UPDATE ${t} SET branch_id = ? WHERE customer_id IN (SELECT value FROM json_each(?))`).run(to.branch, idsJson);
          db.sqlite.prepare(`UPDATE customers SET branch_id = ?, manager_id = ? WHERE id IN (SELECT value FROM json_each(?))`).run(to.branch, to.manager, idsJson);
        },
        'uncaptured',
      );
      bare.push(performance.now() - t1);
      restore(b);
    }
    return [
      figure(
        'customers.transfer10k',
        median(runs) / 1000,
        median(bare) / 1000,
        's',
        `median of ${ROUNDS}; ${ids.length.toLocaleString('en-US')} customers SH01 → BJ01 with a manager; request, approval and the job until done (${result}; worker: ${worker ? 'bundled from source' : 'TS source via tsx'}) vs the bare UPDATEs of customers, child rows and facts, uncaptured; no goal`,
      ),
    ];
  } finally {
    db.close();
  }
}

type Mark = { ownership: number; history: number; seq: number };
function mark(db: Db): Mark {
  const max = (sql: string, ...p: unknown[]) => (db.sqlite.prepare(sql).pluck().get(...p) as number | null) ?? 0;
  return { ownership: max(`SELECT max(rowid) FROM customer_ownership`), history: max(`SELECT max(id) FROM history`), seq: max(`SELECT max(origin_seq) FROM sync_ops WHERE origin = ?`, db.nodeId) };
}
