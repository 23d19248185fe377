import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { writeTxSync } from '../../src-main/db/tx';
import { makeTestApp, type TestApp } from '../helpers/app';
import { insertCustomers } from '../helpers/insert-customer';
import { fakeCustomer } from '../fixtures/import/make-fixtures';
import { businessDigest, handleFor, preview, runJobsInProcess, type InProcessJobs } from './helpers';

/**
 * The files real operators produce (tests/fixtures/import/, made by make-fixtures.ts), through
 * the whole import: inspect, preview (the engine), and for the refused ones, the database
 * unchanged. One database for all: every case either writes nothing (preview) or checks the
 * digest around itself.
 */
const FIX = join(import.meta.dirname, '..', 'fixtures', 'import');
let t: TestApp;
let jobs: InProcessJobs;
let op: string;

beforeAll(async () => {
  t = await makeTestApp();
  jobs = runJobsInProcess(t);
  op = await t.login('op1');
  // The accounts the daily-assets fixtures name, on a customer of branch 1.
  const [c] = insertCustomers(t, [{ customerNo: '870000001', name: '资产客户', idNo: fakeCustomer(900).idNo, branchId: t.org.b1 }]);
  const at = '2024-01-02T03:04:05.000Z';
  writeTxSync(
    t.db,
    'test-fixture',
    () => {
      const ins = t.db.sqlite.prepare(`INSERT INTO accounts (id, customer_id, branch_id, account_no, type, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'normal', 'active', ?, ?)`);
      for (const no of ['3100100001', '3100100002', '3100100003', '3100100004', '3100100005', '3100100006', '3100200001', '3100200002', '3100200003', '3100200004', '3100200005', '3100300001', '3100300002']) {
        ins.run(uuidv7(), c, t.org.b1, no, at, at);
      }
    },
    'uncaptured',
  );
});
afterAll(() => {
  jobs.close();
  t.close();
});

/** A copy in the test's dir: the fixtures themselves are never touched. */
const fx = (name: string) => {
  const p = join(t.dir, name);
  copyFileSync(join(FIX, name), p);
  return p;
};

