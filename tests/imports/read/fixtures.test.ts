import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkIdNumber } from '../../../src-shared/lib/id-number';
import { normalizePhone } from '../../../src-shared/lib/normalize';
import { idNumberCell, ImportFileError, openTable, parseDate, parseMoneyFen, type OpenedTable, type RawRow, type ReadOptions } from '../../../src-main/imports/read';
import { CUSTOMER_HEADERS, fakeCustomer, makeFixtures } from '../../fixtures/import/make-fixtures';

/** Every fixture of issue 5's "Bad input" list, read or refused with its own message. */
const dir = join(import.meta.dirname, '..', '..', 'fixtures', 'import');
const f = (name: string) => join(dir, name);
const HINTS = ['客户号', '客户姓名', '姓名', '证件类型', '证件号码', '手机号码', '资金账号', '日期', '总资产', '市值', '资金余额'];
const AUTO: ReadOptions = { encoding: 'auto' };

async function readAll(path: string, opts: ReadOptions = AUTO): Promise<{ table: OpenedTable; rows: RawRow[] }> {
  const table = await openTable(path, opts, HINTS);
  const rows: RawRow[] = [];
  for await (const r of table.rows()) rows.push(r);
  return { table, rows };
}

async function refusal(path: string, opts: ReadOptions = AUTO): Promise<{ key: string; params: Record<string, string | number> }> {
  try {
    await readAll(path, opts);
  } catch (err) {
    if (err instanceof ImportFileError) return { key: err.key, params: err.params };
    throw err;
  }
  throw new Error(`${path} was not refused`);
}

