import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app';
import { insertCustomers } from '../helpers/insert-customer';
import { writeTxSync } from '../../src-main/db/tx';
import { createAppContext } from '../../src-main/ipc/context';
import { v7 as uuidv7 } from 'uuid';
import { apply, idOf, preview, runJobsInProcess, undo, writeCsv, writeXlsx, type InProcessJobs } from './helpers';

let t: TestApp;
let jobs: InProcessJobs;
afterEach(() => {
  jobs?.close();
  t?.close();
});

/** Two customers of branch 1 (one with account 600000000001), one of branch 2 (account 600000000009). */
async function setup() {
  t = await makeTestApp();
  jobs = runJobsInProcess(t);
  const [a, b, c] = insertCustomers(t, [
    { customerNo: '100000101', name: '甲客户', idNo: idOf(101), branchId: t.org.b1, managerId: t.users.am1!.id },
    { customerNo: '100000102', name: '乙客户', idNo: idOf(102), branchId: t.org.b1 },
    { customerNo: '100000109', name: '丙客户', idNo: idOf(109), branchId: t.org.b2 },
  ]);
  const at = '2024-01-02T03:04:05.000Z';
  writeTxSync(
    t.db,
    'test-fixture',
    () => {
      const ins = t.db.sqlite.prepare(`INSERT INTO accounts (id, customer_id, branch_id, account_no, type, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'normal', 'active', ?, ?)`);
      ins.run(uuidv7(), a, t.org.b1, '600000000001', at, at);
      ins.run(uuidv7(), b, t.org.b1, '600000000002', at, at);
      ins.run(uuidv7(), c, t.org.b2, '600000000009', at, at);
    },
    'uncaptured',
  );
  return { a: a!, b: b!, c: c! };
}

