import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { openDatabase, type Db } from '../src-main/db/open';
import { writeTxSync } from '../src-main/db/tx';
import { idCheckChar } from '../src-shared/lib/id-number';
import { figure, skipped, tempDir, type Figure, bundleJobWorker, bundleNodeEntry, jobsApp } from './lib';
import type { BenchEnv } from './customers';

/**
 * Issue 5's import figures.
 *
 * import.customers100k           a 100,000-row × 25-column customers .xlsx (new customers, valid
 *                                IDs and phones; SHARED strings, as trading-system exports and
 *                                Excel itself write them) applied through dispatch + the job's
 *                                worker into the demo database (encrypted, every index, capture
 *                                on), from the imports.apply call to the job's end, vs exceljs's
 *                                bare streaming read of the same file (its defaults). Goal ≤ 2.5x.
 * import.customers100k.preview   the dry run over the same file (imports.preview call → job end),
 *                                vs the same bare read; reported on its own.
 * import.dailyAssets1m           1,000,000 daily-asset rows (inline strings) previewed and applied
 *                                by an HQ analyst in a child process: apply rows/s vs exceljs's
 *                                bare read rows/s of the same file;
 * import.dailyAssets1m.peakRss   that process's peak resident memory (VmHWM: main thread, the
 *                                job's worker thread and both connections' page caches). Goal
 *                                < 400 MB.
 * sync.captureOverhead           issue 6's "capture overhead on a bulk import of 100,000 rows":
 *                                the apply of import.customers100k (captured) vs the same apply
 *                                with capture off (the capture triggers dropped for the run, then
 *                                put back), in the order on, off, off, on, on, off on the same
 *                                database, each side's mean of three (runs here swing by 10 s:
 *                                the first, or one next to a slow patch of the disk; the order
 *                                gives each side the same positions on average). Goal ≤ 1.5x.
 *                                (sync.captureOverhead.insert, in bench/sync.ts, is the bare
 *                                INSERT loop's ratio.)
 *
 * The import's main side and the job worker are bundled with esbuild as the app builds them
 * (from TypeScript each thread would carry tsx). Afterwards everything an import added is
 * removed (the customers import is undone through imports.undo, timed, then the rows, their
 * ops and search entries are purged uncaptured; the facts deleted and the customers' assets
 * put back), so later figures see the demo as generated.
 */
export const IMPORT_NAMES: string[] = ['import.customers100k', 'import.customers100k.preview', 'import.dailyAssets1m', 'import.dailyAssets1m.peakRss', 'sync.captureOverhead'];

const CUSTOMER_ROWS = 100_000;
/** BD_BENCH_FACT_ROWS lowers it for a quick try. */
const FACT_ROWS = Number(process.env.BD_BENCH_FACT_ROWS) || 1_000_000;


// ---------------------------------------------------------------------------------------------
// Files.

