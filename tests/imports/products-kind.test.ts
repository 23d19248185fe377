import { setNodeIdentity } from '../../src-main/sync/node';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app';
import { fieldForHeader } from '../../src-main/imports/mapping';
import { productFields } from '../../src-main/imports/kinds/products';
import type { ImportRunDto } from '../../src-shared/imports/imports.contract';
import { apply, businessDigest, preview, runJobsInProcess, undo, writeCsv, writeXlsx, type InProcessJobs } from './helpers';

let t: TestApp;
let jobs: InProcessJobs;
afterEach(() => {
  jobs?.close();
  t?.close();
});

/** Three products saved at HQ through products.save (each with its first risk-history row). */
async function setup() {
  t = await makeTestApp();
  jobs = runJobsInProcess(t);
  const analyst = await t.login('analyst');
  const save = async (code: string, name: string, type: 'fund' | 'wealth' | 'bond', riskLevel: 'R1' | 'R2' | 'R3', status: 'on_sale' | 'draft' = 'on_sale') =>
    (await t.ok(analyst, 'products.save', { code, name, type, riskLevel, status, issuer: '某某资管', documents: ['产品说明书'] })).product.id;
  const f1 = await save('F0001', '稳健债券基金', 'fund', 'R2');
  const w1 = await save('W0001', '安享理财一号', 'wealth', 'R3');
  const b1 = await save('B0001', '国债 2025 第一期', 'bond', 'R1');
  return { analyst, f1, w1, b1 };
}

const products = () =>
  t.db.sqlite
    .prepare(`SELECT code, name, type, issuer, risk_level, variety, horizon, term_days, min_amount_fen, sale_start, sale_end, status, documents, branch_id, version FROM products WHERE deleted_at IS NULL ORDER BY code`)
    .all();
const problems = (run: ImportRunDto) => run.firstErrors.map((e) => [e.row, e.field, e.message.key, e.severity]);

const HEAD = ['代码', '名称', '类型', '管理人', 'Risk Level', '投资品种', '投资期限', '期限(天)', '起购金额（元）', '销售开始', '销售结束', '状态'];

/** Title rows above the header, synonyms in Chinese and English, labels for codes, and every kind of bad row. */
async function messyFile(): Promise<string> {
  return writeXlsx(t, 'products.xlsx', [
    ['2025 年代销产品清单'],
    ['制表：总部产品部', null, null, null, null, null, null, null, null, '单位：元'],
    HEAD,
    /* 4 */ ['F0002', '稳健增利债券', '公募基金', '某某基金管理有限公司', 'R2', '基金', '中期', 365, '1,000.00', '2025-01-01', '2025/12/31', '在售'],
    /* 5 */ ['F0003', '科技成长混合', '基金', '某某基金管理有限公司', '中高风险', '基金', '长期', '', 1000.5, new Date(Date.UTC(2025, 2, 1)), '', ''],
    /* 6 */ ['F0004', '高收益精选', '理财产品', '某某资管', 'R6', '理财', '短期', 90, 50000, '', '', '在售'],
    /* 7 */ ['F0002', '稳健增利债券（重复）', '公募基金', '某某基金管理有限公司', 'R2', '基金', '中期', 365, 1000, '', '', '在售'],
    /* 8 */ ['F0001', '稳健债券基金A', '基金', '某某资管', 'R2', '', '', '', '', '', '', '暂停销售'],
    /* 9 */ ['W0001', '安享理财一号', '理财', '某某资管', 'R4 中高风险', '', '', '', '', '', '', ''],
    /* 10 */ ['W0002', '季季盈', '理财产品', '某某资管', 'R2', '理财', '短期', 91, 10000, '2025-06-01', '2025-01-01', '在售'],
    /* 11 */ ['I0001', '', '收益凭证', '', 'R1', '', '', 30, '', '', '', ''],
    /* 12 */ [1, '某货币基金', '货币基金', '某某基金管理有限公司', 'R1', '基金', '短期', '', '', '', '', '在售'],
    /* 13 */ ['B0001', '国债 2025 第一期', '债券', '某某资管', 'R1 低风险', '', '', '', '', '', '', '在售'],
  ]);
}