describe('imports: the other kinds', () => {
  it('contacts: matched to the customer by number and to the contact by name; primary moves', async () => {
    const { a } = await setup();
    const op = await t.login('op1');
    const path = writeCsv(t, 'k.csv', [
      ['客户号', '联系人姓名', '联系人类别', '与客户关系', '联系电话', '主要联系人'],
      ['100000101', '甲妻', '亲属', '配偶', '13800000101', '是'],
      ['100000101', '甲助理', '联系人', '', '13800000102', '否'],
    ]);
    const run = await apply(t, op, (await preview(t, op, 'contacts', path)).id);
    expect(run.counts).toMatchObject({ total: 2, new: 2, applied: 2, error: 0 });
    expect(t.db.sqlite.prepare(`SELECT name, kind, relation, phone, is_primary FROM contacts WHERE customer_id = ? ORDER BY name`).all(a)).toEqual([
      { name: '甲助理', kind: 'contact', relation: null, phone: '13800000102', is_primary: 0 },
      { name: '甲妻', kind: 'relative', relation: '配偶', phone: '13800000101', is_primary: 1 },
    ]);
    // The same file again changes nothing; a new primary demotes the old one.
    const again = await preview(t, op, 'contacts', path);
    expect(again.counts).toMatchObject({ unchanged: 2, new: 0, update: 0 });
    const p2 = writeCsv(t, 'k2.csv', [['客户号', '联系人姓名', '主要联系人'], ['100000101', '甲助理', '是']]);
    const r2 = await apply(t, op, (await preview(t, op, 'contacts', p2)).id);
    expect(r2.counts).toMatchObject({ update: 1 });
    expect(t.db.sqlite.prepare(`SELECT name FROM contacts WHERE customer_id = ? AND is_primary = 1`).pluck().all(a)).toEqual(['甲助理']);
    await undo(t, op, r2.id);
    expect(t.db.sqlite.prepare(`SELECT name FROM contacts WHERE customer_id = ? AND is_primary = 1`).pluck().all(a)).toEqual(['甲妻']);
  });

  it('contacts: a later row that names the stored primary contact primary again wins over an earlier row’s new primary, in the preview and the apply', async () => {
    const { a } = await setup();
    const op = await t.login('op1');
    const first = writeCsv(t, 'p1.csv', [['客户号', '联系人姓名', '主要联系人'], ['100000101', '甲妻', '是']]);
    await apply(t, op, (await preview(t, op, 'contacts', first)).id);
    const path = writeCsv(t, 'p2.csv', [
      ['客户号', '联系人姓名', '主要联系人'],
      ['100000101', '甲助理', '是'],
      ['100000101', '甲妻', '是'],
    ]);
    const run = await preview(t, op, 'contacts', path);
    expect(run.counts).toMatchObject({ new: 1, update: 1, unchanged: 0 });
    const done = await apply(t, op, run.id);
    expect(done.counts).toMatchObject({ new: 1, update: 1, applied: 2 });
    expect(t.db.sqlite.prepare(`SELECT name, is_primary FROM contacts WHERE customer_id = ? ORDER BY name`).all(a)).toEqual([
      { name: '甲助理', is_primary: 0 },
      { name: '甲妻', is_primary: 1 },
    ]);
    await undo(t, op, done.id);
    expect(t.db.sqlite.prepare(`SELECT name, is_primary FROM contacts WHERE customer_id = ? AND deleted_at IS NULL`).all(a)).toEqual([{ name: '甲妻', is_primary: 1 }]);
  });

  it('contacts: a merge that moves an imported contact to the surviving customer touches it; the import is no longer undoable', async () => {
    const { a, b } = await setup();
    const op = await t.login('op1');
    const path = writeCsv(t, 'm.csv', [['客户号', '联系人姓名', '联系电话'], ['100000101', '甲秘书', '13800000111']]);
    const run = await apply(t, op, (await preview(t, op, 'contacts', path)).id);
    expect(run.counts).toMatchObject({ new: 1, applied: 1 });
    expect((await t.ok(op, 'imports.get', { id: run.id })).undoable).toBe(true);
    // 甲 merged into 乙 (four eyes: compliance asks, the branch manager approves).
    const comp1 = await t.login('comp1');
    const bm1 = await t.login('bm1');
    const asked = (await t.ok(comp1, 'customers.merge', { survivorId: b, loserId: a, picks: {} })) as unknown as { pendingApprovalId: string };
    await t.ok(bm1, 'approvals.approve', { id: asked.pendingApprovalId });
    expect(t.db.sqlite.prepare(`SELECT customer_id FROM contacts WHERE name = '甲秘书'`).pluck().get()).toBe(b);
    expect((await t.ok(op, 'imports.get', { id: run.id })).undoable).toBe(false);
    expect(await t.call(op, 'imports.undo', { id: run.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', params: { count: 1 } } });
    expect(t.db.sqlite.prepare(`SELECT count(*) FROM contacts WHERE name = '甲秘书' AND deleted_at IS NULL`).pluck().get()).toBe(1);
  });

  it('contacts: a big batch is captured together; a contact the batch would demote is inserted non-primary, so each new contact has one insert op with its final row', async () => {
    const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平'];
    const nameOf = (i: number) => `张${GIVEN[i % 20]}${GIVEN[Math.floor(i / 20) % 20]}`;
    /** 130 new contacts for each of two customers; primary: a's 0th and 5th (the 5th stays), b's 3rd (demotes b's old primary). */
    const bigFile = () =>
      writeCsv(t, 'big.csv', [
        ['客户号', '联系人姓名', '联系电话', '主要联系人'],
        ...[0, 1].flatMap((c) =>
          Array.from({ length: 130 }, (_, i) => [c === 0 ? '100000101' : '100000102', nameOf(i), `1380000${String(c * 1000 + i).padStart(4, '0')}`, (c === 0 && (i === 0 || i === 5)) || (c === 1 && i === 3) ? '是' : '否']),
        ),
      ]);
    type CapOp = { name: string; kind: string; col: string | null; primary: number | null };
    const run = async () => {
      await setup();
      const op = await t.login('op1');
      const first = writeCsv(t, 'old.csv', [['客户号', '联系人姓名', '主要联系人'], ['100000102', '乙旧', '是']]);
      await apply(t, op, (await preview(t, op, 'contacts', first)).id);
      const seq = t.db.sqlite.prepare(`SELECT max(origin_seq) FROM sync_ops`).pluck().get() as number;
      const r = await apply(t, op, (await preview(t, op, 'contacts', bigFile())).id);
      expect(r.counts).toMatchObject({ total: 260, new: 260, applied: 260, error: 0 });
      const primaries = t.db.sqlite.prepare(`SELECT c.customer_no AS no, k.name FROM contacts k JOIN customers c ON c.id = k.customer_id WHERE k.is_primary = 1 ORDER BY c.customer_no`).all();
      const ops = (
        t.db.sqlite
          .prepare(
            `SELECT k.name, o.kind, o.col, CASE WHEN o.kind = 'insert' THEN o.value ->> 'is_primary' ELSE o.value END AS prim,
                    o.hlc = ck.hlc AS clocked, h.new_value = o.value AS historied
               FROM sync_ops o JOIN contacts k ON k.id = o.row_id
               LEFT JOIN sync_cell_clock ck ON ck.tbl = 'contacts' AND ck.row_id = o.row_id AND ck.col = ''
               LEFT JOIN history h ON h.tbl = 'contacts' AND h.row_id = o.row_id AND h.kind = 'insert'
              WHERE o.tbl = 'contacts' AND o.origin_seq > ? ORDER BY o.origin_seq`,
          )
          .all(seq) as { name: string; kind: string; col: string | null; prim: string | number | null; clocked: number; historied: number }[]
      ).map((o) => ({ ...o, prim: o.prim === null ? null : Number(o.prim) }));
      const state = t.db.sqlite.prepare(`SELECT name, is_primary FROM contacts ORDER BY customer_id, name`).all() as { name: string; is_primary: number }[];
      return { primaries, ops, state };
    };

    const deferred = await run();
    expect(deferred.primaries).toEqual([
      { no: '100000101', name: nameOf(5) },
      { no: '100000102', name: nameOf(3) },
    ]);
    // The old primary's demotion is the one update; every new contact has one insert op, in file
    // order, whose row is the contact as it ends (a's 0th non-primary), with its clock and history.
    const updates = deferred.ops.filter((o) => o.kind !== 'insert');
    // Deferred: the batch's insert ops are written at its end, after the demotion's row-by-row op.
    expect(deferred.ops[0]!.name).toBe('乙旧');
    expect(updates).toEqual([{ name: '乙旧', kind: 'update', col: 'is_primary', prim: 0, clocked: 0, historied: 0 }]);
    const inserted = deferred.ops.filter((o) => o.kind === 'insert');
    expect(inserted.map((o) => o.name)).toEqual([0, 1].flatMap(() => Array.from({ length: 130 }, (_, i) => nameOf(i))));
    expect(inserted.every((o) => o.clocked === 1 && o.historied === 1)).toBe(true);
    const finalPrimary = new Map(deferred.state.map((r) => [r.name, r.is_primary]));
    expect(inserted.filter((o) => o.prim === 1).map((o) => o.name)).toEqual([nameOf(5), nameOf(3)]);
    expect(finalPrimary.get(nameOf(0))).toBe(0);

    // Captured row by row: each row's ops the same, the inserts in the same order, the same end
    // state. (Deferred, the old primary's demotion comes before the batch's inserts instead of
    // between them: ops of different rows, independent under last writer wins per cell.)
    jobs.close();
    t.close();
    process.env.BD_CAPTURE_DEFER = '0';
    try {
      const rowByRow = await run();
      const shape = (ops: typeof deferred.ops): CapOp[] => ops.map((o) => ({ name: o.name, kind: o.kind, col: o.col, primary: o.prim }));
      const byRow = (ops: typeof deferred.ops) => {
        const m = new Map<string, CapOp[]>();
        for (const o of shape(ops)) m.set(o.name, [...(m.get(o.name) ?? []), o]);
        return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      };
      expect(byRow(rowByRow.ops)).toEqual(byRow(deferred.ops));
      expect(shape(rowByRow.ops.filter((o) => o.kind === 'insert'))).toEqual(shape(inserted));
      expect(rowByRow.state).toEqual(deferred.state);
    } finally {
      delete process.env.BD_CAPTURE_DEFER;
    }
  });

  it('accounts: new and updated by account number; an account of another customer is refused', async () => {
    const { b } = await setup();
    const op = await t.login('op1');
    const path = writeCsv(t, 'a.csv', [
      ['资金账号', '客户号', '账户类型', '账户状态', '开户日期'],
      ['600000000003', '100000102', '信用账户', '正常', '2023/5/6'],
      ['600000000002', '100000102', '普通', '冻结', ''],
      ['600000000001', '100000102', '普通', '正常', ''],
    ]);
    const run = await preview(t, op, 'accounts', path);
    expect(run.counts).toMatchObject({ total: 3, new: 1, update: 1, error: 1 });
    expect(run.firstErrors).toEqual([{ row: 4, column: '资金账号', field: 'accountNo', message: { key: 'error.import.account.otherCustomer' }, severity: 'error' }]);
    await apply(t, op, run.id, 'validOnly');
    expect(t.db.sqlite.prepare(`SELECT account_no, type, status, opened_at FROM accounts WHERE customer_id = ? ORDER BY account_no`).all(b)).toEqual([
      { account_no: '600000000002', type: 'normal', status: 'frozen', opened_at: null },
      { account_no: '600000000003', type: 'margin', status: 'active', opened_at: '2023-05-06' },
    ]);
    // A close date before the stored open date (or an open date after the stored close date) is refused, as the form refuses it.
    const closing = (date: string) => preview(t, op, 'accounts', writeCsv(t, `d${date}.csv`, [['资金账号', '客户号', '销户日期'], ['600000000003', '100000102', date]]));
    const early = await closing('2020-01-01');
    expect(early.counts).toMatchObject({ update: 0, error: 1 });
    expect(early.firstErrors.map((e) => [e.row, e.field, e.message])).toEqual([[2, 'closedAt', { key: 'validation.date.order' }]]);
    expect((await closing('2024-01-01')).counts).toMatchObject({ update: 1, error: 0 });
  });

  it('codes Excel saved as numbers: one that is a stored customer or account number without its leading zeros is refused, naming it', async () => {
    const { b } = await setup();
    const at = '2024-01-02T03:04:05.000Z';
    writeTxSync(
      t.db,
      'test-fixture',
      () => {
        t.db.sqlite.prepare(`UPDATE customers SET customer_no = '000100102' WHERE id = ?`).run(b);
        t.db.sqlite.prepare(`INSERT INTO accounts (id, customer_id, branch_id, account_no, type, status, created_at, updated_at) VALUES (?, ?, ?, '000600000777', 'normal', 'active', ?, ?)`).run(uuidv7(), b, t.org.b1, at, at);
      },
      'uncaptured',
    );
    const op = await t.login('op1');
    const customers = await writeXlsx(t, 'c.xlsx', [
      ['客户号', '客户姓名', '证件号码'],
      [100102, '乙客户', idOf(102)],
      [700000001, '丁客户', idOf(201)],
    ]);
    const c = await preview(t, op, 'customers', customers);
    expect(c.counts).toMatchObject({ total: 2, new: 1, error: 1 });
    expect(c.firstErrors).toEqual([{ row: 2, column: '客户号', field: 'customerNo', message: { key: 'error.import.value.zerosLost', params: { code: '000100102' } }, severity: 'error' }]);
    const accounts = await writeXlsx(t, 'a.xlsx', [
      ['资金账号', '客户号', '账户类型'],
      [600000777, '000100102', '普通'],
      [600000000004, 100102, '普通'],
      [600000000005, '000100102', '普通'],
    ]);
    const a = await preview(t, op, 'accounts', accounts);
    expect(a.counts).toMatchObject({ total: 3, new: 1, error: 2 });
    expect(a.firstErrors.map((e) => [e.row, e.field, e.message])).toEqual([
      [2, 'accountNo', { key: 'error.import.value.zerosLost', params: { code: '000600000777' } }],
      [3, 'customerNo', { key: 'error.import.value.zerosLost', params: { code: '000100102' } }],
    ]);
    // The kinds that only look a code up say the same, not "not found"; another branch's code without its zeros says only that it is out of scope.
    writeTxSync(t.db, 'test-fixture', () => t.db.sqlite.prepare(`UPDATE customers SET customer_no = '000100109' WHERE customer_no = '100000109'`).run(), 'uncaptured');
    const contacts = await preview(t, op, 'contacts', await writeXlsx(t, 'k.xlsx', [['客户号', '联系人姓名'], [100102, '乙妻'], [100109, '丙妻'], [100103, '无主']]));
    expect(contacts.firstErrors.map((e) => [e.row, e.field, e.message])).toEqual([
      [2, 'customerNo', { key: 'error.import.value.zerosLost', params: { code: '000100102' } }],
      [3, 'customerNo', { key: 'error.import.outOfScope' }],
      [4, 'customerNo', { key: 'error.import.customer.notFound' }],
    ]);
    // So do the kinds that create: a new customer numbered as another branch's without its zeros,
    // another branch's account (exact, or without its zeros) given to one of ours.
    writeTxSync(
      t.db,
      'test-fixture',
      () => {
        const other = t.db.sqlite.prepare(`SELECT id, branch_id FROM customers WHERE customer_no = '000100109'`).get() as { id: string; branch_id: string };
        t.db.sqlite.prepare(`INSERT INTO accounts (id, customer_id, branch_id, account_no, type, status, created_at, updated_at) VALUES (?, ?, ?, '000600000999', 'normal', 'active', ?, ?)`).run(uuidv7(), other.id, other.branch_id, at, at);
      },
      'uncaptured',
    );
    const c3 = await preview(t, op, 'customers', await writeXlsx(t, 'c3.xlsx', [['客户号', '客户姓名', '证件号码'], [100109, '庚客户', idOf(204)]]));
    expect(c3.firstErrors.map((e) => [e.row, e.field, e.message])).toEqual([[2, 'customerNo', { key: 'error.import.outOfScope' }]]);
    const a3 = await preview(t, op, 'accounts', await writeXlsx(t, 'a3.xlsx', [['资金账号', '客户号', '账户类型'], [600000999, '000100102', '普通'], ['000600000999', '000100102', '普通']]));
    expect(a3.firstErrors.map((e) => [e.row, e.field, e.message])).toEqual([
      [2, 'accountNo', { key: 'error.import.outOfScope' }],
      [3, 'accountNo', { key: 'error.import.outOfScope' }],
    ]);
    const facts = await preview(t, op, 'dailyAssets', await writeXlsx(t, 'f.xlsx', [['资金账号', '日期', '总资产'], [600000777, '2024-01-05', 100], [600000778, '2024-01-05', 100]]));
    expect(facts.firstErrors.map((e) => [e.row, e.field, e.message])).toEqual([
      [2, 'accountNo', { key: 'error.import.value.zerosLost', params: { code: '000600000777' } }],
      [3, 'accountNo', { key: 'error.import.account.notFound' }],
    ]);
  });

  it('a code an earlier row of the file creates counts as stored: the same code without its zeros is refused in the preview, as the apply would once that row is written', async () => {
    await setup();
    const op = await t.login('op1');
    const customers = await writeXlsx(t, 'c2.xlsx', [
      ['客户号', '客户姓名', '证件号码'],
      ['000700002', '戊客户', idOf(202)],
      [700002, '戊客户', idOf(203)],
    ]);
    const c = await preview(t, op, 'customers', customers);
    expect(c.counts).toMatchObject({ total: 2, new: 1, error: 1 });
    expect(c.firstErrors.map((e) => [e.row, e.field, e.message])).toEqual([[3, 'customerNo', { key: 'error.import.value.zerosLost', params: { code: '000700002' } }]]);
    const accounts = await writeXlsx(t, 'a2.xlsx', [
      ['资金账号', '客户号', '账户类型'],
      ['000600000888', '100000101', '普通'],
      [600000888, '100000101', '普通'],
    ]);
    const a = await preview(t, op, 'accounts', accounts);
    expect(a.firstErrors.map((e) => [e.row, e.field, e.message])).toEqual([[3, 'accountNo', { key: 'error.import.value.zerosLost', params: { code: '000600000888' } }]]);
  });

  it('amounts in 万元 (or another unit of yuan the header names) are scaled; an amount in another currency is refused', async () => {
    await setup();
    const op = await t.login('op1');
    const path = writeCsv(t, 'units.csv', [
      ['资金账号', '日期', '总资产(万元)', '市值（万元）', '资金余额（元）'],
      ['600000000001', '2024-01-05', '125.12345', '100', '1,234.56'],
      ['600000000002', '2024-01-05', '0.5', '', '12.5%'],
    ]);
    const run = await preview(t, op, 'dailyAssets', path);
    expect(run.firstErrors.map((e) => [e.row, e.column, e.message.key])).toEqual([[3, '资金余额(元)', 'error.import.value.percent']]);
    await apply(t, op, run.id, 'validOnly');
    expect(t.db.sqlite.prepare(`SELECT total_fen, market_value_fen, cash_fen FROM daily_assets`).all()).toEqual([{ total_fen: 125123450, market_value_fen: 100000000, cash_fen: 123456 }]);
    const hkd = await preview(t, op, 'dailyAssets', writeCsv(t, 'hkd.csv', [['资金账号', '日期', '总资产(港元)'], ['600000000001', '2024-01-06', '1000']]));
    expect(hkd.firstErrors.map((e) => [e.row, e.column, e.message])).toEqual([[2, '总资产(港元)', { key: 'error.import.value.currency', params: { unit: '港元' } }]]);
  });

  it('daily assets (two-row merged header, thousands separators, Excel dates): facts stored, the customer’s assets refreshed; undo takes both back', async () => {
    const { a } = await setup();
    const op = await t.login('op1');
    const path = await writeXlsx(t, 'd.xlsx', [
      ['资产日报（2024年1月）', null, null, null, null],
      ['资金账号', '日期', '资产', null, null],
      [null, null, '总资产', '市值', '资金余额'],
      ['600000000001', new Date(Date.UTC(2024, 0, 4)), '1,234.50', 1000, 234.5],
      ['600000000001', '2024-01-05', '2,000.00', 1500, 500],
      ['600000000002', '2024/1/5', 300, null, 300],
      ['合计', null, 3534.5, null, null],
    ]);
    const run = await preview(t, op, 'dailyAssets', path);
    expect(run.status).toBe('previewed');
    expect(run.counts).toMatchObject({ total: 3, new: 3, error: 0 });
    const done = await apply(t, op, run.id);
    expect(t.db.sqlite.prepare(`SELECT account_no, as_of, total_fen, market_value_fen, cash_fen, customer_id = ? AS mine FROM daily_assets ORDER BY account_no, as_of`).all(a)).toEqual([
      { account_no: '600000000001', as_of: '2024-01-04', total_fen: 123450, market_value_fen: 100000, cash_fen: 23450, mine: 1 },
      { account_no: '600000000001', as_of: '2024-01-05', total_fen: 200000, market_value_fen: 150000, cash_fen: 50000, mine: 1 },
      { account_no: '600000000002', as_of: '2024-01-05', total_fen: 30000, market_value_fen: null, cash_fen: 30000, mine: 0 },
    ]);
    // Assets: the latest row of each of the customer's accounts; captured nowhere (a local fact).
    expect(t.db.sqlite.prepare(`SELECT assets_fen FROM customers WHERE id = ?`).pluck().get(a)).toBe(200000);
    expect(t.db.sqlite.prepare(`SELECT count(*) FROM sync_ops`).pluck().get()).toBe(0);
    await undo(t, op, done.id);
    expect(t.db.sqlite.prepare(`SELECT count(*) FROM daily_assets`).pluck().get()).toBe(0);
    expect(t.db.sqlite.prepare(`SELECT assets_fen FROM customers WHERE id = ?`).pluck().get(a)).toBe(0);
  });

  it('daily assets cut off before the assets refresh (the app quit): the customers are refreshed at the next start', async () => {
    const { a, b } = await setup();
    const op = await t.login('op1');
    const run = await preview(t, op, 'dailyAssets', writeCsv(t, 'q.csv', [['资金账号', '日期', '总资产'], ['600000000001', '2024-01-05', '100'], ['600000000001', '2024-01-06', '250'], ['600000000002', '2024-01-06', '30']]));
    // Between the batch's commit and the refresh, the run says its customers' assets are stale.
    let staleMidway: unknown = null;
    jobs.cancelWhen = (m) => {
      if (m.type === 'progress' && m.phase === 'apply' && typeof m.done === 'number' && m.done > 0 && staleMidway === null) staleMidway = t.db.sqlite.prepare(`SELECT assets_stale FROM import_runs WHERE id = ?`).pluck().get(run.id);
      return false;
    };
    await apply(t, op, run.id);
    expect(staleMidway).toBe(1);
    const assets = () => t.db.sqlite.prepare(`SELECT assets_fen FROM customers WHERE id IN (?, ?) ORDER BY customer_no`).pluck().all(a, b);
    expect(assets()).toEqual([25000, 3000]);
    expect(t.db.sqlite.prepare(`SELECT assets_stale FROM import_runs WHERE id = ?`).pluck().get(run.id)).toBe(0);
    // What a quit between the last batch and the refresh leaves: the facts stored, the assets not refreshed.
    t.db.sqlite.prepare(`UPDATE customers SET assets_fen = 0`).run();
    t.db.sqlite.prepare(`UPDATE import_runs SET assets_stale = 1 WHERE id = ?`).run(run.id);
    const next = await createAppContext({ db: t.db, dbKey: t.key });
    await next.jobs.close();
    expect(assets()).toEqual([25000, 3000]);
    expect(t.db.sqlite.prepare(`SELECT assets_stale FROM import_runs WHERE id = ?`).pluck().get(run.id)).toBe(0);
  });

  it('daily assets: a later import overwrites a value (update) and makes the earlier import not undoable', async () => {
    await setup();
    const op = await t.login('op1');
    const first = await apply(t, op, (await preview(t, op, 'dailyAssets', writeCsv(t, 'd1.csv', [['资金账号', '日期', '总资产'], ['600000000001', '2024-01-05', '100']]))).id);
    const second = await preview(t, op, 'dailyAssets', writeCsv(t, 'd2.csv', [['资金账号', '日期', '总资产'], ['600000000001', '2024-01-05', '150'], ['600000000001', '2024-01-06', '150']]));
    expect(second.counts).toMatchObject({ update: 1, new: 1 });
    await apply(t, op, second.id);
    expect((await t.ok(op, 'imports.get', { id: first.id })).undoable).toBe(false);
    expect(await t.call(op, 'imports.undo', { id: first.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', params: { count: 1 } } });
    // Undoing the second puts the first's value back.
    await undo(t, op, second.id);
    expect(t.db.sqlite.prepare(`SELECT as_of, total_fen, import_id FROM daily_assets`).all()).toEqual([{ as_of: '2024-01-05', total_fen: 10000, import_id: first.id }]);
  });

  it('an accounts import is not undoable once trading facts were imported for an account it created; undone after those are', async () => {
    await setup();
    const op = await t.login('op1');
    const accounts = await apply(t, op, (await preview(t, op, 'accounts', writeCsv(t, 'acc.csv', [['资金账号', '客户号', '账户类型'], ['600000000301', '100000101', '普通']]))).id);
    expect(accounts.counts).toMatchObject({ new: 1, applied: 1 });
    const facts = await apply(t, op, (await preview(t, op, 'dailyAssets', writeCsv(t, 'f.csv', [['资金账号', '日期', '总资产'], ['600000000301', '2024-01-05', '5000']]))).id);
    expect(facts.counts).toMatchObject({ new: 1, applied: 1 });
    expect((await t.ok(op, 'imports.get', { id: accounts.id })).undoable).toBe(false);
    expect(await t.call(op, 'imports.undo', { id: accounts.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', params: { count: 1 } } });
    await undo(t, op, facts.id);
    expect((await undo(t, op, accounts.id)).status).toBe('undone');
  });

  it('monthly trading and holdings', async () => {
    await setup();
    const op = await t.login('op1');
    const m = await apply(t, op, (await preview(t, op, 'monthlyTrading', writeCsv(t, 'm.csv', [['资金账号', '月份', '佣金（元）', '成交金额'], ['600000000001', '2024年3月', '12.34', '１２，０００']]))).id);
    expect(m.counts).toMatchObject({ new: 1, applied: 1 });
    expect(t.db.sqlite.prepare(`SELECT month, commission_fen, volume_fen FROM monthly_trading`).get()).toEqual({ month: '2024-03', commission_fen: 1234, volume_fen: 1200000 });
    const h = await apply(t, op, (await preview(t, op, 'holdings', writeCsv(t, 'h.csv', [['资金账号', '日期', '产品代码', '产品名称', '持有数量', '参考市值'], ['600000000002', '20240105', '510300', '沪深300ETF', '1000', '3,500.00']]))).id);
    expect(h.counts).toMatchObject({ new: 1 });
    expect(t.db.sqlite.prepare(`SELECT product_code, product_name, quantity, market_value_fen FROM holdings`).get()).toEqual({ product_code: '510300', product_name: '沪深300ETF', quantity: 1000, market_value_fen: 350000 });
  });
});

describe('imports: scope', () => {
  it('a branch operator’s rows for another branch’s customers are out of scope, row by row; nothing of branch 2 changes', async () => {
    const { c } = await setup();
    const op = await t.login('op1');
    const path = writeCsv(t, 's.csv', [
      ['客户号', '姓名', '证件号码', '手机'],
      ['100000101', '甲客户', idOf(101), '13900000101'],
      ['100000109', '丙客户', idOf(109), '13900000109'],
    ]);
    const run = await preview(t, op, 'customers', path);
    expect(run.counts).toMatchObject({ update: 1, error: 1 });
    expect(run.firstErrors).toEqual([{ row: 3, column: '客户号', field: 'customerNo', message: { key: 'error.import.outOfScope' }, severity: 'error' }]);
    await apply(t, op, run.id, 'validOnly');
    expect(t.db.sqlite.prepare(`SELECT phone, version FROM customers WHERE id = ?`).get(c)).toEqual({ phone: null, version: 1 });
    // Facts on branch 2's account and a new customer named in branch 2: out of scope too.
    // With a customer number beside it, the same: whether it is that customer's account is not told (the own branch's is).
    const facts = await preview(
      t,
      op,
      'dailyAssets',
      writeCsv(t, 'f.csv', [
        ['资金账号', '客户号', '日期', '总资产'],
        ['600000000009', '100000101', '2024-01-05', '1'],
        ['600000000009', '100000109', '2024-01-06', '1'],
        ['600000000002', '100000101', '2024-01-05', '1'],
      ]),
    );
    expect(facts.firstErrors.map((e) => [e.row, e.field, e.message.key])).toEqual([
      [2, 'accountNo', 'error.import.outOfScope'],
      [3, 'accountNo', 'error.import.outOfScope'],
      [4, 'customerNo', 'error.import.account.customerMismatch'],
    ]);
    const other = await preview(t, op, 'customers', writeCsv(t, 'o.csv', [['客户号', '姓名', '证件号码', '营业部'], ['100000201', '丁客户', idOf(201), 'B02']]));
    expect(other.firstErrors[0]).toMatchObject({ row: 2, field: 'branch', message: { key: 'error.import.outOfScope' } });
  });

  it('HQ must name the branch of a new customer; an unknown manager and an ID number of another customer are errors', async () => {
    await setup();
    const hq = await t.login('analyst');
    const noBranch = await preview(t, hq, 'customers', writeCsv(t, 'h1.csv', [['客户号', '姓名', '证件号码'], ['100000301', '戊客户', idOf(301)]]));
    expect(noBranch.firstErrors[0]).toMatchObject({ field: 'branch', message: { key: 'error.import.branch.column' } });
    const rows = await preview(
      t,
      hq,
      'customers',
      writeCsv(t, 'h2.csv', [
        ['客户号', '姓名', '证件号码', '营业部', '客户经理'],
        ['100000301', '戊客户', idOf(301), '上海浦东营业部', '李客户经理'],
        ['100000302', '己客户', idOf(302), 'B02', 'am1'],
        ['100000303', '庚客户', idOf(101), 'B01', ''],
      ]),
    );
    expect(rows.counts).toMatchObject({ new: 1, error: 2 });
    expect(rows.firstErrors).toEqual([
      { row: 3, column: '客户经理', field: 'manager', message: { key: 'error.import.manager.unknown' }, severity: 'error' },
      { row: 4, column: '证件号码', field: 'idNo', message: { key: 'error.import.customer.idNoTaken', params: { customerNo: '100000101' } }, severity: 'error' },
    ]);
    const done = await apply(t, hq, rows.id, 'validOnly');
    expect(done.counts).toMatchObject({ applied: 1 });
    expect(t.db.sqlite.prepare(`SELECT branch_id, manager_id FROM customers WHERE customer_no = '100000301'`).get()).toEqual({ branch_id: t.org.b1, manager_id: t.users.am1!.id });
  });

  it('an account manager (own scope) has no import permission; another branch’s imports are not visible', async () => {
    await setup();
    const am = await t.login('am1');
    const op = await t.login('op1');
    const bm2 = await t.login('bm2');
    expect(await t.call(am, 'imports.kinds', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const run = await preview(t, op, 'customers', writeCsv(t, 'v.csv', [['客户号', '姓名', '证件号码'], ['100000401', '辛客户', idOf(401)]]));
    expect(await t.call(bm2, 'imports.get', { id: run.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await t.ok(bm2, 'imports.list', { limit: 50 })).rows).toEqual([]);
    expect((await t.ok(op, 'imports.list', { limit: 50 })).rows.map((r) => r.id)).toEqual([run.id]);
    // The branch manager may look, but applying is the previewer's.
    const bm1 = await t.login('bm1');
    expect(await t.call(bm1, 'imports.apply', { importId: run.id, mode: 'all' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