describe('import fixtures: read', () => {
  it('customers under two merged title rows: header found in row 3, title rows reported', async () => {
    const { table, rows } = await readAll(f('customers-title-rows.xlsx'));
    expect(table).toMatchObject({ format: 'xlsx', sheets: ['客户资料'], sheet: '客户资料', headerRow: 3, headers: CUSTOMER_HEADERS });
    expect(table.warnings).toEqual([{ key: 'import.warn.titleRowsSkipped', params: { count: 2 } }]);
    expect(rows.map((r) => r.rowNo)).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    const c = fakeCustomer(0);
    expect(rows[0]!.cells).toEqual([c.customerNo, c.name, '居民身份证', c.idNo, c.gender, c.birthDate, c.phone, c.address, c.openDate, c.assets]);
    for (const r of rows) {
      const id = idNumberCell(r.cells[3]!);
      expect(id.ok && id.value !== null && checkIdNumber(id.value)).toBeNull();
    }
  });

  it('daily assets under a two-row merged header: 资产/总资产, 资产/市值, 资产/资金余额; dates are dates', async () => {
    const { table, rows } = await readAll(f('daily-assets-two-row-header.xlsx'));
    expect(table.headerRow).toBe(3);
    expect(table.headers).toEqual(['资金账号', '日期', '资产/总资产', '资产/市值', '资产/资金余额']);
    expect(table.warnings).toEqual([{ key: 'import.warn.titleRowsSkipped', params: { count: 1 } }]);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toEqual({ rowNo: 4, cells: ['3100100001', new Date(Date.UTC(2024, 0, 5)), 60000, 50000, 10000] });
    expect(parseDate(rows[0]!.cells[1]!)).toEqual({ ok: true, value: '2024-01-05' });
    expect(parseMoneyFen(rows[1]!.cells[4]!)).toEqual({ ok: true, value: 1123450 });
  });

  it('GBK CSV: detected as GB18030, Chinese headers and names intact', async () => {
    const { table, rows } = await readAll(f('customers-gbk.csv'));
    expect(table).toMatchObject({ format: 'csv', sheets: [], sheet: null, encoding: 'gb18030', detectedEncoding: 'gb18030', headerRow: 1, headers: CUSTOMER_HEADERS });
    expect(rows).toHaveLength(6);
    expect(rows[0]!.cells.slice(0, 4)).toEqual(['880000001', '张伟', '居民身份证', fakeCustomer(0).idNo]);
    expect(rows[2]!.cells[7]).toBe('深圳市南山区科技园路2号');
    expect(table.progress!()).toBe(1);
  });

  it('GBK CSV read as UTF-8 on the user\'s say-so fails with a message to switch encodings', async () => {
    expect(await refusal(f('customers-gbk.csv'), { encoding: 'utf8' })).toEqual({ key: 'error.import.file.encodingMismatch', params: { encoding: 'UTF-8' } });
  });

  it('UTF-8 CSV with a BOM: the BOM is not part of the first header; quoted commas and line breaks stay in their cell', async () => {
    const { table, rows } = await readAll(f('customers-utf8-bom.csv'));
    expect(table).toMatchObject({ encoding: 'utf8', detectedEncoding: 'utf8', headers: CUSTOMER_HEADERS });
    expect(rows.map((r) => r.rowNo)).toEqual([2, 3, 4, 5, 6]);
    expect(rows[1]!.cells[7]).toBe('上海市徐汇区漕溪北路88号,\n3号楼');
  });

  it('ID numbers stored as numbers are read as numbers, and idNumberCell refuses every one of them', async () => {
    const { rows } = await readAll(f('customers-ids-as-numbers.xlsx'));
    expect(rows).toHaveLength(4);
    for (const r of rows) {
      expect(typeof r.cells[3]).toBe('number');
      expect(idNumberCell(r.cells[3]!)).toEqual({ ok: false, key: 'error.import.cell.idAsNumber' });
      // An 11-digit mobile survives as a number: no digits lost.
      expect(normalizePhone(String(r.cells[6]))).toMatch(/^1\d{10}$/);
    }
  });

  it('full-width digits in phones and amounts normalise', async () => {
    const { rows } = await readAll(f('customers-full-width.xlsx'));
    const c = fakeCustomer(30);
    expect(rows[0]!.cells[6]).toBe('１３９１０２３７５７０');
    expect(normalizePhone(String(rows[0]!.cells[6]))).toBe(c.phone);
    expect(parseMoneyFen(rows[0]!.cells[9]!)).toEqual({ ok: true, value: Math.round(c.assets * 100) });
  });

  it('duplicate rows come through as they are (the engine counts them), with their own row numbers', async () => {
    const { rows } = await readAll(f('customers-duplicates.xlsx'));
    expect(rows.map((r) => r.rowNo)).toEqual([2, 3, 4, 5]);
    expect(rows[2]!.cells).toEqual(rows[0]!.cells);
    expect(rows[3]!.cells[3]).toBe(rows[1]!.cells[3]);
  });

  it('a blank row and a 合计 row at the bottom are skipped, with a warning naming the row', async () => {
    const { table, rows } = await readAll(f('daily-assets-totals.xlsx'));
    expect(table.headers).toEqual(['资金账号', '日期', '总资产(元)', '市值(元)', '资金余额(元)']);
    expect(rows.map((r) => r.rowNo)).toEqual([2, 3, 4, 5, 6]);
    expect(table.warnings).toEqual([{ key: 'import.warn.totalsRowsSkipped', params: { count: 1, rows: '8' } }]);
  });

  it('a formula cell gives its cached value and a warning; nothing is evaluated', async () => {
    const { table, rows } = await readAll(f('formula-cached.xlsx'));
    expect(rows.map((r) => r.cells[4])).toEqual([100000, 51000.75]);
    expect(table.warnings).toEqual([{ key: 'import.warn.formulaCachedValues', params: { count: 2, cell: 'E2' } }]);
  });

  it('a real .xls named .xlsx is read as .xls, with a warning about the extension', async () => {
    const { table, rows } = await readAll(f('renamed-xls.xlsx'));
    expect(table).toMatchObject({ format: 'xls', sheets: ['客户'], sheet: '客户', headerRow: 1, headers: CUSTOMER_HEADERS });
    expect(table.warnings).toEqual([{ key: 'import.warn.extensionMismatch', params: { ext: 'xlsx', actual: 'xls' } }]);
    const c = fakeCustomer(60);
    expect(rows[0]!.cells.slice(0, 4)).toEqual([c.customerNo, c.name, '居民身份证', c.idNo]);
    expect(parseDate(rows[0]!.cells[8]!)).toEqual({ ok: true, value: c.openDate });
    expect(table.progress!()).toBe(1);
  });

  it('the first sheet with data is chosen when the first sheet is empty; naming the empty sheet is refused', async () => {
    const { table } = await readAll(f('empty-sheet-then-data.xlsx'));
    expect(table).toMatchObject({ sheets: ['说明', '客户'], sheet: '客户' });
    expect(await refusal(f('empty-sheet-then-data.xlsx'), { encoding: 'auto', sheet: '说明' })).toEqual({ key: 'error.import.file.emptySheet', params: { sheet: '说明' } });
    expect(await refusal(f('empty-sheet-then-data.xlsx'), { encoding: 'auto', sheet: '客户资料' })).toEqual({ key: 'error.import.file.sheetNotFound', params: { sheet: '客户资料', sheetsItems: '["说明","客户"]' } });
  });

  it('dates mean the same day in Shanghai and in UTC', async () => {
    const tz = process.env.TZ;
    try {
      process.env.TZ = 'Asia/Shanghai';
      const a = await readAll(f('daily-assets-two-row-header.xlsx'));
      const b = await readAll(f('renamed-xls.xlsx'));
      expect(parseDate(a.rows[0]!.cells[1]!)).toEqual({ ok: true, value: '2024-01-05' });
      expect(parseDate(b.rows[0]!.cells[8]!)).toEqual({ ok: true, value: fakeCustomer(60).openDate });
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });
});

describe('import fixtures: refused', () => {
  it.each([
    ['empty.xlsx', 'error.import.file.empty', {}],
    ['empty-workbook.xlsx', 'error.import.file.emptyWorkbook', {}],
    ['password-protected.xlsx', 'error.import.file.passwordProtected', {}],
    ['zip-bomb.xlsx', 'error.import.file.zipBomb', { ratio: 1026, max: 200 }],
    ['zip-lying-sizes.xlsx', 'error.import.file.zipSizeMismatch', {}],
    ['xxe-entities.xlsx', 'error.import.file.xmlEntities', {}],
    ['web-page.xls', 'error.import.file.markupDisguised', { ext: 'xls' }],
  ])('%s → %s', async (name, key, params) => {
    expect(await refusal(f(name))).toEqual({ key, params });
  });

  it('the zip bomb is refused from its directory, before anything is inflated (fast)', async () => {
    const t = performance.now();
    await refusal(f('zip-bomb.xlsx'));
    expect(performance.now() - t).toBeLessThan(200);
  });
});

describe('make-fixtures.ts', () => {
  const out = mkdtempSync(join(tmpdir(), 'bd-fixtures-check-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes exactly the committed fixtures, byte for byte (but the one another BIFF writer makes, make-formula-xls.py)', async () => {
    const names = await makeFixtures(out);
    const committed = readdirSync(dir)
      .filter((n) => !/\.(ts|py)$/.test(n) && !['formula-cached.xls', 'formula-unsupported.xls'].includes(n))
      .sort();
    expect(names.slice().sort()).toEqual(committed);
    for (const n of names) expect(readFileSync(join(out, n)).equals(readFileSync(join(dir, n))), n).toBe(true);
  });
});
