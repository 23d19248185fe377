import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { makeIdNumber, makeTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app';
import { writeTxSync } from '../../src-main/db/tx';
import { openDatabase } from '../../src-main/db/open';
import { executeJob } from '../../src-main/jobs/job-exec';
import { runCli } from '../../src-main/cli/cli';
import { createAppContext } from '../../src-main/ipc/context';
import { stagedExportsDir } from '../../src-main/exports/staged-exports';
import { BATCH_ROWS } from '../../src-main/exports/export.jobs';
import { SEARCH_CAP } from '../../src-main/customers/list-shapes';
import type { CustomerFilter, CustomerListRow, SortField } from '../../src-shared/customers/customers.contract';
import { CUSTOMER_EXPORT_COLUMNS, type CustomerExportColumn, type ExportFormat } from '../../src-shared/exports/exports.contract';
import type { MethodInput } from '../../src-shared/contract';

/**
 * exports.customers through dispatch and the job's worker, on fixture rows written directly.
 * Today is 2026-11-01 in Shanghai (elderly: born on or before 1956-11-01).
 */
const NOW = new Date('2026-11-01T04:00:00.000Z');

type Fx = {
  key: string;
  name: string;
  branch: 'b1' | 'b2';
  manager: 'am1' | 'am1b' | 'am2' | null;
  kind?: 'individual' | 'institution';
  level?: 'normal' | 'silver' | 'gold' | 'platinum' | 'diamond';
  status?: 'active' | 'dormant' | 'closed';
  risk?: 'C1' | 'C2' | 'C3' | 'C4' | 'C5' | null;
  assets: number;
  open?: string | null;
  contact?: string | null;
  riskExp?: string | null;
  idExp?: string | null;
  birth?: string | null;
  phone?: string | null;
  customerNo?: string;
  deleted?: boolean;
};

const NAMED: Fx[] = [
  { key: 'c1', name: '张三', branch: 'b1', manager: 'am1', level: 'gold', risk: 'C3', assets: 80_000_000, open: '2015-03-01', contact: '2026-10-30T17:00:00.000Z', riskExp: '2027-01-01', idExp: '2030-01-01', birth: '1950-05-05', phone: '13800001234' },
  { key: 'c2', name: '=HYPERLINK("http://evil","点我")', branch: 'b1', manager: 'am1', level: 'diamond', risk: 'C5', assets: 600_000_000, phone: '13900002222', birth: '1960-01-01' },
  { key: 'c3', name: '张伟', branch: 'b1', manager: 'am1b', status: 'dormant', risk: 'C1', assets: 100_000, open: '2020-06-15', birth: '1980-03-03', phone: '13700003333' },
  { key: 'c4', name: '@王芳', branch: 'b1', manager: null, level: 'silver', risk: 'C2', assets: 6_000_000, open: '2026-09-01', phone: null, birth: '1990-01-01' },
  { key: 'c5', name: '华信科技有限公司', branch: 'b1', manager: 'am1', kind: 'institution', level: 'platinum', assets: 150_000_000, open: '2018-01-01', phone: '13600004444' },
  { key: 'c6', name: '李娜', branch: 'b2', manager: 'am2', risk: 'C4', assets: 10_000, open: '2026-10-20', birth: '1990-01-01', phone: '13500005555' },
  { key: 'c7', name: '欧阳娜娜', branch: 'b2', manager: 'am2', level: 'gold', status: 'closed', assets: 0, birth: '1985-07-07', phone: '13400006666' },
  { key: 'c8', name: '-1+2', branch: 'b1', manager: 'am1', assets: 100_000, open: '2020-06-15', phone: '13300007777', birth: '1970-02-02' },
  { key: 'gone', name: '张三', branch: 'b1', manager: 'am1', assets: 999_000_000, phone: '13200008888', deleted: true },
];
/** Personal data of the fixture that must never reach an audit row. */
const PERSONAL: string[] = [];

let t: TestApp;
const fx: (Fx & { id: string; customerNo: string; idNo: string })[] = [];

function insert(rows: Fx[]) {
  writeTxSync(
    t.db,
    'test-fixture',
    () => {
      const ins = t.db.sqlite.prepare(`INSERT INTO customers (id, customer_no, name, kind, id_type, id_no, phone, branch_id, manager_id, level, status, assets_fen,
        open_date, last_contact_at, risk_level, risk_expires_at, id_expiry, birth_date, created_at, updated_at, deleted_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      for (const r of rows) {
        const n = fx.length + 1;
        const id = uuidv7();
        const kind = r.kind ?? 'individual';
        const idNo = kind === 'institution' ? '91310115MA1K3YJ12X' : makeIdNumber((r.birth ?? '1980-01-01').replace(/-/g, ''), n % 1000);
        const customerNo = r.customerNo ?? String(100_000_000 + n);
        ins.run(id, customerNo, r.name, kind, kind === 'institution' ? 'uscc' : 'resident_id', idNo, r.phone ?? null, t.org[r.branch], r.manager ? t.users[r.manager]!.id : null,
          r.level ?? 'normal', r.status ?? 'active', r.assets, r.open ?? null, r.contact ?? null, r.risk ?? null, r.riskExp ?? null, r.idExp ?? null, r.birth ?? null,
          NOW.toISOString(), NOW.toISOString(), r.deleted ? NOW.toISOString() : null);
        fx.push({ ...r, id, customerNo, idNo });
        if (rows === NAMED) PERSONAL.push(r.name, idNo, ...(r.phone ? [r.phone] : []));
      }
    },
    'uncaptured',
  );
}

// A branch-2 crowd bigger than one batch, whose customer numbers all start with 2000: a
// search for them matches more than the list's SEARCH_CAP, and an export of branch 2 pages
// across batches and across the NULLs of a nullable sort.
const CROWD: Fx[] = Array.from({ length: 3 * BATCH_ROWS + 150 }, (_, i) => ({
  key: `p${i}`,
  name: ['陈', '林', '黄', '周'][i % 4]! + ['一', '二', '三'][i % 3]!,
  branch: 'b2' as const,
  manager: null,
  assets: (i * 7919) % 100_000,
  contact: i % 3 === 0 ? null : new Date(Date.UTC(2026, i % 10, 1 + (i % 27))).toISOString(),
  customerNo: String(200_000_000 + i),
}));

const clients: Record<string, string> = {};
let outDir: string;
beforeAll(async () => {
  t = await makeTestApp({ now: () => NOW });
  insert(NAMED);
  insert(CROWD);
  outDir = join(t.dir, 'out');
  mkdirSync(outDir);
  for (const login of ['am1', 'bm1', 'op1', 'comp1', 'analyst', 'bm2', 'admin']) clients[login] = await t.login(login);
});
afterAll(() => t?.close());

type ExportInput = MethodInput<'exports.customers'>;
type Req = Omit<ExportInput, 'handle' | 'format' | 'columns' | 'filter' | 'sort' | 'unmasked'> & {
  format?: ExportFormat;
  columns?: CustomerExportColumn[];
  filter?: CustomerFilter;
  sort?: { field: SortField; dir: 'asc' | 'desc' };
  unmasked?: boolean;
};
const ALL = [...CUSTOMER_EXPORT_COLUMNS];

let fileNo = 0;
function handleFor(client: string, format: ExportFormat) {
  const path = join(outDir, `export-${++fileNo}.${format}`);
  return { path, handle: t.app.files.issue(client, path, 'write').handle };
}

async function exportAs(login: string, req: Req) {
  const client = clients[login]!;
  const format = req.format ?? 'xlsx';
  const { path, handle } = handleFor(client, format);
  // The tests read rows in customer-number order unless they say otherwise (the contract's default is the list's: assets, largest first).
  const { jobId } = await t.ok(client, 'exports.customers', { columns: ALL, sort: { field: 'customerNo', dir: 'asc' }, ...req, handle, format } as ExportInput);
  await t.app.jobs.wait(jobId);
  const job = await t.ok(client, 'jobs.get', { id: jobId });
  return { jobId, path, job };
}

/** An unmasked export the four-eyes way: asked by `login`, approved by the administrator, saved by `login`. */
async function exportUnmaskedAs(login: string, req: Omit<Req, 'unmasked'>) {
  const client = clients[login]!;
  const format = req.format ?? 'xlsx';
  const asked = (await t.ok(client, 'exports.customersUnmasked', { columns: ALL, sort: { field: 'customerNo', dir: 'asc' }, ...req, format } as MethodInput<'exports.customersUnmasked'>)) as unknown as { pendingApprovalId: string };
  await t.ok(clients.admin!, 'approvals.approve', { id: asked.pendingApprovalId });
  const staged = (await t.ok(client, 'exports.staged.list', {}))[0]!;
  await t.app.jobs.wait(staged.jobId);
  const { path, handle } = handleFor(client, format);
  await t.ok(client, 'exports.staged.save', { id: staged.id, handle });
  return { path, jobId: staged.jobId };
}

/** The data rows of an exported .xlsx (below the cover and header rows), as text. */
async function xlsxRows(path: string): Promise<{ header: string[]; rows: ExcelJS.CellValue[][]; cover: string; ws: ExcelJS.Worksheet }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.worksheets[0]!;
  const width = ws.getRow(2).cellCount;
  // Empty cells read as null, to the header's width.
  const values = (n: number) => Array.from({ length: width }, (_, i) => ws.getCell(n, i + 1).value ?? null);
  const rows: ExcelJS.CellValue[][] = [];
  for (let n = 3; n <= ws.rowCount; n++) rows.push(values(n));
  return { cover: String(ws.getCell('A1').value), header: values(2) as string[], rows, ws };
}

/** Every row the list shows for this request, paging to the end. */
async function listAll(login: string, req: { q?: string; filter?: CustomerFilter; sort: { field: SortField; dir: 'asc' | 'desc' } }): Promise<CustomerListRow[]> {
  const out: CustomerListRow[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await t.ok(clients[login]!, 'customers.list', { ...req, filter: req.filter ?? {}, limit: 200, ...(after ? { after } : {}) });
    out.push(...page.rows);
    if (!page.nextCursor) return out;
    after = page.nextCursor;
  }
}

const named = (key: string) => fx.find((f) => f.key === key)!;
const col = (c: CustomerExportColumn) => ALL.indexOf(c);

function auditRows(jobId: string) {
  return t.db.sqlite
    .prepare(`SELECT action, outcome, actor_login AS login, target_type AS type, target_id AS target, error_code AS code, detail FROM audit_log WHERE target_id = ? ORDER BY id`)
    .all(jobId) as { action: string; outcome: string; login: string; type: string; target: string; code: string | null; detail: string }[];
}

describe('exports.customers', () => {
  it('a branch manager exports the branch, masked, as the list shows it: cover, Chinese headers, typed cells', async () => {
    const { path, job, jobId } = await exportAs('bm1', {});
    expect(job).toMatchObject({ status: 'done', result: { rows: 6, format: 'xlsx', bytes: readFileSync(path).length } });
    expect(readdirSync(outDir).filter((f) => f.endsWith('.part'))).toEqual([]);
    const { cover, header, rows, ws } = await xlsxRows(path);
    expect(cover).toBe('客户列表　导出人：王经理　导出时间：2026-11-01 12:00　条件：全部　排序：客户号升序　证件号码、手机号码已脱敏');
    expect(header).toEqual(['客户号', '客户姓名', '客户类型', '证件类型', '证件号码', '手机号码', '营业部', '客户经理', '客户等级', '客户状态', '风险等级', '风险测评有效期至', '证件有效期至', '总资产（元）', '开户日期', '最近联系时间', '高龄客户']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    // Branch 1's live customers in customer-number order; branch 2 and the deleted one are not there.
    const b1 = fx.filter((f) => f.branch === 'b1' && !f.deleted).map((f) => f.customerNo).sort();
    expect(rows.map((r) => r[0])).toEqual(b1);
    const c1 = named('c1');
    expect(rows[0]).toEqual([
      c1.customerNo, '张三', '个人', '居民身份证', `${c1.idNo.slice(0, 3)}***********${c1.idNo.slice(-4)}`, '138****1234', '上海浦东营业部', '李客户经理', '金卡', '正常', 'C3 平衡型',
      new Date(Date.UTC(2027, 0, 1)), new Date(Date.UTC(2030, 0, 1)), 800_000, new Date(Date.UTC(2015, 2, 1)),
      // 17:00 UTC on 30 October is 01:00 on the 31st in Shanghai.
      new Date(Date.UTC(2026, 9, 31, 1, 0, 0)), '是',
    ]);
    const c5 = rows.find((r) => r[0] === named('c5').customerNo)!;
    expect([c5[col('kind')], c5[col('idType')], c5[col('idNo')], c5[col('riskLevel')], c5[col('elderly')]]).toEqual(['机构', '统一社会信用代码', '913***********J12X', null, '否']);
    const c4 = rows.find((r) => r[0] === named('c4').customerNo)!;
    expect([c4[col('managerName')], c4[col('phone')], c4[col('lastContactAt')]]).toEqual([null, null, null]);
    expect(ws.getCell(3, col('assetsFen') + 1).numFmt).toBe('#,##0.00');
    // Exactly what the list shows, masked the same way.
    const list = await listAll('bm1', { sort: { field: 'customerNo', dir: 'asc' } });
    expect(rows.map((r) => [r[0], r[col('idNo')], r[col('phone')] ?? null])).toEqual(list.map((l) => [l.customerNo, l.idNo, l.phone]));

    // Audited as an export of personal data (the request, then the job's end), with no personal data.
    const audit = auditRows(jobId);
    expect(audit.map((a) => [a.action, a.outcome, a.login, a.type, a.target])).toEqual([
      ['exports.customers', 'ok', 'bm1', 'job', jobId],
      ['exports.customers.done', 'ok', 'bm1', 'job', jobId],
    ]);
    expect(JSON.parse(audit[0]!.detail)).toEqual({ personalData: true, kind: 'customers', format: 'xlsx', unmasked: false, columns: ALL.join(','), filters: '', search: false, sort: 'customerNo asc' });
    expect(JSON.parse(audit[1]!.detail)).toEqual({ personalData: true, kind: 'customers', format: 'xlsx', unmasked: false, rows: 6, bytes: readFileSync(path).length });
  });

  it('an account manager may not export; given the right, exports only their own book', async () => {
    const denied = await t.call(clients.am1!, 'exports.customers', { handle: handleFor(clients.am1!, 'xlsx').handle, format: 'xlsx', columns: ['customerNo'] } as ExportInput);
    expect(denied).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const grants = t.app.grants.get('account_manager')!;
    grants.add('exports.run');
    try {
      const { path, job } = await exportAs('am1', { columns: ['customerNo', 'managerName'] });
      expect(job.status).toBe('done');
      const { rows } = await xlsxRows(path);
      const own = fx.filter((f) => f.manager === 'am1' && !f.deleted).map((f) => f.customerNo).sort();
      expect(rows).toEqual(own.map((no) => [no, '李客户经理']));
    } finally {
      grants.delete('exports.run');
    }
  });

  it('HQ exports every branch; another branch never sees branch 1', async () => {
    const hq = await exportAs('analyst', { columns: ['customerNo', 'branchName'], format: 'csv' });
    const hqRows = (parse(readFileSync(hq.path, 'utf8').slice(1), { relax_column_count: true }) as string[][]).slice(2);
    expect(hqRows.length).toBe(fx.filter((f) => !f.deleted).length);
    const b2 = await exportAs('bm2', { columns: ['customerNo', 'branchName'], format: 'csv' });
    const b2Rows = (parse(readFileSync(b2.path, 'utf8').slice(1), { relax_column_count: true }) as string[][]).slice(2);
    expect(b2Rows.length).toBe(CROWD.length + 2);
    expect(new Set(b2Rows.map((r) => r[1]))).toEqual(new Set(['北京金融街营业部']));
  });

  it('unmasked is four-eyes: an operator may not ask; a branch manager asking directly is told to submit it; approved, the file waits for its maker, who alone saves it, once', async () => {
    const refused = await t.call(clients.op1!, 'exports.customers', { handle: handleFor(clients.op1!, 'xlsx').handle, format: 'xlsx', columns: ['idNo'], unmasked: true } as ExportInput);
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: 'error.exports.unmaskedForbidden' } });
    const denied = t.db.sqlite.prepare(`SELECT outcome, error_code AS code FROM audit_log WHERE action = 'exports.customers' AND actor_login = 'op1'`).all();
    expect(denied).toEqual([{ outcome: 'denied', code: 'FORBIDDEN' }]);
    expect(await t.call(clients.op1!, 'exports.customersUnmasked', { format: 'xlsx', columns: ['idNo'] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Masked, the operator may export.
    expect((await exportAs('op1', { columns: ['idNo'] })).job.status).toBe('done');

    // Asked directly, even by a branch manager: refused, saying how.
    const direct = await t.call(clients.bm1!, 'exports.customers', { handle: handleFor(clients.bm1!, 'xlsx').handle, format: 'xlsx', columns: ['idNo'], unmasked: true } as ExportInput);
    expect(direct).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: 'error.exports.unmaskedNeedsApproval' } });

    const asked = (await t.ok(clients.bm1!, 'exports.customersUnmasked', { format: 'xlsx', columns: ['customerNo', 'idNo', 'phone'], sort: { field: 'customerNo', dir: 'asc' } })) as unknown as { pendingApprovalId: string };
    expect(asked.pendingApprovalId).toEqual(expect.any(String));
    // The checker reads whose customers and how many: the branch's (by name), as its list counts them.
    const branchCount = (await t.ok(clients.bm1!, 'customers.count', { filter: {} })).count;
    const pending = (await t.ok(clients.admin!, 'approvals.list', { status: 'pending' })).find((a) => a.id === asked.pendingApprovalId);
    expect(pending?.summaryParams).toMatchObject({ whereItems: JSON.stringify([t.db.sqlite.prepare(`SELECT name FROM org_units WHERE id = ?`).pluck().get(t.org.b1)]), rows: branchCount, more: '', columns: 3, format: 'XLSX' });
    expect(branchCount).toBeGreaterThan(0);
    expect(await t.ok(clients.bm1!, 'exports.staged.list', {})).toEqual([]);
    expect(await t.call(clients.bm1!, 'approvals.approve', { id: asked.pendingApprovalId })).toMatchObject({ ok: false, error: { code: 'SELF_APPROVAL' } });
    await t.ok(clients.admin!, 'approvals.approve', { id: asked.pendingApprovalId });
    const [staged] = await t.ok(clients.bm1!, 'exports.staged.list', {});
    expect(staged).toMatchObject({ format: 'xlsx', approverName: t.db.sqlite.prepare(`SELECT display_name FROM users WHERE login = 'admin'`).pluck().get() });
    await t.app.jobs.wait(staged!.jobId);
    expect(await t.ok(clients.bm1!, 'exports.staged.list', {})).toMatchObject([{ id: staged!.id, status: 'ready', rows: expect.any(Number) }]);
    // The run is audited as the maker's, with the approver named.
    expect(t.db.sqlite.prepare(`SELECT actor_login AS login, approver_id AS approver FROM audit_log WHERE action = 'exports.customersUnmasked' AND target_id = ?`).get(staged!.jobId)).toEqual({ login: 'bm1', approver: t.users.admin!.id });

    // Nobody else sees or saves it: not even another user who may export unmasked.
    expect(await t.ok(clients.comp1!, 'exports.staged.list', {})).toEqual([]);
    expect(await t.call(clients.comp1!, 'exports.staged.save', { id: staged!.id, handle: handleFor(clients.comp1!, 'xlsx').handle })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const { path, handle } = handleFor(clients.bm1!, 'xlsx');
    await t.ok(clients.bm1!, 'exports.staged.save', { id: staged!.id, handle });
    const { rows, cover, ws } = await xlsxRows(path);
    expect(cover).toContain('含未脱敏个人信息');
    const c1 = named('c1');
    expect(rows[0]).toEqual([c1.customerNo, c1.idNo, '13800001234']);
    // 18 digits survive because the cell is text.
    expect(ws.getCell(3, 2).type).toBe(ExcelJS.ValueType.String);
    expect(JSON.parse(auditRows(staged!.jobId).find((a) => a.action === 'exports.customersUnmasked')!.detail)).toMatchObject({ unmasked: true });
    // Saved once: the app's copy is gone, and a second save is refused.
    expect(readdirSync(stagedExportsDir(t.db.file))).toEqual([]);
    expect(await t.ok(clients.bm1!, 'exports.staged.list', {})).toMatchObject([{ status: 'saved' }]);
    expect(await t.call(clients.bm1!, 'exports.staged.save', { id: staged!.id, handle: handleFor(clients.bm1!, 'xlsx').handle })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'error.exports.stagedSaved' } });
  });

  it('filters, sort and columns are the list’s: gold and above by assets descending, three columns', async () => {
    const filter: CustomerFilter = { levels: ['gold', 'platinum', 'diamond'] };
    const sort = { field: 'assets' as const, dir: 'desc' as const };
    const { path, jobId } = await exportAs('bm1', { filter, sort, columns: ['name', 'level', 'assetsFen'] });
    const { rows, header, cover } = await xlsxRows(path);
    expect(header).toEqual(['客户姓名', '客户等级', '总资产（元）']);
    expect(cover).toContain('条件：客户等级：金卡、白金、钻石　排序：总资产降序');
    // The formula-like name is neutralised, never a formula.
    expect(rows).toEqual([
      ["'=HYPERLINK(\"http://evil\",\"点我\")", '钻石', 6_000_000],
      ['华信科技有限公司', '白金', 1_500_000],
      ['张三', '金卡', 800_000],
    ]);
    const list = await listAll('bm1', { filter, sort });
    expect(list.map((l) => l.assetsFen / 100)).toEqual(rows.map((r) => r[2]));
    expect(JSON.parse(auditRows(jobId)[0]!.detail)).toMatchObject({ filters: 'levels', columns: 'name,level,assetsFen', sort: 'assets desc' });
  });

  it('a nullable sort across batches comes out in the list’s order (NULLs first ascending)', async () => {
    const sort = { field: 'lastContact' as const, dir: 'asc' as const };
    const { path, job } = await exportAs('bm2', { sort, columns: ['customerNo'], format: 'csv' });
    expect(job.result).toMatchObject({ rows: CROWD.length + 2 });
    const rows = (parse(readFileSync(path, 'utf8').slice(1), { relax_column_count: true }) as string[][]).slice(2).map((r) => r[0]);
    const list = await listAll('bm2', { sort });
    expect(rows).toEqual(list.map((l) => l.customerNo));
  });

  it('a search exports the same capped matches the list shows', async () => {
    const q = '2000';
    const { path, jobId } = await exportAs('bm2', { q, columns: ['customerNo'], format: 'csv' });
    const rows = (parse(readFileSync(path, 'utf8').slice(1), { relax_column_count: true }) as string[][]).slice(2).map((r) => r[0]);
    const list = await listAll('bm2', { q, sort: { field: 'customerNo', dir: 'asc' } });
    expect(list.length).toBe(SEARCH_CAP);
    expect(rows).toEqual(list.map((l) => l.customerNo));
    // The search term is not in the audit row (it can be a name).
    expect(auditRows(jobId)[0]!.detail).not.toContain(q);
    expect(JSON.parse(auditRows(jobId)[0]!.detail)).toMatchObject({ search: true });
  });

  it('a request whose maker moved to another branch before its approval is not carried out', async () => {
    const asked = (await t.ok(clients.comp1!, 'exports.customersUnmasked', { format: 'xlsx', columns: ['idNo'] })) as unknown as { pendingApprovalId: string };
    const comp1 = t.users.comp1!.id;
    const home = t.db.sqlite.prepare(`SELECT branch_id FROM users WHERE id = ?`).pluck().get(comp1) as string;
    const move = (to: string) => writeTxSync(t.db, 'test-fixture', () => t.db.sqlite.prepare(`UPDATE users SET branch_id = ? WHERE id = ?`).run(to, comp1), 'uncaptured');
    move(t.org.b2);
    try {
      const r = await t.call(clients.admin!, 'approvals.approve', { id: asked.pendingApprovalId });
      expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'error.approvals.scopeChanged' } });
      expect(t.db.sqlite.prepare(`SELECT status FROM approvals WHERE id = ?`).pluck().get(asked.pendingApprovalId)).toBe('failed');
      expect(t.db.sqlite.prepare(`SELECT count(*) FROM staged_exports WHERE maker_id = ?`).pluck().get(comp1)).toBe(0);
    } finally {
      move(home);
    }
  });

  it('the search term of an unmasked request is kept only while it is pending: the export runs with it, and once decided (approved or rejected) it is gone from the request', async () => {
    const inputOf = (id: string) => JSON.parse(t.db.sqlite.prepare(`SELECT input FROM approvals WHERE id = ?`).pluck().get(id) as string) as Record<string, unknown>;
    const ask = async () => ((await t.ok(clients.bm1!, 'exports.customersUnmasked', { format: 'xlsx', columns: ['customerNo', 'name'], q: '张三' })) as unknown as { pendingApprovalId: string }).pendingApprovalId;
    const approved = await ask();
    expect(inputOf(approved)).toMatchObject({ q: '张三' });
    await t.ok(clients.admin!, 'approvals.approve', { id: approved });
    expect(inputOf(approved)).not.toHaveProperty('q');
    expect(inputOf(approved)).toMatchObject({ columns: ['customerNo', 'name'], format: 'xlsx' });
    const staged = (await t.ok(clients.bm1!, 'exports.staged.list', {}))[0]!;
    await t.app.jobs.wait(staged.jobId);
    const { path, handle } = handleFor(clients.bm1!, 'xlsx');
    await t.ok(clients.bm1!, 'exports.staged.save', { id: staged.id, handle });
    expect((await xlsxRows(path)).rows).toEqual([[named('c1').customerNo, '张三']]);
    const rejected = await ask();
    await t.ok(clients.admin!, 'approvals.reject', { id: rejected, note: '不需要' });
    expect(inputOf(rejected)).not.toHaveProperty('q');
    const cancelled = await ask();
    await t.ok(clients.bm1!, 'approvals.cancel', { id: cancelled });
    expect(inputOf(cancelled)).not.toHaveProperty('q');
  });

  it('an approved unmasked export not saved within 7 days is removed at the next start; one still waiting stays', async () => {
    const { jobId } = await exportUnmaskedAs('bm1', { columns: ['customerNo', 'idNo'] });
    // Two more, approved and made, not saved: one of them made 8 days ago.
    const waiting = async () => {
      const asked = (await t.ok(clients.bm1!, 'exports.customersUnmasked', { format: 'xlsx', columns: ['idNo'] })) as unknown as { pendingApprovalId: string };
      await t.ok(clients.admin!, 'approvals.approve', { id: asked.pendingApprovalId });
      const s = (await t.ok(clients.bm1!, 'exports.staged.list', {}))[0]!;
      await t.app.jobs.wait(s.jobId);
      return t.db.sqlite.prepare(`SELECT id, path FROM staged_exports WHERE job_id = ?`).get(s.jobId) as { id: string; path: string };
    };
    const old = await waiting();
    const fresh = await waiting();
    t.db.sqlite.prepare(`UPDATE staged_exports SET created_at = ? WHERE id = ?`).run(new Date(NOW.getTime() - 8 * 86_400_000).toISOString(), old.id);
    expect(existsSync(old.path) && existsSync(fresh.path)).toBe(true);
    const next = await createAppContext({ db: t.db, now: () => NOW });
    await next.jobs.close();
    expect(existsSync(old.path)).toBe(false);
    expect(existsSync(fresh.path)).toBe(true);
    // The rows stay for the record (who asked, who approved, whether it was saved).
    expect(t.db.sqlite.prepare(`SELECT count(*) FROM staged_exports WHERE job_id = ? OR id IN (?, ?)`).pluck().get(jobId, old.id, fresh.id)).toBe(3);
  });

  it('the cover of a masked file masks the numbers of the search term; an unmasked one shows it as typed', async () => {
    const phone = t.db.sqlite.prepare(`SELECT phone FROM customers WHERE branch_id = ? AND phone IS NOT NULL AND deleted_at IS NULL LIMIT 1`).pluck().get(t.org.b1) as string;
    const cover = async (unmasked: boolean) => {
      const req = { q: phone, columns: ['customerNo', 'phone'] as CustomerExportColumn[], format: 'csv' as const };
      const { path } = unmasked ? await exportUnmaskedAs('bm1', req) : await exportAs('bm1', req);
      return readFileSync(path, 'utf8').slice(1).split('\n')[0]!;
    };
    const masked = await cover(false);
    expect(masked).toContain(`搜索“${phone.slice(0, 3)}****${phone.slice(-4)}”`);
    expect(masked).not.toContain(phone);
    expect(await cover(true)).toContain(`搜索“${phone}”`);
  });

  it('csv: UTF-8 with BOM, neutralised cells, money with two decimals', async () => {
    const { path } = await exportAs('bm1', { format: 'csv', columns: ['name', 'assetsFen', 'openDate'], sort: { field: 'assets', dir: 'desc' } });
    const buf = readFileSync(path);
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(buf.toString('utf8').slice(1), { relax_column_count: true }) as string[][];
    expect(rows[1]).toEqual(['客户姓名', '总资产（元）', '开户日期']);
    expect(rows.slice(2)).toEqual([
      ["'=HYPERLINK(\"http://evil\",\"点我\")", '6000000.00', ''],
      ['华信科技有限公司', '1500000.00', '2018-01-01'],
      ['张三', '800000.00', '2015-03-01'],
      ["'@王芳", '60000.00', '2026-09-01'],
      // Equal assets: the later customer first (the list's tie-break, seq, runs the same direction).
      ["'-1+2", '1000.00', '2020-06-15'],
      ['张伟', '1000.00', '2020-06-15'],
    ]);
  });

  it('refuses a file name whose extension says the other format', async () => {
    const { handle } = handleFor(clients.bm1!, 'csv');
    const r = await t.call(clients.bm1!, 'exports.customers', { handle, format: 'xlsx', columns: ['customerNo'] } as ExportInput);
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: ['format'], message: 'validation.exports.formatMismatch' }] } });
  });

  it('no audit row holds personal data', () => {
    const all = t.db.sqlite.prepare(`SELECT coalesce(detail, '') || ' ' || coalesce(target_id, '') AS text FROM audit_log WHERE action LIKE 'exports.%'`).pluck().all() as string[];
    expect(all.length).toBeGreaterThan(10);
    for (const text of all) for (const p of PERSONAL) expect(text).not.toContain(p);
  });
});

/**
 * Branch 2's list, sorted by customer number, exported by executeJob in this process (no
 * worker), with `cancelRequested` called at each of the job's checkpoints.
 */
function branch2Export(jobId: string, path: string, cancelRequested: () => boolean) {
  t.db.sqlite.prepare(`INSERT INTO jobs (id, kind, status, created_by, created_at) VALUES (?, 'exports.customers', 'queued', ?, ?)`).run(jobId, t.users.bm2!.id, NOW.toISOString());
  return executeJob(
    t.db,
    {
      jobId,
      kind: 'exports.customers',
      params: {
        path,
        format: 'xlsx',
        scope: { kind: 'branch', branchId: t.org.b2 },
        request: { q: null, filter: {}, sort: { field: 'customerNo', dir: 'asc' }, columns: ALL, unmasked: false },
        by: { login: 'bm2', displayName: '周经理', branchId: t.org.b2 },
        requestedAt: NOW.toISOString(),
      },
      userId: t.users.bm2!.id,
    },
    { post: () => undefined, cancelRequested },
  );
}

describe('cancelling an export', () => {
  it('a cancel between batches leaves no file, and the closing audit row says so', async () => {
    const jobId = uuidv7();
    const path = join(outDir, 'cancelled.xlsx');
    // Checkpoints: executeJob's own, then one before each batch; the third comes after the first batch.
    let checks = 0;
    let partExisted = false;
    const end = await branch2Export(jobId, path, () => {
      if (++checks < 3) return false;
      partExisted = existsSync(`${path}.part`);
      return true;
    });
    expect(end).toEqual({ type: 'cancelled' });
    expect(partExisted).toBe(true);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.part`)).toBe(false);
    expect(t.db.sqlite.prepare(`SELECT status, done FROM jobs WHERE id = ?`).get(jobId)).toEqual({ status: 'cancelled', done: BATCH_ROWS });
    const closing = auditRows(jobId);
    expect(closing.map((a) => [a.action, a.outcome, a.code])).toEqual([['exports.customers.done', 'failed', 'CANCELLED']]);
    expect(JSON.parse(closing[0]!.detail)).toMatchObject({ rows: 0, stoppedAfter: BATCH_ROWS });
  });

  it('a killed export: its part file is in the ledger while written, and the next start removes it', async () => {
    const jobId = uuidv7();
    const path = join(outDir, 'killed.xlsx');
    let checks = 0;
    let noted: unknown[] = [];
    const end = await branch2Export(jobId, path, () => {
      if (++checks < 3) return false;
      noted = t.db.sqlite.prepare(`SELECT path, pid FROM part_files`).all();
      return true;
    });
    expect(end).toEqual({ type: 'cancelled' });
    expect(noted).toEqual([{ path: `${path}.part`, pid: process.pid }]);
    // Ended as it should: forgotten again.
    expect(t.db.sqlite.prepare(`SELECT count(*) FROM part_files`).pluck().get()).toBe(0);

    // A process killed mid-write leaves its part file and its row (a process id that has ended).
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const left = join(outDir, 'left-by-a-crash.xlsx.part');
    writeFileSync(left, 'half a file');
    const other = join(outDir, 'another-process.xlsx.part');
    writeFileSync(other, 'still being written');
    const ins = t.db.sqlite.prepare(`INSERT INTO part_files (path, pid, created_at) VALUES (?, ?, ?)`);
    ins.run(left, dead, new Date().toISOString());
    ins.run(other, process.ppid, new Date().toISOString());
    // Its id now another live process's, but a day old: a dead writer's all the same.
    const stale = join(outDir, 'a-day-old.xlsx.part');
    writeFileSync(stale, 'half a file');
    ins.run(stale, process.ppid, new Date(Date.now() - 25 * 3600_000).toISOString());
    const next = await createAppContext({ db: t.db });
    await next.jobs.close();
    expect(existsSync(left)).toBe(false);
    expect(existsSync(stale)).toBe(false);
    // The CLI exporting beside the app (a process that runs) keeps its file.
    expect(existsSync(other)).toBe(true);
    expect(t.db.sqlite.prepare(`SELECT path FROM part_files`).pluck().all()).toEqual([other]);
    t.db.sqlite.prepare(`DELETE FROM part_files`).run();
  });

  it('reads one snapshot: customers renumbered while it runs, one behind its cursor and one ahead, are each written once, as they were', async () => {
    const jobId = uuidv7();
    const path = join(outDir, 'snapshot.xlsx');
    const expected = t.db.sqlite.prepare(`SELECT customer_no FROM customers WHERE branch_id = ? AND deleted_at IS NULL ORDER BY customer_no`).pluck().all(t.org.b2) as string[];
    const done = fx.find((f) => f.key === 'p10')!;
    const ahead = fx.find((f) => f.key === `p${CROWD.length - 10}`)!;
    // Another connection (the app's main one, a person saving) renumbers both after the first batch.
    const other = openDatabase({ file: t.db.file, key: t.key });
    const renumber = (pairs: [string, string][]) =>
      writeTxSync(
        other,
        'test-fixture',
        () => {
          for (const [id, no] of pairs) other.sqlite.prepare(`UPDATE customers SET customer_no = ? WHERE id = ?`).run(no, id);
        },
        'uncaptured',
      );
    let checks = 0;
    try {
      const end = await branch2Export(jobId, path, () => {
        if (++checks === 3) renumber([[done.id, '299999999'], [ahead.id, '100000000']]);
        return false;
      });
      expect(end.type).toBe('done');
      expect(checks).toBeGreaterThan(3);
      const { rows } = await xlsxRows(path);
      expect(rows.map((r) => String(r[col('customerNo')]))).toEqual(expected);
    } finally {
      renumber([[done.id, done.customerNo], [ahead.id, ahead.customerNo]]);
      other.close();
    }
  });

  it('the closing audit row cannot be written: the finished file is removed and the job fails', async () => {
    t.db.sqlite.exec(`CREATE TRIGGER audit_refuses BEFORE INSERT ON audit_log WHEN NEW.action = 'exports.customers.done' AND NEW.outcome = 'ok' BEGIN SELECT RAISE(ABORT, 'audit refused'); END`);
    try {
      const { path, job } = await exportAs('bm2', {});
      expect(job.status).toBe('failed');
      expect(existsSync(path)).toBe(false);
      expect(existsSync(`${path}.part`)).toBe(false);
    } finally {
      t.db.sqlite.exec(`DROP TRIGGER audit_refuses`);
    }
  });

  it('jobs.cancel right after the request: the job ends cancelled and no file appears', async () => {
    const client = clients.bm2!;
    const { path, handle } = handleFor(client, 'xlsx');
    const { jobId } = await t.ok(client, 'exports.customers', { handle, format: 'xlsx', columns: ALL } as ExportInput);
    await t.ok(client, 'jobs.cancel', { id: jobId });
    await t.app.jobs.wait(jobId);
    expect((await t.ok(client, 'jobs.get', { id: jobId })).status).toBe('cancelled');
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.part`)).toBe(false);
  });
});

describe('cli export', () => {
  async function cli(args: string[], password = TEST_PASSWORD) {
    const saved = { key: process.env.BD_DB_KEY, pw: process.env.BD_PASSWORD };
    process.env.BD_DB_KEY = t.key;
    process.env.BD_PASSWORD = password;
    let stdout = '';
    let stderr = '';
    try {
      const code = await runCli(args, (s) => (stdout += s), (s) => (stderr += s));
      return { code, stdout, stderr };
    } finally {
      if (saved.key === undefined) delete process.env.BD_DB_KEY;
      else process.env.BD_DB_KEY = saved.key;
      if (saved.pw === undefined) delete process.env.BD_PASSWORD;
      else process.env.BD_PASSWORD = saved.pw;
    }
  }

  it('exports with filter, sort and columns, and prints rows, file, bytes, seconds', async () => {
    const out = join(outDir, 'cli.xlsx');
    const r = await cli(['export', 'customers', out, '--db', t.file, '--user', 'bm1', '--filter', '{"levels":["gold","diamond"]}', '--sort', '{"field":"assets","dir":"asc"}', '--columns', 'customerNo,name,level']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout) as { rows: number; file: string; bytes: number; seconds: number };
    expect(printed).toEqual({ rows: 2, file: out, bytes: readFileSync(out).length, seconds: expect.any(Number) });
    const { rows } = await xlsxRows(out);
    expect(rows).toEqual([
      [named('c1').customerNo, '张三', '金卡'],
      [named('c2').customerNo, "'=HYPERLINK(\"http://evil\",\"点我\")", '钻石'],
    ]);
  });

  it("without --sort and --columns, the list as it first shows: its default columns, largest assets first", async () => {
    const out = join(outDir, 'cli-defaults.xlsx');
    const r = await cli(['export', 'customers', out, '--db', t.file, '--user', 'bm1', '--filter', '{"levels":["gold","diamond"]}']);
    expect(r.code).toBe(0);
    const { header, rows } = await xlsxRows(out);
    expect(header).toEqual(['客户号', '客户姓名', '证件号码', '手机号码', '客户经理', '客户等级', '客户状态', '风险等级', '风险测评有效期至', '证件有效期至', '总资产（元）', '高龄客户']);
    expect(rows.map((row) => row[0])).toEqual([named('c2').customerNo, named('c1').customerNo]);
  });

  it('a refused export exits non-zero with the reason and writes nothing', async () => {
    const out = join(outDir, 'cli-refused.csv');
    const r = await cli(['export', 'customers', out, '--db', t.file, '--user', 'op1', '--unmasked']);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'FORBIDDEN', key: 'error.exports.unmaskedForbidden' } });
    expect(existsSync(out)).toBe(false);

    const bad = await cli(['export', 'customers', join(outDir, 'x.pdf'), '--db', t.file, '--user', 'bm1']);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stderr)).toMatchObject({ error: { code: 'USAGE' } });
    const badColumn = await cli(['export', 'customers', join(outDir, 'x.csv'), '--db', t.file, '--user', 'bm1', '--columns', 'customerNo,password']);
    expect(badColumn.code).not.toBe(0);
    expect(JSON.parse(badColumn.stderr)).toMatchObject({ error: { code: 'VALIDATION' } });
  });
});
