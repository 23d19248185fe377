import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { makeIdNumber, makeTestApp, type TestApp } from '../helpers/app';
import { insertCustomers } from '../helpers/insert-customer';
import { writeTxSync } from '../../src-main/db/tx';
import { en } from '../../src-shared/i18n/en';
import { importNewRows, importWrites } from '../../src-shared/imports/imports.contract';
import { apply, businessDigest, handleFor, idOf, preview, runJobsInProcess, undo, writeCsv, writeXlsx, type InProcessJobs } from './helpers';

let t: TestApp;
let jobs: InProcessJobs;
afterEach(() => {
  jobs?.close();
  t?.close();
});

async function setup() {
  t = await makeTestApp();
  jobs = runJobsInProcess(t);
  return t;
}

const HEAD = ['客户号', '客户姓名', '证件号码', '手机', '性别', '风险等级', '客户经理'];

describe('imports: customers', () => {
  it('an operator previews then applies new customers: counts, captured ops, ownership, import history', async () => {
    await setup();
    const op = await t.login('op1');
    const path = writeCsv(t, 'c.csv', [
      HEAD,
      ['100000001', '张三', idOf(1), '138 0013 8001', '男', 'C3 平衡型', 'am1'],
      ['100000002', '李四', idOf(2, '19900202'), '+86 13800138002', '女', '稳健型', '赵客户经理'],
      ['100000003', '王五', idOf(3), '', '', '', ''],
    ]);
    const run = await preview(t, op, 'customers', path);
    expect(run.status).toBe('previewed');
    expect(run.counts).toMatchObject({ total: 3, new: 3, update: 0, unchanged: 0, error: 0, dupInFile: 0, dupExisting: 0, applied: null });
    expect(run.firstErrors).toEqual([]);
    expect(run.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    // A dry run writes nothing.
    expect(t.db.sqlite.prepare(`SELECT count(*) FROM customers`).pluck().get()).toBe(0);

    const done = await apply(t, op, run.id);
    expect(done.status).toBe('applied');
    expect(done.counts).toMatchObject({ new: 3, applied: 3 });
    expect(done.undoable).toBe(true);
    const rows = t.db.sqlite.prepare(`SELECT customer_no, name, phone, gender, risk_level, branch_id, manager_id, birth_date FROM customers ORDER BY customer_no`).all();
    expect(rows).toEqual([
      { customer_no: '100000001', name: '张三', phone: '13800138001', gender: 'M', risk_level: 'C3', branch_id: t.org.b1, manager_id: t.users.am1!.id, birth_date: '1980-01-01' },
      { customer_no: '100000002', name: '李四', phone: '13800138002', gender: 'F', risk_level: 'C2', branch_id: t.org.b1, manager_id: t.users.am1b!.id, birth_date: '1990-02-02' },
      // Sex and birth date from the ID number when the file leaves them empty.
      { customer_no: '100000003', name: '王五', phone: null, gender: expect.any(String), risk_level: null, branch_id: t.org.b1, manager_id: null, birth_date: '1980-01-01' },
    ]);
    // Captured: one insert op per customer (and per ownership row), authored by the operator.
    const ops = t.db.sqlite.prepare(`SELECT tbl, kind, author FROM sync_ops ORDER BY origin_seq`).all() as { tbl: string; kind: string; author: string }[];
    expect(ops.filter((o) => o.tbl === 'customers')).toHaveLength(3);
    expect(ops.filter((o) => o.tbl === 'customer_ownership')).toHaveLength(2);
    expect(new Set(ops.map((o) => o.author))).toEqual(new Set([t.users.op1!.id]));
    // Searchable at once: the name index was kept current.
    expect(t.db.sqlite.prepare(`SELECT count(*) FROM customer_name_gram WHERE customer_name_gram MATCH '张'`).pluck().get()).toBe(1);
  });

  it('a batch of 250 new customers is searchable at once and captured: the name index and the capture filled in one pass, their triggers back in place', async () => {
    await setup();
    const op = await t.login('op1');
    const rows: string[][] = [['客户号', '客户姓名', '证件号码']];
    for (let i = 0; i < 250; i++) rows.push([String(110000000 + i), i === 77 ? '欧阳娜娜' : `客户${i}`, idOf(300 + i)]);
    const done = await apply(t, op, (await preview(t, op, 'customers', writeCsv(t, 'fts.csv', rows))).id);
    expect(done.counts).toMatchObject({ new: 250, applied: 250 });
    expect(t.db.sqlite.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'customers_fts_ins'`).pluck().get()).toBe(1);
    // Captured together at the end of the batch (deferInsertCapture): an op, a row clock and a history row each, in file order; the capture trigger back.
    const cap = t.db.sqlite.prepare(`SELECT o.origin_seq AS seq, c.customer_no AS no, k.hlc = o.hlc AS clock, h.new_value = o.value AS hist FROM sync_ops o JOIN customers c ON c.id = o.row_id LEFT JOIN sync_cell_clock k ON k.tbl = 'customers' AND k.row_id = o.row_id AND k.col = '' LEFT JOIN history h ON h.tbl = 'customers' AND h.row_id = o.row_id AND h.kind = 'insert' WHERE o.tbl = 'customers' ORDER BY o.origin_seq`).all() as { seq: number; no: string; clock: number; hist: number }[];
    expect(cap.map((r) => r.no)).toEqual(rows.slice(1).map((r) => r[0]));
    expect(cap.every((r) => r.clock === 1 && r.hist === 1)).toBe(true);
    expect(t.db.sqlite.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'bd_cap_customers_ins'`).pluck().get()).toBe(1);
    const seqOf = (sql: string, term: string) => t.db.sqlite.prepare(sql).pluck().all(term) as number[];
    const nana = t.db.sqlite.prepare(`SELECT seq FROM customers WHERE name = '欧阳娜娜'`).pluck().get();
    expect(seqOf(`SELECT rowid FROM customer_name_tri WHERE customer_name_tri MATCH ?`, '欧阳娜')).toEqual([nana]);
    expect(seqOf(`SELECT rowid FROM customer_name_gram WHERE customer_name_gram MATCH ?`, '娜娜')).toEqual([nana]);
    expect(seqOf(`SELECT rowid FROM customer_name_gram WHERE customer_name_gram MATCH ?`, '客户')).toHaveLength(249);
    // Through the list's own search, as a branch manager sees it.
    const bm = await t.login('bm1');
    expect((await t.ok(bm, 'customers.list', { limit: 50, q: '娜娜' })).rows.map((r) => r.customerNo)).toEqual(['110000077']);
  });

  it('updates by customer number, unchanged rows stay untouched, empty cells never clear', async () => {
    await setup();
    const [c1] = insertCustomers(t, [
      { customerNo: '200000001', name: '赵六', idNo: idOf(11), phone: '13900000001', branchId: t.org.b1 },
      { customerNo: '200000002', name: '钱七', idNo: idOf(12), phone: '13900000002', branchId: t.org.b1 },
    ]);
    const op = await t.login('op1');
    const path = writeCsv(t, 'u.csv', [
      ['客户号', '姓名', '证件号码', '手机号码', '地址'],
      ['200000001', '赵六', idOf(11), '13900000011', '上海市浦东新区'],
      ['200000002', '钱七', idOf(12), '', ''],
    ]);
    const run = await preview(t, op, 'customers', path);
    expect(run.counts).toMatchObject({ total: 2, new: 0, update: 1, unchanged: 1, error: 0 });
    const done = await apply(t, op, run.id);
    expect(done.counts).toMatchObject({ update: 1, unchanged: 1, applied: 1 });
    expect(t.db.sqlite.prepare(`SELECT phone, address, version FROM customers WHERE id = ?`).get(c1)).toEqual({ phone: '13900000011', address: '上海市浦东新区', version: 2 });
    expect(t.db.sqlite.prepare(`SELECT phone, version FROM customers WHERE customer_no = '200000002'`).get()).toEqual({ phone: '13900000002', version: 1 });
  });

  it('a file whose columns moved after the mapping was made (edited in Excel meanwhile) is refused as stale, never read into the wrong fields', async () => {
    await setup();
    const op = await t.login('op1');
    const rows = [['客户号', '姓名', '证件号码', '手机号码', '地址'], ['200000031', '赵六', idOf(31), '13900000031', '上海市']];
    const path = writeCsv(t, 's.csv', rows);
    const before = businessDigest(t);
    // The phone and address columns swap places between the inspect and the preview.
    const run = await preview(t, op, 'customers', path, { afterInspect: () => writeCsv(t, 's.csv', rows.map((r) => [r[0]!, r[1]!, r[2]!, r[4]!, r[3]!])) });
    expect(run).toMatchObject({ status: 'failed', failure: { key: 'error.import.mapping.stale' } });
    expect(businessDigest(t)).toEqual(before);
    // Read again, its mapping follows the header and the file imports.
    const again = await preview(t, op, 'customers', path);
    expect(again).toMatchObject({ status: 'previewed', counts: { new: 1, error: 0 } });
  });

  it("a spouse with the customer's mobile is a new customer the preview points out: counted apart, and counted among the rows the apply writes", async () => {
    await setup();
    insertCustomers(t, [{ customerNo: '200000041', name: '赵六', idNo: idOf(41), phone: '13900000041', branchId: t.org.b1 }]);
    const op = await t.login('op1');
    const run = await preview(t, op, 'customers', writeCsv(t, 'spouse.csv', [['客户号', '姓名', '证件号码', '手机号码'], ['200000042', '钱七', idOf(42), '13900000041']]));
    expect(run.counts).toMatchObject({ total: 1, new: 0, dupExisting: 1, error: 0 });
    // What the preview's start button and confirmation read (and the CLI's `new`).
    expect(importWrites(run.counts!)).toBe(1);
    expect(importNewRows(run.counts!)).toBe(1);
    const done = await apply(t, op, run.id);
    expect(done.counts).toMatchObject({ applied: 1 });
    expect(t.db.sqlite.prepare(`SELECT count(*) FROM customers WHERE phone = '13900000041' AND deleted_at IS NULL`).pluck().get()).toBe(2);
  });

  it('a professional investor is not made by an import: neither a new customer nor an existing one (it takes an approved request)', async () => {
    await setup();
    insertCustomers(t, [{ customerNo: '200000021', name: '赵六', idNo: idOf(21), phone: '13900000021', branchId: t.org.b1 }]);
    const op = await t.login('op1');
    const path = writeCsv(t, 'p.csv', [
      ['客户号', '姓名', '证件号码', '手机号码', '投资者类别'],
      ['200000021', '赵六', idOf(21), '13900000021', '专业'],
      ['200000022', '孙八', idOf(22), '13900000022', '专业'],
      ['200000023', '周九', idOf(23), '13900000023', '普通'],
    ]);
    const run = await preview(t, op, 'customers', path);
    expect(run.counts).toMatchObject({ total: 3, new: 1, error: 2 });
    expect(run.firstErrors.map((e) => [e.row, e.field, e.message])).toEqual([
      [2, 'investorCategory', { key: 'error.import.customer.professionalNeedsApproval' }],
      [3, 'investorCategory', { key: 'error.import.customer.professionalNeedsApproval' }],
    ]);
    await apply(t, op, run.id, 'validOnly');
    expect(t.db.sqlite.prepare(`SELECT customer_no, investor_category FROM customers WHERE customer_no LIKE '20000002%' ORDER BY customer_no`).all()).toEqual([
      { customer_no: '200000021', investor_category: 'ordinary' },
      { customer_no: '200000023', investor_category: 'ordinary' },
    ]);
  });

  it('a new resident ID number brings its own birth date and sex, unless the file gives them', async () => {
    await setup();
    const [c1, c2] = insertCustomers(t, [
      { customerNo: '200000001', name: '赵六', idNo: makeIdNumber('19800101', 101), birthDate: '1980-01-01', branchId: t.org.b1 },
      { customerNo: '200000002', name: '钱七', idNo: makeIdNumber('19800101', 103), birthDate: '1980-01-01', branchId: t.org.b1 },
    ]);
    writeTxSync(t.db, 'test-fixture', () => t.db.sqlite.prepare(`UPDATE customers SET gender = 'M'`).run(), 'uncaptured');
    const op = await t.login('op1');
    const path = writeCsv(t, 'ids.csv', [
      ['客户号', '姓名', '证件号码', '出生日期', '性别'],
      ['200000001', '赵六', makeIdNumber('19900215', 102), '', ''],
      ['200000002', '钱七', makeIdNumber('19751231', 104), '', '男'],
    ]);
    const run = await preview(t, op, 'customers', path);
    expect(run.counts).toMatchObject({ total: 2, update: 2, error: 0 });
    await apply(t, op, run.id);
    const row = (id: string) => t.db.sqlite.prepare(`SELECT birth_date, gender FROM customers WHERE id = ?`).get(id);
    expect(row(c1!)).toEqual({ birth_date: '1990-02-15', gender: 'F' });
    expect(row(c2!)).toEqual({ birth_date: '1975-12-31', gender: 'M' });
  });

  it('a key an earlier row gives up reads the same in preview and apply, whichever transaction each row falls in; undo takes both back', async () => {
    await setup();
    const [a] = insertCustomers(t, [{ customerNo: '310000001', name: '甲', idNo: idOf(31), phone: '13710000001', branchId: t.org.b1 }]);
    const op = await t.login('op1');
    const bm = await t.login('bm1');
    // Rows past the first 5,000 go in a later transaction of the apply than row 2.
    const filler = Array.from({ length: 5_100 }, (_, i) => [String(320_000_000 + i), `乙${i}`, idOf(1_000 + i), String(13_720_000_000 + i)]);
    const path = writeCsv(t, 'keys.csv', [
      ['客户号', '姓名', '证件号码', '手机'],
      ['310000001', '甲', idOf(32), '13710000002'], // row 2: 甲 gives up their ID number and mobile
      ['310000009', '丙', idOf(39), '13710000009'], // row 3: a new customer's mobile
      ...filler,
      ['330000001', '丁', idOf(31), '13710000001'], // 甲's old ID number and mobile: free by now
      ['330000002', '戊', idOf(33), '13710000009'], // the mobile row 3 gave 丙
      ['330000003', '己', idOf(34), '13720000000'], // the mobile of the first filler row
    ]);
    const pre = await preview(t, op, 'customers', path);
    const last = 3 + 5_100; // the last filler row
    const statusOf = (run: Awaited<ReturnType<typeof preview>>) => ({ counts: run.counts, errors: run.firstErrors.map((e) => [e.row, e.message.key]) });
    // 甲's update and 5,104 new customers; 戊 and 己 share a mobile with an earlier row (new, and counted as duplicates).
    expect(pre.counts).toMatchObject({ total: 5_105, update: 1, new: 5_102, dupExisting: 2, error: 0 });
    expect(pre.firstErrors.map((e) => [e.row, e.message.key])).toEqual([
      [last + 2, 'import.warn.phoneSharedInFile'],
      [last + 3, 'import.warn.phoneSharedInFile'],
    ]);
    const done = await apply(t, op, pre.id);
    expect(done.status).toBe('applied');
    expect(statusOf(done)).toEqual({ ...statusOf(pre), counts: { ...pre.counts, applied: 5_105 } });
    expect(t.db.sqlite.prepare(`SELECT customer_no FROM customers WHERE id_no = ? ORDER BY customer_no`).pluck().all(idOf(31))).toEqual(['330000001']);
    expect(t.db.sqlite.prepare(`SELECT id_no, phone FROM customers WHERE id = ?`).get(a)).toEqual({ id_no: idOf(32), phone: '13710000002' });
    // The ID number undo gives back to 甲 is held by 丁, whom the undo itself deletes: not a conflict.
    const undone = await undo(t, bm, done.id);
    expect(undone.status).toBe('undone');
    expect(t.db.sqlite.prepare(`SELECT id_no, phone FROM customers WHERE id = ?`).get(a)).toEqual({ id_no: idOf(31), phone: '13710000001' });
    expect(t.db.sqlite.prepare(`SELECT count(*) FROM customers WHERE deleted_at IS NULL`).pluck().get()).toBe(1);
  });

  it('two customers that swap ID numbers in one file can be undone: each gets its own back', async () => {
    await setup();
    const [a, b] = insertCustomers(t, [
      { customerNo: '340000001', name: '甲', idNo: idOf(41), branchId: t.org.b1 },
      { customerNo: '340000002', name: '乙', idNo: idOf(42), branchId: t.org.b1 },
    ]);
    const op = await t.login('op1');
    const bm = await t.login('bm1');
    const path = writeCsv(t, 'swap.csv', [
      ['客户号', '姓名', '证件号码'],
      ['340000001', '甲', idOf(43)], // 甲 gives up their number…
      ['340000002', '乙', idOf(41)], // …which 乙 takes
    ]);
    const done = await apply(t, op, (await preview(t, op, 'customers', path)).id);
    expect(done).toMatchObject({ status: 'applied', undoable: true, counts: { update: 2, error: 0 } });
    expect((await undo(t, bm, done.id)).status).toBe('undone');
    const idOfRow = (id: string | undefined) => t.db.sqlite.prepare(`SELECT id_no FROM customers WHERE id = ?`).pluck().get(id);
    expect([idOfRow(a), idOfRow(b)]).toEqual([idOf(41), idOf(42)]);
  });

  it('undo restores the before-values and soft-deletes what the import created; refused after a later edit', async () => {
    await setup();
    const [c1] = insertCustomers(t, [{ customerNo: '300000001', name: '孙八', idNo: idOf(21), phone: '13700000001', branchId: t.org.b1 }]);
    const op = await t.login('op1');
    const bm = await t.login('bm1');
    const path = writeCsv(t, 'x.csv', [
      ['客户号', '姓名', '证件号码', '手机'],
      ['300000001', '孙八', idOf(21), '13700000009'],
      ['300000002', '周九', idOf(22), '13700000002'],
    ]);
    const first = await apply(t, op, (await preview(t, op, 'customers', path)).id);
    expect(first.counts).toMatchObject({ new: 1, update: 1 });
    const undone = await undo(t, bm, first.id);
    expect(undone.status).toBe('undone');
    expect(t.db.sqlite.prepare(`SELECT phone, deleted_at FROM customers WHERE id = ?`).get(c1)).toEqual({ phone: '13700000001', deleted_at: null });
    expect(t.db.sqlite.prepare(`SELECT deleted_at IS NOT NULL FROM customers WHERE customer_no = '300000002'`).pluck().get()).toBe(1);

    // Again, then someone edits one of the rows: undo is refused, naming how many.
    const path2 = writeCsv(t, 'y.csv', [
      ['客户号', '姓名', '证件号码', '手机'],
      ['300000001', '孙八', idOf(21), '13700000009'],
    ]);
    const second = await apply(t, op, (await preview(t, op, 'customers', path2)).id);
    expect(second.undoable).toBe(true);
    const dto = await t.ok(bm, 'customers.get', { id: c1! });
    await t.ok(bm, 'customers.update', { id: c1!, version: dto.customer.version, patch: { notes: '客户来电更新' } });
    expect((await t.ok(bm, 'imports.get', { id: second.id })).undoable).toBe(false);
    const r = await t.call(bm, 'imports.undo', { id: second.id });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'error.import.undo.touched', params: { count: 1 } } });
  });

  it('undo is refused once a customer it created has a child row added since, and once a key it would give back is held by another customer', async () => {
    await setup();
    const op = await t.login('op1');
    const bm = await t.login('bm1');
    // A created customer that someone then works with: undo would orphan its account and contact.
    const created = await apply(t, op, (await preview(t, op, 'customers', writeCsv(t, 'n.csv', [['客户号', '客户姓名', '证件号码'], ['310000001', '郑一', idOf(41)]]))).id);
    expect(created.undoable).toBe(true);
    const cid = t.db.sqlite.prepare(`SELECT id FROM customers WHERE customer_no = '310000001'`).pluck().get() as string;
    await t.ok(bm, 'customers.contacts.save', { customerId: cid, kind: 'emergency', name: '郑母', phone: '13611112222' } as never);
    expect((await t.ok(bm, 'imports.get', { id: created.id })).undoable).toBe(false);
    expect(await t.call(bm, 'imports.undo', { id: created.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'error.import.undo.touched', params: { count: 1 } } });
    expect(t.db.sqlite.prepare(`SELECT deleted_at FROM customers WHERE id = ?`).pluck().get(cid)).toBeNull();

    // An import corrects an ID number; the old one is then given to a new customer: giving it back would make two.
    insertCustomers(t, [{ customerNo: '310000009', name: '老王', idNo: idOf(49), branchId: t.org.b1 }]);
    const fixed = await apply(t, op, (await preview(t, op, 'customers', writeCsv(t, 'f.csv', [['客户号', '客户姓名', '证件号码'], ['310000009', '老王', idOf(50)]]))).id);
    expect(fixed.counts).toMatchObject({ update: 1 });
    expect(fixed.undoable).toBe(true);
    insertCustomers(t, [{ customerNo: '310000010', name: '小李', idNo: idOf(49), branchId: t.org.b1 }]);
    expect((await t.ok(bm, 'imports.get', { id: fixed.id })).undoable).toBe(false);
    expect(await t.call(bm, 'imports.undo', { id: fixed.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'error.import.undo.keyTaken', params: { count: 1 } } });
    expect(t.db.sqlite.prepare(`SELECT count(*) FROM customers WHERE id_no = ? AND deleted_at IS NULL`).pluck().get(idOf(49))).toBe(1);
  });

  it('two rows naming one customer by different keys (its number, and the ID number it had): the later is refused, naming the first', async () => {
    await setup();
    const [c] = insertCustomers(t, [{ customerNo: '320000009', name: '老王', idNo: idOf(59), phone: '13700000059', branchId: t.org.b1 }]);
    const op = await t.login('op1');
    const path = writeCsv(t, 'same.csv', [
      ['客户号', '客户姓名', '证件号码', '手机'],
      ['320000009', '老王', idOf(60), '13800138009'],
      ['', '老王', idOf(59), '13900139009'],
    ]);
    const run = await preview(t, op, 'customers', path);
    expect(run.counts).toMatchObject({ update: 1, error: 1 });
    expect(run.firstErrors.map((e) => [e.row, e.column, e.message.key, e.message.params])).toEqual([[3, '证件号码', 'error.import.customer.sameAsRow', { row: 2 }]]);
    const done = await apply(t, op, run.id, 'validOnly');
    expect(done.status).toBe('applied');
    expect(t.db.sqlite.prepare(`SELECT id_no, phone FROM customers WHERE id = ?`).get(c)).toEqual({ id_no: idOf(60), phone: '13800138009' });
  });

  it('mode all refuses a file with errors and leaves the business tables byte for byte as they were; validOnly imports the good rows', async () => {
    await setup();
    insertCustomers(t, [{ customerNo: '400000001', name: '吴十', idNo: idOf(31), phone: '13600000001', branchId: t.org.b1 }]);
    const op = await t.login('op1');
    const bad = idOf(32).slice(0, 17) + (idOf(32).endsWith('0') ? '1' : '0');
    const path = writeCsv(t, 'e.csv', [
      ['客户号', '姓名', '证件号码', '手机'],
      ['400000002', '郑一', idOf(33), '13600000002'],
      ['400000003', '王二', bad, '13600000003'],
      ['400000004', '冯三', idOf(34), '12345'],
    ]);
    const before = businessDigest(t);
    const run = await preview(t, op, 'customers', path);
    expect(run.counts).toMatchObject({ total: 3, new: 1, error: 2 });
    expect(run.firstErrors).toEqual([
      { row: 3, column: '证件号码', field: 'idNo', message: { key: 'validation.idNo.checkDigit' }, severity: 'error' },
      { row: 4, column: '手机', field: 'phone', message: { key: 'validation.phone' }, severity: 'error' },
    ]);
    expect(run.hasReport).toBe(true);
    const refused = await t.call(op, 'imports.apply', { importId: run.id, mode: 'all' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'error.import.apply.hasErrors', params: { count: 2 } } });
    expect(businessDigest(t)).toBe(before);

    const done = await apply(t, op, run.id, 'validOnly');
    expect(done.counts).toMatchObject({ new: 1, error: 2, applied: 1 });
    expect(t.db.sqlite.prepare(`SELECT customer_no FROM customers ORDER BY customer_no`).pluck().all()).toEqual(['400000001', '400000002']);
  });

  it('the error report has the original row, its row number and the problem in Chinese', async () => {
    await setup();
    const op = await t.login('op1');
    const path = writeCsv(t, 'r.csv', [
      ['客户号', '姓名', '证件号码', '手机'],
      ['500000001', '陈一', idOf(41), '13500000001'],
      ['500000002', '', idOf(42), '13500000002'],
    ]);
    const run = await preview(t, op, 'customers', path);
    const out = `${t.dir}/report.xlsx`;
    const handle = t.app.files.issue(op, out, 'write').handle;
    await t.ok(op, 'imports.errorReport', { id: run.id, handle });
    expect(existsSync(out)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0]!;
    const values = (r: number) => (ws.getRow(r).values as unknown[]).slice(1);
    expect(values(1)).toEqual(['行号', '错误', '客户号', '姓名', '证件号码', '手机']);
    expect(values(2)[0]).toBe(3);
    expect(values(2)[1]).toBe('「姓名」不能为空');
    expect(values(2)[2]).toBe('500000002');
    // Audited as an export of personal data, without the data.
    const audit = t.db.sqlite.prepare(`SELECT action, detail FROM audit_log WHERE target_id = ? ORDER BY id`).all(run.id) as { action: string; detail: string }[];
    expect(audit.map((a) => a.action)).toEqual(['imports.preview', 'imports.preview.done', 'imports.errorReport']);
    for (const a of audit) {
      expect(JSON.parse(a.detail)).toMatchObject({ kind: 'customers', personalData: true, fileNameHash: expect.stringMatching(/^[0-9a-f]{16}$/) });
      expect(a.detail).not.toMatch(/陈一|500000001|1350000000|r\.csv/);
    }
  });

  it('the error report is in the language of whoever previewed', async () => {
    await setup();
    const op = await t.login('op1');
    const path = writeCsv(t, 'r.csv', [
      ['客户号', '姓名', '证件号码', '手机', '出生日期', '性别'],
      ['500000002', '', idOf(42), '13500000002', '', ''],
      ['500000003', '陈三', idOf(43), '13500000003', '1999-13-01', ''],
      ['500000004', '陈四', idOf(44), '13500000004', '', '未知'],
    ]);
    const run = await preview(t, op, 'customers', path, { locale: 'en' });
    const out = `${t.dir}/report-en.xlsx`;
    await t.ok(op, 'imports.errorReport', { id: run.id, handle: t.app.files.issue(op, out, 'write').handle });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe(en['import.report.sheet']);
    const values = (r: number) => (ws.getRow(r).values as unknown[]).slice(1);
    expect(values(1).slice(0, 3)).toEqual(['Row', 'Problems', '客户号']);
    expect(values(2)[1]).toBe(`“姓名”: ${en['error.import.value.required']}`);
    expect(String(values(3)[1])).toMatch(/^“出生日期”: [A-Za-z]/);
    // An enum's accepted values are labels, in the reader's language too.
    expect(values(4)[1]).toBe(`“性别”: is not one of the accepted values (${en['gender.M']}, ${en['gender.F']})`);
  });

  it('a handle for another client is NOT_FOUND; an unknown field in the mapping is a VALIDATION issue on its column', async () => {
    await setup();
    const op = await t.login('op1');
    const path = writeCsv(t, 'm.csv', [['客户号', '姓名', '证件号码'], ['600000001', '甲', idOf(51)]]);
    const handle = handleFor(t, 'someone-else', path);
    expect(await t.call(op, 'imports.inspect', { handle, kind: 'customers', encoding: 'auto' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const mine = handleFor(t, op, path);
    const r = await t.call(op, 'imports.preview', { handle: mine, kind: 'customers', encoding: 'auto', headerRow: 1, mapping: ['customerNo', 'bogus', 'idNo'] });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: ['mapping', 1], message: 'error.import.mapping.unknownField' }, { path: ['mapping'], message: 'error.import.mapping.required', params: { field: 'name' } }] } });
  });

  it('xlsx: an ID number Excel stored as a number is refused with its own message', async () => {
    await setup();
    const op = await t.login('op1');
    const path = await writeXlsx(t, 'n.xlsx', [
      ['客户号', '姓名', '证件号码'],
      ['700000001', '甲', Number(idOf(61))],
      ['700000002', '乙', idOf(62)],
    ]);
    const run = await preview(t, op, 'customers', path);
    expect(run.counts).toMatchObject({ total: 2, new: 1, error: 1 });
    expect(run.firstErrors[0]).toMatchObject({ row: 2, column: '证件号码', message: { key: 'error.import.cell.idAsNumber' } });
  });
});