const CUSTOMER_HEADERS = [
  '客户号', '客户姓名', '证件类型', '证件号码', '性别', '出生日期', '证件有效期', '国籍', '职业', '学历', '年收入', '联系地址', '手机号码',
  '备用电话', '电子邮箱', '微信', '开户日期', '客户来源', '投资经验', '投资期限', '风险等级', '测评日期', '测评有效期', '客户经理', '备注',
];
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红鹏建华飞鑫波斌宇浩凯健俊帆帅旭宁龙林欣佳怡晨阳子涵雨轩一诺梓睿思远'];
const JOBS = ['教师', '工程师', '医生', '个体经营', '公务员', '企业管理人员', '自由职业', '退休'];
const EDU = ['本科', '大专', '硕士', '中学', '博士'];
const INCOME = ['10–30 万元', '30–50 万元', '10 万元以下', '50–100 万元'];
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Row i of the customers file: a new customer of branch SH01 (customer numbers 9…, IDs from region 659004, phones 144…). */
function customerRow(i: number): string[] {
  const birthMs = Date.UTC(1960, 0, 1) + Math.floor(i / 1000) * 97 * DAY;
  const birth = iso(birthMs).replace(/-/g, '');
  const first17 = `659004${birth}${pad(i % 1000, 3)}`;
  const idNo = first17 + idCheckChar(first17);
  const name = SURNAMES[i % SURNAMES.length]! + GIVEN[(i * 7) % GIVEN.length]! + (i % 3 === 0 ? '' : GIVEN[(i * 13) % GIVEN.length]!);
  return [
    `9${pad(i, 11)}`, name, '居民身份证', idNo, Number(idNo[16]) % 2 === 1 ? '男' : '女', iso(birthMs), i % 5 === 0 ? '长期' : '2036-06-30', '中国',
    JOBS[i % JOBS.length]!, EDU[i % EDU.length]!, INCOME[i % INCOME.length]!, `上海市浦东新区世纪大道${(i % 2000) + 1}号`, `144${pad(i, 8)}`, '',
    `u${i}@example.com`, `wx${i}`, iso(Date.UTC(2015, 0, 1) + (i % 3000) * DAY), '营业部临柜', '1–3 年', '中期（1–5 年）', `C${(i % 5) + 1}`,
    '2025-05-01', '2027-05-01', i % 2 === 0 ? 'sh.am1' : 'sh.am2', i % 10 === 0 ? '批量导入' : '',
  ];
}

export async function writeCustomersFile(path: string, rows: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('客户信息');
  ws.addRow(CUSTOMER_HEADERS).commit();
  for (let i = 0; i < rows; i++) ws.addRow(customerRow(i)).commit();
  await wb.commit();
}

export async function writeFactsFile(path: string, accounts: readonly string[], rows: number): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('资产日报');
  ws.addRow(['资金账号', '日期', '总资产', '市值', '资金余额']).commit();
  const days = Math.ceil(rows / accounts.length);
  let n = 0;
  for (let d = 0; d < days && n < rows; d++) {
    const date = iso(Date.UTC(2026, 0, 5) + d * DAY);
    for (let a = 0; a < accounts.length && n < rows; a++, n++) {
      const mv = ((a * 7919 + d * 104729) % 5_000_000) + 1000;
      const cash = ((a * 31 + d * 17) % 200_000) + 0.5;
      ws.addRow([accounts[a]!, date, mv + cash, mv, cash]).commit();
    }
  }
  await wb.commit();
  return n;
}

/** exceljs's streaming read with its defaults, every cell touched: the library's floor for the file. */
async function bareRead(path: string): Promise<{ seconds: number; rows: number }> {
  const t0 = performance.now();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {});
  let rows = 0;
  let cells = 0;
  for await (const ws of reader) {
    for await (const row of ws) {
      rows += 1;
      cells += (row.values as unknown[]).length;
    }
  }
  if (cells === 0) throw new Error('bare read saw no cells');
  return { seconds: (performance.now() - t0) / 1000, rows: rows - 1 };
}

// ---------------------------------------------------------------------------------------------
// Running an import through dispatch (here, or in the child).

type Timed = { previewSeconds: number; applySeconds: number; settleSeconds: number; importId: string; counts: Record<string, number | null>; hwmMiB: number; hwmAfterPreviewMiB: number };

