import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { get } from 'node:http';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { PAGE_SIZE, keyConnection, newDbKey, openDatabase } from '../src-main/db/open';
import { CUSTOMER_COLUMNS, generateDemo, makeCustomerSource, uuidv7At, type CustomerRow } from '../src-main/demo/generate';
import { makeRng } from '../src-main/demo/demo-data';
import { createAppContext } from '../src-main/ipc/context';
import { dispatch } from '../src-main/ipc/dispatch';
import { loadActor } from '../src-main/auth/actor';
import { searchSeqs, selectCustomerRows } from '../src-main/customers/customers.queries';
import { readKeyFile } from '../src-main/demo/demo-files';
import { DEMO_PASSWORD } from '../src-main/demo/generate';
import { figure, formatTable, median, p95, sampleMs, skipped, tempDir, type Figure } from './lib';
import { CUSTOMER_NAMES, customerFigures } from './customers';
import { IMPORT_NAMES, importFigures } from './imports';
import { EXPORT_NAMES, exportFigures } from './exports';
import { SUITABILITY_NAMES, suitabilityFigures } from './suitability';
import { TRANSFER_NAMES, transferFigures } from './transfer';
import { SYNC_NAMES, syncFigures } from './sync';

/**
 * `npm run bench [-- --json] [--only NAME|PREFIX] [--customers N]`
 *
 * Named figures, each with a baseline measured in the same run (ratios are what to compare):
 *   demo.generate             demo generation rows/s (encrypted, every search structure) vs a
 *                             bare prepared insert of the same rows into an unindexed table
 *   dispatch.overhead         customers.list {limit: 50} through dispatch, as an account
 *   dispatch.overhead.search  manager (and with a search term), vs the same SQL run directly
 *   host.coldStart            test host spawn → first page served vs a bare `node -e` server
 *   search.*, list.*, customer.page   the customer list's figures (bench/customers.ts)
 * The demo database generated for demo.generate is the one the others run on; `--db FILE`
 * (with FILE.key beside it, as `cli demo` writes) reuses an existing demo instead.
 */

const { values } = parseArgs({
  options: { json: { type: 'boolean' }, only: { type: 'string' }, customers: { type: 'string' }, db: { type: 'string' } },
  strict: true,
});
const N = values.customers === undefined ? 1_000_000 : Number(values.customers.replace(/_/g, ''));
if (!Number.isInteger(N) || N < 100) throw new Error('--customers must be a whole number ≥ 100');
const only = values.only;
const ALL_NAMES = ['demo.generate', 'dispatch.overhead', 'dispatch.overhead.search', 'host.coldStart', 'duplicates.scan', ...CUSTOMER_NAMES, ...IMPORT_NAMES, ...EXPORT_NAMES, ...SUITABILITY_NAMES, ...TRANSFER_NAMES, ...SYNC_NAMES];
// An exact name runs that figure alone; anything else is a prefix (`dispatch` runs both).
const exact = only !== undefined && ALL_NAMES.includes(only);
const wanted = (name: string) => !only || (exact ? name === only : name.startsWith(only));
const log = (s: string) => {
  if (!values.json) process.stderr.write(`${s}\n`);
};

const tmp = tempDir('bd-bench-');
const key = values.db ? readKeyFile(`${values.db}.key`) : newDbKey();
const dbFile = values.db ?? join(tmp.dir, 'bench.db');
let demoSeconds: number | null = null;
let password = values.db ? DEMO_PASSWORD : '';

/** The shared demo database, generated once (and timed: that is demo.generate's value). */
async function demoDb(): Promise<string> {
  if (values.db) return dbFile;
  if (demoSeconds === null) {
    log(`generating a demo database of ${N.toLocaleString('en-US')} customers …`);
    const info = await generateDemo({ file: dbFile, key, customers: N, seed: 1 });
    demoSeconds = info.seconds;
    password = info.password;
  }
  return dbFile;
}

type Bench = { names: string[]; run(): Promise<Figure[]> };