describe('imports: the files real operators produce', () => {
  it.each([
    ['customers-title-rows.xlsx', { total: 8, new: 8, error: 0 }, 'import.warn.titleRowsSkipped'],
    ['customers-gbk.csv', { total: 6, new: 6, error: 0 }, null],
    ['customers-utf8-bom.csv', { total: 5, new: 5, error: 0 }, null],
    ['customers-full-width.xlsx', { total: 4, new: 4, error: 0 }, null],
    ['renamed-xls.xlsx', { error: 0 }, 'import.warn.extensionMismatch'],
    ['empty-sheet-then-data.xlsx', { total: 3, new: 3, error: 0 }, null],
  ] as const)('%s previews clean', async (name, counts, warning) => {
    const run = await preview(t, op, 'customers', fx(name));
    expect(run.status).toBe('previewed');
    expect(run.counts).toMatchObject(counts);
    expect(run.firstErrors.filter((e) => e.severity === 'error')).toEqual([]);
    if (warning) expect(run.warnings.map((w) => w.key)).toContain(warning);
  });

  it('IDs that Excel turned into numbers: every such row rejected, naming the row and the column', async () => {
    const run = await preview(t, op, 'customers', fx('customers-ids-as-numbers.xlsx'));
    expect(run.counts!.error).toBeGreaterThanOrEqual(3);
    expect(run.counts!.error + run.counts!.new).toBe(4);
    for (const e of run.firstErrors) expect(e).toMatchObject({ column: '证件号码', field: 'idNo', message: { key: 'error.import.cell.idAsNumber' }, severity: 'error' });
  });

  it('duplicate rows: the later copy and the same ID under another number are duplicates within the file', async () => {
    const run = await preview(t, op, 'customers', fx('customers-duplicates.xlsx'));
    expect(run.counts).toMatchObject({ total: 4, new: 2, dupInFile: 2, error: 0 });
    expect(run.firstErrors.map((e) => [e.row, e.message.key, e.severity])).toEqual([
      [4, 'import.warn.dupInFile', 'warning'],
      [5, 'import.warn.dupInFile', 'warning'],
    ]);
  });

  it('daily assets: two-row merged header, and a totals row skipped', async () => {
    const two = await preview(t, op, 'dailyAssets', fx('daily-assets-two-row-header.xlsx'));
    expect(two.counts).toMatchObject({ total: 6, new: 6, error: 0 });
    const totals = await preview(t, op, 'dailyAssets', fx('daily-assets-totals.xlsx'));
    expect(totals.counts).toMatchObject({ total: 5, new: 5, error: 0 });
    const formula = await preview(t, op, 'dailyAssets', fx('formula-cached.xlsx'));
    expect(formula.counts).toMatchObject({ new: 2, error: 0 });
    expect(formula.warnings.map((w) => w.key).join(' ')).toMatch(/formula/i);
  });

  it.each([
    ['empty.xlsx', 'error.import.file.empty'],
    ['empty-workbook.xlsx', 'error.import.file.emptyWorkbook'],
    ['password-protected.xlsx', 'error.import.file.passwordProtected'],
    ['zip-bomb.xlsx', 'error.import.file.zipBomb'],
    ['zip-lying-sizes.xlsx', 'error.import.file.zipSizeMismatch'],
    ['xxe-entities.xlsx', 'error.import.file.xmlEntities'],
    ['web-page.xls', 'error.import.file.markupDisguised'],
  ])('%s is refused with %s at inspect and at preview, and the database is unchanged', async (name, key) => {
    const path = fx(name);
    const before = businessDigest(t);
    const handle = handleFor(t, op, path);
    const r = await t.call(op, 'imports.inspect', { handle, kind: 'customers', encoding: 'auto' });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: key, issues: [{ path: ['handle'], message: key }] } });
    // Straight to a preview (a client that skipped inspect): the run fails with the same reason.
    const { importId, jobId } = await t.ok(op, 'imports.preview', { handle, kind: 'customers', encoding: 'auto', headerRow: 1, mapping: ['name', 'idNo'] });
    await t.app.jobs.wait(jobId);
    const run = await t.ok(op, 'imports.get', { id: importId });
    expect(run.status).toBe('failed');
    expect(run.failure?.key).toBe(key);
    expect(await t.call(op, 'imports.apply', { importId, mode: 'validOnly' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(businessDigest(t)).toBe(before);
  });
  it('a file moved or deleted after it was chosen, or a folder: refused as such (not an internal error), its path never logged', async () => {
    const logged: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void logged.push(a.map(String).join(' ')));
    try {
      const path = fx('customers-gbk.csv');
      const handle = handleFor(t, op, path);
      rmSync(path);
      const gone = { ok: false, error: { code: 'VALIDATION', message: 'error.import.file.gone', issues: [{ path: ['handle'], message: 'error.import.file.gone' }] } };
      expect(await t.call(op, 'imports.inspect', { handle, kind: 'customers', encoding: 'auto' })).toMatchObject(gone);
      expect(await t.call(op, 'imports.preview', { handle, kind: 'customers', encoding: 'auto', headerRow: 1, mapping: ['name', 'idNo'] })).toMatchObject(gone);
      // A folder passes the handler's size check; the preview job cannot read it.
      const folder = join(t.dir, '张三的客户资料.csv');
      mkdirSync(folder);
      const { importId, jobId } = await t.ok(op, 'imports.preview', { handle: handleFor(t, op, folder), kind: 'customers', encoding: 'auto', headerRow: 1, mapping: ['name', 'idNo'] });
      await t.app.jobs.wait(jobId);
      const run = await t.ok(op, 'imports.get', { id: importId });
      expect(run).toMatchObject({ status: 'failed', failure: { key: 'error.import.file.gone' }, undoable: false });
    } finally {
      spy.mockRestore();
    }
    expect(logged.join('\n')).not.toContain('客户资料');
  });
});