async function runImport(db: Db, key: string, worker: string, o: { login: string; password: string; kind: 'customers' | 'dailyAssets'; path: string }): Promise<Timed> {
  const clientId = `bench-import-${o.kind}`;
  const { app, call } = await jobsApp(db, key, worker, clientId);
  const trace = (stage: string) => {
    if (process.env.BD_BENCH_TRACE === '1') process.stderr.write(`${stage}: rss ${/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]} kB, hwm ${hwm().toFixed(0)} MiB\n`);
  };
  const timer = process.env.BD_BENCH_TRACE === '1' ? setInterval(() => trace('tick'), 1000) : null;
  trace('start');
  await call('auth.login', { login: o.login, password: o.password });
  const { handle } = app.files.issue(clientId, o.path, 'read');
  const info = await call<{ headerRow: number; headerSig: string; mapping: (string | null)[]; sheet: string | null }>('imports.inspect', { handle, kind: o.kind, encoding: 'auto' });
  const t0 = performance.now();
  const p = await call<{ importId: string; jobId: string }>('imports.preview', { handle, kind: o.kind, encoding: 'auto', headerRow: info.headerRow, headerSig: info.headerSig, mapping: info.mapping, ...(info.sheet ? { sheet: info.sheet } : {}) });
  await app.jobs.wait(p.jobId);
  const previewSeconds = (performance.now() - t0) / 1000;
  const hwmAfterPreviewMiB = hwm();
  const previewed = await call<{ status: string; counts: Record<string, number> | null; failure: unknown; firstErrors: unknown[] }>('imports.get', { id: p.importId });
  if (previewed.status !== 'previewed') throw new Error(`preview ended ${previewed.status}: ${JSON.stringify(previewed.failure)}`);
  if (previewed.counts!.error) throw new Error(`preview found ${previewed.counts!.error} errors: ${JSON.stringify(previewed.firstErrors.slice(0, 3))}`);
  const t1 = performance.now();
  const a = await call<{ jobId: string }>('imports.apply', { importId: p.importId, mode: 'all' });
  // Committed and reported: what the user waits for. Then the worker's after-report checkpoint.
  await app.jobs.reported(a.jobId);
  const applySeconds = (performance.now() - t1) / 1000;
  await app.jobs.wait(a.jobId);
  const settleSeconds = (performance.now() - t1) / 1000 - applySeconds;
  const applied = await call<{ status: string; counts: Record<string, number | null>; failure: unknown }>('imports.get', { id: p.importId });
  if (applied.status !== 'applied') throw new Error(`apply ended ${applied.status}: ${JSON.stringify(applied.failure)}`);
  await call('auth.logout', {});
  if (timer) clearInterval(timer);
  trace('end');
  return { previewSeconds, applySeconds, settleSeconds, importId: p.importId, counts: applied.counts, hwmMiB: hwm(), hwmAfterPreviewMiB };
}