const demoGenerate: Bench = {
  names: ['demo.generate'],
  async run() {
    await demoDb();
    if (demoSeconds === null) return [skipped('demo.generate', 'rows/s', 'skipped: --db reuses an existing demo')];
    const value = N / demoSeconds;
    // Baseline: the same generator's rows, made beforehand, inserted bare (one transaction,
    // no indexes, no generated columns or triggers) into the same kind of encrypted file.
    log('baseline: bare insert of the same rows …');
    const rng = makeRng(3);
    const now = Date.now();
    const branches = ['3101', '1101', '4403'].map((noPrefix, i) => ({
      id: uuidv7At(now + i, rng),
      noPrefix,
      region: (['shanghai', 'beijing', 'shenzhen'] as const)[i]!,
      share: [0.4, 0.35, 0.25][i]!,
      managers: [uuidv7At(now + 10 + i, rng), uuidv7At(now + 20 + i, rng)],
    }));
    const next = makeCustomerSource({ seed: 1, branches, thresholds: { silver: 5_000_000, gold: 50_000_000, platinum: 100_000_000, diamond: 500_000_000 }, now });
    const rows: CustomerRow[] = new Array<CustomerRow>(N);
    for (let i = 0; i < N; i++) rows[i] = next(i, N);
    const file = join(tmp.dir, 'bare.db');
    const db = new Database(file);
    keyConnection(db, newDbKey());
    db.pragma(`page_size = ${PAGE_SIZE}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('cache_size = -262144');
    db.exec(`CREATE TABLE customers (seq INTEGER PRIMARY KEY, ${CUSTOMER_COLUMNS.map((c) => `${c} ANY`).join(', ')})`);
    const ins = db.prepare(`INSERT INTO customers (${CUSTOMER_COLUMNS.join(', ')}) VALUES (${CUSTOMER_COLUMNS.map(() => '?').join(', ')})`);
    const t = performance.now();
    db.transaction(() => {
      for (const r of rows) ins.run(...r);
    })();
    const seconds = (performance.now() - t) / 1000;
    db.close();
    rows.length = 0;
    return [figure('demo.generate', value, N / seconds, 'rows/s', `${N.toLocaleString('en-US')} customers in ${demoSeconds!.toFixed(1)} s; bare insert ${seconds.toFixed(1)} s`)];
  },
};

const dispatchOverhead: Bench = {
  names: ['dispatch.overhead', 'dispatch.overhead.search'],
  async run() {
    const file = await demoDb();
    log('dispatch overhead …');
    const db = openDatabase({ file, key });
    try {
      const app = await createAppContext({ db });
      const clientId = 'bench-client';
      const login = await dispatch(app, clientId, 'auth.login', { login: 'sh.am1', password });
      if (!login.ok) throw new Error(`login failed: ${login.error.code}`);
      const actor = loadActor(app, app.sessions.get(clientId)!)!;
      // A realistic search: the first two characters of the name of one of the manager's customers.
      const name = db.sqlite.prepare(`SELECT name FROM customers WHERE manager_id = ? AND id_type = 'resident_id' ORDER BY seq LIMIT 1`).pluck().get(actor.userId) as string;
      const term = [...name].slice(0, 2).join('');
      const out: Figure[] = [];
      for (const [figName, q] of [['dispatch.overhead', undefined], ['dispatch.overhead.search', term]] as const) {
        if (!wanted(figName)) continue;
        let builder = selectCustomerRows(db.kysely, actor).orderBy('customers.assets_fen', 'desc').orderBy('customers.seq', 'desc').limit(51);
        if (q) builder = builder.where('customers.seq', 'in', searchSeqs(db.kysely, q));
        const compiled = builder.compile();
        const stmt = db.sqlite.prepare(compiled.sql);
        const params = compiled.parameters as unknown[];
        const input = q ? { limit: 50, q } : { limit: 50 };
        const viaDispatch = async () => {
          const r = await dispatch(app, clientId, 'customers.list', input);
          if (!r.ok) throw new Error(r.error.code);
        };
        const direct = () => stmt.all(...params);
        // Interleave the two so drift in machine load hits both alike.
        const a: number[] = [];
        const b: number[] = [];
        for (let round = 0; round < 5; round++) {
          a.push(...(await sampleMs(viaDispatch, { warmup: 10, iterations: 60 })));
          b.push(...(await sampleMs(direct, { warmup: 10, iterations: 60 })));
        }
        const rows = (direct() as unknown[]).length;
        out.push(figure(figName, median(a), median(b), 'ms/call', `median of ${a.length}; p95 ${p95(a).toFixed(3)} vs ${p95(b).toFixed(3)} ms; ${rows} rows${q ? `; 2-char term` : ''}`));
      }
      await dispatch(app, clientId, 'auth.logout', {});
      return out;
    } finally {
      db.close();
    }
  },
};

/** Spawn a server that prints `BROKERDESK_URL=<url>`; time from spawn to GET / answered 200. */
async function coldStart(cmd: string, args: string[]): Promise<number> {
  const t0 = performance.now();
  // Its own process group, so the whole tree (npx → tsx → node) is ended by its id.
  const child = spawn(cmd, args, { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    const url = await new Promise<string>((res, rej) => {
      let buf = '';
      const timer = setTimeout(() => rej(new Error(`no URL after 60 s: ${stderr.slice(-500)}`)), 60_000);
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const m = /BROKERDESK_URL=(\S+)/.exec(buf);
        if (m) {
          clearTimeout(timer);
          res(m[1]!);
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        rej(new Error(`exited ${code}: ${stderr.slice(-500)}`));
      });
    });
    for (;;) {
      const status = await new Promise<number>((res) => {
        const req = get(new URL('/', url), (r) => {
          r.resume();
          res(r.statusCode ?? 0);
        });
        req.on('error', () => res(0));
      });
      if (status === 200) return performance.now() - t0;
      if (performance.now() - t0 > 60_000) throw new Error(`GET / never answered 200 (last ${status})`);
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
}

const hostColdStart: Bench = {
  names: ['host.coldStart'],
  async run() {
    const serve = resolve('tests/host/serve.ts');
    const staticDir = resolve('dist-renderer');
    if (!existsSync(serve)) return [skipped('host.coldStart', 'ms', 'skipped: tests/host/serve.ts does not exist yet')];
    if (!existsSync(join(staticDir, 'index.html'))) return [skipped('host.coldStart', 'ms', 'skipped: no dist-renderer/index.html (run `npm run build:renderer`)')];
    const file = await demoDb();
    log('host cold start …');
    const host: number[] = [];
    const bare: number[] = [];
    const bareServer = `const s=require('http').createServer((q,r)=>r.end('ok'));s.listen(0,'127.0.0.1',()=>console.log('BROKERDESK_URL=http://127.0.0.1:'+s.address().port))`;
    for (let i = 0; i < 3; i++) {
      host.push(await coldStart('npx', ['tsx', serve, '--db', file, '--key', key, '--port', '0', '--static', staticDir]));
      bare.push(await coldStart(process.execPath, ['-e', bareServer]));
    }
    return [figure('host.coldStart', median(host), median(bare), 'ms', `median of 3; npx tsx serve.ts on the ${N.toLocaleString('en-US')}-customer demo vs bare node -e http server`)];
  },
};

/**
 * duplicates.scan: customers.duplicates.scan as HQ compliance (every branch) through dispatch,
 * from the call to the worker's exit, on the demo plus 300 planted duplicates (100 per
 * reason: same ID number, same name + birth date, same phone), vs the bare GROUP BY queries
 * the job runs, on one connection. The planted rows and everything the scans wrote are
 * removed afterwards, so figures run later see the demo as generated.
 */
const duplicatesScan: Bench = {
  names: ['duplicates.scan'],
  async run() {
    const file = await demoDb();
    const { writeTxSync } = await import('../src-main/db/tx');
    const { JobRunner } = await import('../src-main/jobs/job-runner');
    const { DUPLICATE_GROUP_SQL } = await import('../src-main/customers/duplicates.job');
    const { pathToFileURL } = await import('node:url');
    log('duplicate finder …');
    const db = openDatabase({ file, key });
    const planted: number[] = [];
    try {
      const cols = (db.sqlite.prepare(`SELECT name FROM pragma_table_xinfo('customers') WHERE hidden = 0 AND name NOT IN ('seq', 'id')`).pluck().all() as string[]).join(', ');
      const src = db.sqlite.prepare(`SELECT seq FROM customers WHERE id_type = 'resident_id' AND phone IS NOT NULL AND birth_date IS NOT NULL ORDER BY seq LIMIT 300 OFFSET 5000`).pluck().all() as number[];
      const copy = db.sqlite.prepare(`INSERT INTO customers (id, ${cols}) SELECT ?, ${cols} FROM customers WHERE seq = ? RETURNING seq`);
      const rng = makeRng(7);
      writeTxSync(db, 'bench', () => {
        src.forEach((seq, i) => {
          const n = (copy.get(uuidv7At(Date.now(), rng), seq) as { seq: number }).seq;
          planted.push(n);
          const no = `9${String(i).padStart(8, '0')}`;
          const otherPhone = `1990000${String(i).padStart(4, '0')}`;
          const passport = `P${String(i).padStart(8, '0')}`;
          // Each copy shares exactly one reason with its original.
          if (i < 100) db.sqlite.prepare(`UPDATE customers SET customer_no = ?, name = name || '某', phone = ? WHERE seq = ?`).run(no, otherPhone, n);
          else if (i < 200) db.sqlite.prepare(`UPDATE customers SET customer_no = ?, id_type = 'passport', id_no = ?, phone = ? WHERE seq = ?`).run(no, passport, otherPhone, n);
          else db.sqlite.prepare(`UPDATE customers SET customer_no = ?, name = name || '某', id_type = 'passport', id_no = ?, birth_date = NULL WHERE seq = ?`).run(no, passport, n);
        });
      }, 'uncaptured');
      const app = await createAppContext({ db, dbKey: key });
      // The app's worker bundle when built (what the packaged app runs); else the TS source through tsx.
      const bundle = resolve('dist-main/job-worker.cjs');
      const viaBundle = existsSync(bundle);
      if (viaBundle) app.jobs = new JobRunner({ db, key, events: app.events, now: app.now, workerScript: pathToFileURL(bundle) });
      const clientId = 'bench-dupes';
      const login = await dispatch(app, clientId, 'auth.login', { login: 'hq.compliance', password });
      if (!login.ok) throw new Error(`login failed: ${login.error.code}`);
      const scans: number[] = [];
      const bare: number[] = [];
      let result = '';
      for (let round = 0; round < 3; round++) {
        const t0 = performance.now();
        const r = await dispatch(app, clientId, 'customers.duplicates.scan', {});
        if (!r.ok) throw new Error(r.error.code);
        const { jobId } = r.value as { jobId: string };
        await app.jobs.wait(jobId);
        scans.push(performance.now() - t0);
        const job = await dispatch(app, clientId, 'jobs.get', { id: jobId });
        if (!job.ok || (job.value as { status: string }).status !== 'done') throw new Error('the scan did not finish');
        result = JSON.stringify((job.value as { result: unknown }).result);
        const t1 = performance.now();
        for (const q of Object.values(DUPLICATE_GROUP_SQL)) db.sqlite.prepare(q).all();
        bare.push(performance.now() - t1);
      }
      await dispatch(app, clientId, 'auth.logout', {});
      return [figure('duplicates.scan', median(scans) / 1000, median(bare) / 1000, 's', `median of 3; ${N.toLocaleString('en-US')} customers + 300 planted; HQ scope; ${result}; worker: ${viaBundle ? 'dist-main/job-worker.cjs' : 'TS source via tsx'}`)];
    } finally {
      writeTxSync(db, 'bench', () => {
        const del = (sql: string) => db.sqlite.prepare(sql).run(JSON.stringify(planted));
        del(`DELETE FROM customer_name_tri WHERE rowid IN (SELECT value FROM json_each(?))`);
        del(`DELETE FROM customer_name_gram WHERE rowid IN (SELECT value FROM json_each(?))`);
        del(`DELETE FROM customers WHERE seq IN (SELECT value FROM json_each(?))`);
        db.sqlite.exec(`DELETE FROM duplicate_pairs; DELETE FROM jobs WHERE kind = 'customers.duplicates'`);
      }, 'uncaptured');
      db.close();
    }
  },
};

const customers: Bench = {
  names: CUSTOMER_NAMES,
  run: () => customerFigures({ demoDb, key, password: () => password, wanted, log }),
};

const env = { demoDb, key, password: () => password, wanted, log };
const imports: Bench = { names: IMPORT_NAMES, run: () => importFigures(env) };
const exports: Bench = { names: EXPORT_NAMES, run: () => exportFigures(env) };
const suitability: Bench = { names: SUITABILITY_NAMES, run: () => suitabilityFigures(env) };
const transfer: Bench = { names: TRANSFER_NAMES, run: () => transferFigures(env) };
const sync: Bench = { names: SYNC_NAMES, run: () => syncFigures({ ...env, customers: N }) };

const BENCHES: Bench[] = [demoGenerate, dispatchOverhead, hostColdStart, customers, duplicatesScan, imports, exports, suitability, transfer, sync];

async function main(): Promise<void> {
  const figs: Figure[] = [];
  try {
    for (const b of BENCHES) {
      if (!b.names.some(wanted)) continue;
      figs.push(...(await b.run()).filter((f) => wanted(f.name)));
    }
  } finally {
    tmp.cleanup();
  }
  if (only && figs.length === 0) throw new Error(`no figure matches --only ${only}; figures: ${ALL_NAMES.join(', ')}`);
  process.stdout.write(values.json ? `${JSON.stringify(figs.map(({ name, value, unit, baseline, ratio, note }) => ({ name, value, unit, baseline, ratio, ...(note ? { note } : {}) })), null, 2)}\n` : `${formatTable(figs)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