describe('imports: products (HQ master data)', () => {
  it('maps Chinese and English headers and reads the catalogue labels of types and risk levels', () => {
    const cases: [string, string][] = [
      ['产品代码', 'code'],
      ['代码', 'code'],
      ['产品名称', 'name'],
      ['产品类型', 'type'],
      ['发行人', 'issuer'],
      ['管理人', 'issuer'],
      ['risk level', 'riskLevel'],
      ['投资品种', 'variety'],
      ['投资期限', 'horizon'],
      ['期限(天)', 'termDays'],
      ['起购金额(元)', 'minAmountFen'],
      ['min amount', 'minAmountFen'],
      ['销售开始', 'saleStart'],
      ['销售结束', 'saleEnd'],
      ['状态', 'status'],
    ];
    for (const [header, key] of cases) expect(fieldForHeader('products', header), header).toBe(key);
    const parse = (key: string, cell: string | number) => productFields.find((f) => f.key === key)!.parse(cell);
    expect(parse('type', '公募基金')).toEqual({ ok: true, value: 'fund' });
    expect(parse('type', '收益凭证')).toEqual({ ok: true, value: 'income_cert' });
    expect(parse('riskLevel', '中风险')).toEqual({ ok: true, value: 'R3' });
    expect(parse('riskLevel', 'R5（高风险）')).toEqual({ ok: true, value: 'R5' });
    expect(parse('riskLevel', 'R6')).toMatchObject({ ok: false, key: 'error.import.value.notInList' });
    expect(parse('minAmountFen', '1,000.50')).toEqual({ ok: true, value: 100_050 });
    expect(parse('termDays', '180 天')).toEqual({ ok: true, value: 180 });
    expect(parse('code', 510300)).toEqual({ ok: true, value: '510300' });
    expect(parse('code', 1)).toEqual({ ok: false, key: 'error.import.value.leadingZeros' });
    // A 16-digit number cell: Excel kept 15 of its digits. Scientific notation as text: the same.
    expect(parse('code', 2024000000000001)).toEqual({ ok: false, key: 'error.import.value.digitsLost' });
    expect(parse('code', '2.024E+15')).toEqual({ ok: false, key: 'error.import.value.digitsLost' });
    expect(parse('code', 'F 0001')).toEqual({ ok: false, key: 'validation.suitability.productCode' });
  });

  it('a messy file: preview counts and row problems, apply creates and updates, captured with risk history; undo takes it back', async () => {
    const { analyst, f1, w1 } = await setup();
    const before = products();
    const run = await preview(t, analyst, 'products', await messyFile());
    expect(run.status).toBe('previewed');
    expect(run.counts).toEqual({ total: 10, new: 2, update: 1, unchanged: 1, error: 5, dupInFile: 1, dupExisting: 0, skipped: 0, applied: null });
    expect(problems(run)).toEqual([
      [6, 'riskLevel', 'error.import.value.notInList', 'error'],
      [9, 'riskLevel', 'error.import.product.riskChange', 'error'],
      [10, 'saleEnd', 'validation.suitability.saleWindow', 'error'],
      [11, 'name', 'validation.required', 'error'],
      [12, 'code', 'error.import.value.leadingZeros', 'error'],
      // Errors first, then warnings: the later copy of F0002 is skipped.
      [7, null, 'import.warn.dupInFile', 'warning'],
    ]);
    expect(run.firstErrors.find((e) => e.row === 9)).toEqual({ row: 9, column: 'Risk Level', field: 'riskLevel', message: { key: 'error.import.product.riskChange' }, severity: 'error' });
    // A dry run writes nothing.
    expect(products()).toEqual(before);

    const seq = t.db.sqlite.prepare(`SELECT coalesce(max(origin_seq), 0) FROM sync_ops`).pluck().get() as number;
    const done = await apply(t, analyst, run.id, 'validOnly');
    expect(done).toMatchObject({ status: 'applied', undoable: true });
    expect(done.counts).toMatchObject({ new: 2, update: 1, unchanged: 1, error: 5, dupInFile: 1, applied: 3, skipped: 6 });
    const hq = t.org.hq;
    expect(products()).toEqual([
      { code: 'B0001', name: '国债 2025 第一期', type: 'bond', issuer: '某某资管', risk_level: 'R1', variety: null, horizon: null, term_days: null, min_amount_fen: null, sale_start: null, sale_end: null, status: 'on_sale', documents: '["产品说明书"]', branch_id: hq, version: 1 },
      // Updated: the file's name and status; its empty cells leave the rest (and the documents) as they were.
      { code: 'F0001', name: '稳健债券基金A', type: 'fund', issuer: '某某资管', risk_level: 'R2', variety: null, horizon: null, term_days: null, min_amount_fen: null, sale_start: null, sale_end: null, status: 'suspended', documents: '["产品说明书"]', branch_id: hq, version: 2 },
      { code: 'F0002', name: '稳健增利债券', type: 'fund', issuer: '某某基金管理有限公司', risk_level: 'R2', variety: 'fund', horizon: 'medium', term_days: 365, min_amount_fen: 100_000, sale_start: '2025-01-01', sale_end: '2025-12-31', status: 'on_sale', documents: '[]', branch_id: hq, version: 1 },
      // No status in the file: the save schema's default (draft).
      { code: 'F0003', name: '科技成长混合', type: 'fund', issuer: '某某基金管理有限公司', risk_level: 'R4', variety: 'fund', horizon: 'long', term_days: null, min_amount_fen: 100_050, sale_start: '2025-03-01', sale_end: null, status: 'draft', documents: '[]', branch_id: hq, version: 1 },
      // The refused risk change left W0001 at R3.
      { code: 'W0001', name: '安享理财一号', type: 'wealth', issuer: '某某资管', risk_level: 'R3', variety: null, horizon: null, term_days: null, min_amount_fen: null, sale_start: null, sale_end: null, status: 'on_sale', documents: '["产品说明书"]', branch_id: hq, version: 1 },
    ]);
    // New products start their risk history as a save does; the product page shows it.
    const f2 = t.db.sqlite.prepare(`SELECT id FROM products WHERE code = 'F0002'`).pluck().get() as string;
    const got = await t.ok(analyst, 'products.get', { id: f2 });
    expect(got.riskHistory.map((h) => [h.from, h.to, h.reason, h.byName])).toEqual([[null, 'R2', null, '总部分析师']]);
    expect((await t.ok(analyst, 'products.get', { id: w1 })).riskHistory).toHaveLength(1);
    // Captured, authored by the importer: two new products and their history rows, F0001's two changed cells.
    const ops = t.db.sqlite.prepare(`SELECT tbl, kind, col, author FROM sync_ops WHERE origin_seq > ? ORDER BY origin_seq`).all(seq) as { tbl: string; kind: string; col: string | null; author: string }[];
    expect(ops.filter((o) => o.tbl === 'products' && o.kind === 'insert')).toHaveLength(2);
    expect(ops.filter((o) => o.tbl === 'product_risk_changes' && o.kind === 'insert')).toHaveLength(2);
    expect(ops.filter((o) => o.tbl === 'products' && o.kind === 'update').map((o) => o.col).sort()).toEqual(expect.arrayContaining(['name', 'status']));
    expect(new Set(ops.map((o) => o.author))).toEqual(new Set([t.users.analyst!.id]));

    // The same file again: the written rows are unchanged now.
    const again = await preview(t, analyst, 'products', await messyFile());
    expect(again.counts).toMatchObject({ new: 0, update: 0, unchanged: 4, error: 5 });

    // An HQ operator imports other kinds, but taking back a product import is a product change.
    const hqop = await t.login('hqop');
    expect(await t.call(hqop, 'imports.undo', { id: done.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const undone = await undo(t, analyst, done.id);
    expect(undone.status).toBe('undone');
    expect(products()).toEqual(
      before.map((p) => ((p as { code: string }).code === 'F0001' ? { ...(p as object), version: 3 } : p)),
    );
    expect(t.db.sqlite.prepare(`SELECT count(*) FROM products WHERE code IN ('F0002', 'F0003') AND deleted_at IS NOT NULL`).pluck().get()).toBe(2);
    expect(t.db.sqlite.prepare(`SELECT count(*) FROM product_risk_changes WHERE deleted_at IS NULL`).pluck().get()).toBe(3);
    expect((await t.ok(analyst, 'products.get', { id: f1 })).product).toMatchObject({ name: '稳健债券基金', status: 'on_sale', version: 3 });
  });

  it('undo is refused once a product the import wrote was saved again', async () => {
    const { analyst, f1 } = await setup();
    const path = writeCsv(t, 'p.csv', [
      ['产品代码', '产品名称', '起购金额(元)'],
      ['F0001', '稳健债券基金C', '5000'],
    ]);
    const done = await apply(t, analyst, (await preview(t, analyst, 'products', path)).id);
    expect(done.counts).toMatchObject({ update: 1, applied: 1 });
    expect(done.undoable).toBe(true);
    const p = (await t.ok(analyst, 'products.get', { id: f1 })).product;
    expect(p).toMatchObject({ name: '稳健债券基金C', minAmountFen: 500_000, version: 2 });
    await t.ok(analyst, 'products.save', { id: f1, version: 2, code: 'F0001', name: p.name, type: p.type, riskLevel: p.riskLevel, status: 'closed' });
    expect((await t.ok(analyst, 'imports.get', { id: done.id })).undoable).toBe(false);
    const r = await t.call(analyst, 'imports.undo', { id: done.id });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'error.import.undo.touched', params: { count: 1 } } });
  });

  it('only HQ users who may manage products import them: a branch manager and an HQ operator are refused at the start, nothing written', async () => {
    await setup();
    const path = writeCsv(t, 'p.csv', [
      ['产品代码', '产品名称', '产品类型', '风险等级'],
      ['F0009', '新基金', '基金', 'R3'],
      ['F0001', '稳健债券基金B', '基金', 'R2'],
    ]);
    const digest = businessDigest(t);
    const productsBefore = products();
    for (const login of ['bm1', 'hqop']) {
      const who = await t.login(login);
      const run = await preview(t, who, 'products', path);
      expect(run, login).toMatchObject({ status: 'failed', failure: { key: 'error.import.product.hqOnly' }, counts: null });
    }
    // Nor HQ's analyst at a branch's installation (HQ's staff sign in there too): HQ would never take it.
    setNodeIdentity(t.db.sqlite, 'branch', t.org.b1, t.org.hq);
    const atBranch = await preview(t, await t.login('analyst'), 'products', path);
    expect(atBranch).toMatchObject({ status: 'failed', failure: { key: 'error.import.product.hqOnly' }, counts: null });
    expect(businessDigest(t)).toBe(digest);
    expect(products()).toEqual(productsBefore);
  });
});