function hwm(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Undo the customers import through dispatch (timed), then purge what remains of it uncaptured. */
async function undoAndPurge(db: Db, key: string, worker: string, login: string, password: string, importId: string, syncState: { key: string; value: string }[]): Promise<number> {
  const { dispatch } = await import('../src-main/ipc/dispatch');
  const clientId = 'bench-import-undo';
  const { app } = await jobsApp(db, key, worker, clientId);
  const r0 = await dispatch(app, clientId, 'auth.login', { login, password });
  if (!r0.ok) throw new Error(r0.error.code);
  const t0 = performance.now();
  const r = await dispatch(app, clientId, 'imports.undo', { id: importId });
  if (!r.ok) throw new Error(`undo: ${r.error.code}`);
  await app.jobs.wait((r.value as { jobId: string }).jobId);
  const seconds = (performance.now() - t0) / 1000;
  await dispatch(app, clientId, 'auth.logout', {});
  purge(db, importId, syncState);
  return seconds;
}

/** Run `fn` with the capture triggers dropped (an import whose writes capture nothing), then put them back. */
async function withoutCapture<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  const { installCaptureTriggers } = await import('../src-main/sync/capture');
  const names = db.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'bd_cap_%'`).pluck().all() as string[];
  db.sqlite.transaction(() => {
    for (const n of names) db.sqlite.exec(`DROP TRIGGER ${n}`);
  })();
  try {
    return await fn();
  } finally {
    db.sqlite.transaction(() => installCaptureTriggers(db.sqlite))();
  }
}

function purge(db: Db, importId: string, syncState: { key: string; value: string }[]): void {
  writeTxSync(
    db,
    'bench',
    () => {
      const s = db.sqlite;
      s.exec(`CREATE TEMP TABLE IF NOT EXISTS bench_rows (tbl TEXT, id TEXT, PRIMARY KEY (tbl, id)) WITHOUT ROWID; DELETE FROM bench_rows;`);
      s.prepare(`INSERT OR IGNORE INTO bench_rows SELECT table_name, row_key FROM import_changes WHERE import_id = ? AND table_name IN ('customers', 'customer_ownership')`).run(importId);
      s.exec(`
        DELETE FROM customer_name_tri WHERE rowid IN (SELECT c.seq FROM bench_rows b JOIN customers c ON c.id = b.id WHERE b.tbl = 'customers');
        DELETE FROM customer_name_gram WHERE rowid IN (SELECT c.seq FROM bench_rows b JOIN customers c ON c.id = b.id WHERE b.tbl = 'customers');
        DELETE FROM customers WHERE id IN (SELECT id FROM bench_rows WHERE tbl = 'customers');
        DELETE FROM customer_ownership WHERE id IN (SELECT id FROM bench_rows WHERE tbl = 'customer_ownership');
      `);
      for (const t of ['sync_ops', 'history']) s.prepare(`DELETE FROM ${t} WHERE (tbl, row_id) IN (SELECT tbl, id FROM bench_rows)`).run();
      s.prepare(`DELETE FROM sync_cell_clock WHERE (tbl, row_id) IN (SELECT tbl, id FROM bench_rows)`).run();
      s.prepare(`DELETE FROM import_changes WHERE import_id = ?`).run(importId);
      s.prepare(`DELETE FROM import_runs WHERE id = ?`).run(importId);
      s.exec(`DELETE FROM jobs WHERE kind LIKE 'imports.%'; DROP TABLE bench_rows;`);
      const up = s.prepare(`UPDATE sync_state SET value = ? WHERE key = ?`);
      for (const r of syncState) up.run(r.value, r.key);
    },
    'uncaptured',
  );
}

// ---------------------------------------------------------------------------------------------
// The child process of import.dailyAssets1m.

type ChildResult = Timed;

function runChild(script: string, worker: string, file: string, key: string, password: string, path: string): Promise<ChildResult> {
  return new Promise((res, rej) => {
    execFile(
      process.execPath,
      [script],
      {
        env: { ...process.env, NODE_PATH: resolve('node_modules'), BD_BENCH_IMPORT_CHILD: '1', BD_BENCH_WORKER: worker, BD_BENCH_DB: file, BD_DB_KEY: key, BD_PASSWORD: password, BD_BENCH_FILE: path },
        maxBuffer: 1 << 20,
        timeout: 60 * 60_000,
      },
      (err, stdout, stderr) => {
        if (err) return rej(new Error(`import child failed: ${stderr.slice(-800)}`));
        if (process.env.BD_BENCH_TRACE === '1') process.stderr.write(stderr);
        try {
          res(JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildResult);
        } catch {
          rej(new Error(`import child printed no result: ${stdout.slice(-300)} ${stderr.slice(-300)}`));
        }
      },
    );
  });
}

async function child(): Promise<void> {
  const file = process.env.BD_BENCH_DB!;
  const key = process.env.BD_DB_KEY!;
  const db = openDatabase({ file, key });
  try {
    const r = await runImport(db, key, process.env.BD_BENCH_WORKER!, { login: 'analyst', password: process.env.BD_PASSWORD!, kind: 'dailyAssets', path: process.env.BD_BENCH_FILE! });
    process.stdout.write(`${JSON.stringify(r)}\n`);
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------

async function customers100k(env: BenchEnv, dir: string, worker: string): Promise<Figure[]> {
  const file = await env.demoDb();
  const path = join(dir, 'customers100k.xlsx');
  env.log(`import.customers100k: writing ${CUSTOMER_ROWS.toLocaleString('en-US')} × ${CUSTOMER_HEADERS.length} shared-string .xlsx …`);
  await writeCustomersFile(path, CUSTOMER_ROWS);
  env.log('baseline: exceljs bare streaming read …');
  const bare1 = await bareRead(path);
  if (bare1.rows !== CUSTOMER_ROWS) throw new Error(`bare read saw ${bare1.rows} rows`);
  const db = openDatabase({ file, key: env.key });
  try {
    const syncState = db.sqlite.prepare(`SELECT key, value FROM sync_state WHERE key IN ('origin_seq', 'hlc')`).all() as { key: string; value: string }[];
    const before = db.sqlite.prepare(`SELECT count(*) FROM customers`).pluck().get() as number;
    env.log('import.customers100k: preview, then apply, through dispatch + worker …');
    const r = await runImport(db, env.key, worker, { login: 'sh.operator', password: env.password(), kind: 'customers', path });
    const bare2 = await bareRead(path);
    const bare = (bare1.seconds + bare2.seconds) / 2;
    env.log('import.customers100k: undo, purge …');
    const undoSeconds = await undoAndPurge(db, env.key, worker, 'sh.operator', env.password(), r.importId, syncState);
    const after = db.sqlite.prepare(`SELECT count(*) FROM customers`).pluck().get() as number;
    if (after !== before) throw new Error(`purge left ${after - before} customers`);
    const size = (statSync(path).size / 1048576).toFixed(1);
    const note = `${CUSTOMER_ROWS.toLocaleString('en-US')} rows × ${CUSTOMER_HEADERS.length} cols, shared strings, ${size} MiB; into ${before.toLocaleString('en-US')} customers (encrypted, every index, captured)`;
    const figs: Figure[] = [];
    if (env.wanted('sync.captureOverhead')) {
      // On, off, off, on, on, off: each side's mean sees the same mix of early and later runs on this database.
      env.log('sync.captureOverhead: the same import with capture off (triggers dropped) and on, in the order off, off, on, on, off …');
      const apply = async (capture: boolean) => {
        const run = () => runImport(db, env.key, worker, { login: 'sh.operator', password: env.password(), kind: 'customers', path });
        const x = capture ? await run() : await withoutCapture(db, run);
        await undoAndPurge(db, env.key, worker, 'sh.operator', env.password(), x.importId, syncState);
        return x.applySeconds;
      };
      const off = [await apply(false), await apply(false)];
      const on = [r.applySeconds, await apply(true), await apply(true)];
      off.push(await apply(false));
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const list = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(', ');
      figs.push(
        figure(
          'sync.captureOverhead',
          mean(on),
          mean(off),
          's',
          `the apply of import.customers100k (${CUSTOMER_ROWS.toLocaleString('en-US')} new customers, dispatch → worker → committed, into ${before.toLocaleString('en-US')}) with capture on (an insert op with the row image, the row clock and a history row per row, a batch's new rows captured together; runs 1, 4, 5: ${list(on)} s) vs the same apply with the capture triggers dropped (runs 2, 3, 6: ${list(off)} s), means; goal ≤ 1.5x`,
        ),
      );
    }
    if (!env.wanted('import.customers100k') && !env.wanted('import.customers100k.preview')) return figs;
    return [
      ...figs,
      figure('import.customers100k', r.applySeconds, bare, 's', `apply: dispatch → worker → committed and reported (${JSON.stringify(r.counts)}); then the worker's WAL checkpoint ${r.settleSeconds.toFixed(1)} s; ${note}; vs exceljs bare read (mean of 2: ${bare1.seconds.toFixed(2)}, ${bare2.seconds.toFixed(2)} s); goal ≤ 2.5x; undo took ${undoSeconds.toFixed(1)} s`),
      figure('import.customers100k.preview', r.previewSeconds, bare, 's', `preview (dry run over the whole file, error report) vs the same bare read; ${note}`),
    ];
  } finally {
    db.close();
  }
}

async function dailyAssets1m(env: BenchEnv, dir: string, worker: string): Promise<Figure[]> {
  const file = await env.demoDb();
  const path = join(dir, 'daily-assets.xlsx');
  const db = openDatabase({ file, key: env.key });
  let accounts: string[];
  let saved: { id: string; assets_fen: number }[];
  try {
    accounts = db.sqlite.prepare(`SELECT account_no FROM accounts WHERE deleted_at IS NULL ORDER BY account_no LIMIT 50000`).pluck().all() as string[];
    saved = db.sqlite.prepare(`SELECT c.id, c.assets_fen FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.account_no IN (SELECT value FROM json_each(?))`).all(JSON.stringify(accounts)) as typeof saved;
  } finally {
    db.close();
  }
  if (accounts.length === 0) return [skipped('import.dailyAssets1m', 'rows/s', 'skipped: the demo has no accounts')];
  env.log(`import.dailyAssets1m: writing ${FACT_ROWS.toLocaleString('en-US')} rows (${accounts.length.toLocaleString('en-US')} accounts, inline strings) …`);
  const rows = await writeFactsFile(path, accounts, FACT_ROWS);
  env.log('baseline: exceljs bare streaming read …');
  const bare = await bareRead(path);
  env.log('import.dailyAssets1m: bundling the importing process, preview + apply in a child process …');
  const script = join(dir, 'import-child.cjs');
  await bundleNodeEntry('bench/imports.ts', script);
  let r: ChildResult | null = null;
  try {
    r = await runChild(script, worker, file, env.key, env.password(), path);
  } finally {
    // Put the demo back: the facts go, the customers' assets return to their generated values.
    const db2 = openDatabase({ file, key: env.key });
    try {
      writeTxSync(
        db2,
        'bench',
        () => {
          db2.sqlite.exec(`DELETE FROM daily_assets; DELETE FROM import_changes; DELETE FROM import_runs; DELETE FROM jobs WHERE kind LIKE 'imports.%';`);
          const up = db2.sqlite.prepare(`UPDATE customers SET assets_fen = ? WHERE id = ?`);
          for (const s of saved) up.run(s.assets_fen, s.id);
        },
        'uncaptured',
      );
    } finally {
      db2.close();
    }
  }
  const rate = rows / r.applySeconds;
  const out = [
    figure('import.dailyAssets1m', rate, bare.rows / bare.seconds, 'rows/s', `apply ${rows.toLocaleString('en-US')} rows in ${r.applySeconds.toFixed(1)} s, then the worker's WAL checkpoint ${r.settleSeconds.toFixed(1)} s (preview ${r.previewSeconds.toFixed(1)} s) vs exceljs bare read ${bare.seconds.toFixed(1)} s; ${accounts.length.toLocaleString('en-US')} accounts; HQ analyst; child process, bundled`),
  ];
  if (env.wanted('import.dailyAssets1m.peakRss')) {
    out.push(
      Number.isFinite(r.hwmMiB)
        ? figure('import.dailyAssets1m.peakRss', r.hwmMiB, 400, 'MiB', `VmHWM of the importing process (main + worker thread + both connections' caches + reader); after preview ${r.hwmAfterPreviewMiB.toFixed(0)} MiB; baseline = the 400 MB goal`)
        : skipped('import.dailyAssets1m.peakRss', 'MiB', 'skipped: no /proc/self/status here'),
    );
  }
  return out;
}

export async function importFigures(env: BenchEnv): Promise<Figure[]> {
  if (!IMPORT_NAMES.some(env.wanted)) return [];
  const tmp = tempDir('bd-bench-import-');
  try {
    const worker = await bundleJobWorker(tmp.dir);
    // The import's reader thread, beside the job worker as the app's build places it (the same node_modules serves it).
    await bundleNodeEntry('src-main/imports/read-worker.ts', join(tmp.dir, 'import-read-worker.cjs'));
    const out: Figure[] = [];
    if (['import.customers100k', 'import.customers100k.preview', 'sync.captureOverhead'].some(env.wanted)) out.push(...(await customers100k(env, tmp.dir, worker)));
    if (env.wanted('import.dailyAssets1m') || env.wanted('import.dailyAssets1m.peakRss')) out.push(...(await dailyAssets1m(env, tmp.dir, worker)));
    return out;
  } finally {
    tmp.cleanup();
  }
}

if (process.env.BD_BENCH_IMPORT_CHILD === '1') {
  child().catch((e: unknown) => {
    process.stderr.write(`import child failed: ${e instanceof Error ? `${e.name}: ${e.message}` : 'unknown'}\n`);
    process.exitCode = 1;
  });
}
