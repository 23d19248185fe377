import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { parse } from 'csv-parse/sync';
import {
  WIDTH_SAMPLE_ROWS,
  displayWidth,
  fenToPlainYuan,
  openTableWriter,
  type TableColumn,
} from '../../src-main/exports/table-writer';
import { neutralise } from '../../src-shared/lib/formula-guard';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bd-tw-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const COLUMNS: TableColumn[] = [
  { header: '客户号', type: 'text' },
  { header: '证件号码', type: 'text' },
  { header: '总资产（元）', type: 'money' },
  { header: '开户日期', type: 'date' },
  { header: '最近联系', type: 'datetime' },
  { header: '笔数', type: 'int' },
  { header: '高龄', type: 'bool' },
  { header: '备注', type: 'text' },
];

const ROW = ['000123', '110101199003074477', 123456789, '2021-03-04', '2024-05-06T16:30:15.000Z', 42, true, '张三 VIP'];
const INJECTIONS = ['=1+2', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx', '\nx'];

async function readXlsx(path: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb.worksheets[0]!;
}

async function sheetXml(path: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  // Inline strings only: a shared-string table would hold every distinct text in memory.
  expect(Object.keys(zip.files).filter((n) => /sharedStrings/i.test(n))).toEqual([]);
  return zip.file('xl/worksheets/sheet1.xml')!.async('string');
}

describe('xlsx table writer', () => {
  it('writes a cover row, a bold frozen Chinese header and typed cells', async () => {
    const path = join(dir, 'out.xlsx');
    const w = await openTableWriter(path, 'xlsx', { sheetName: '客户', cover: '导出人：王经理　2026-01-02 10:00', columns: COLUMNS });
    await w.add(ROW);
    await w.add([null, undefined, null, null, null, null, null, '']);
    await w.close();

    const ws = await readXlsx(path);
    expect(ws.name).toBe('客户');
    expect(ws.getCell('A1').value).toBe('导出人：王经理　2026-01-02 10:00');
    expect(ws.getCell('A1').isMerged).toBe(true);
    expect(ws.getCell('H1').isMerged).toBe(true);
    expect(ws.getRow(2).values).toEqual([undefined, ...COLUMNS.map((c) => c.header)]);
    expect(ws.getCell('A2').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2, topLeftCell: 'A3' });

    // Text stays text: the leading zeros and all 18 digits survive.
    expect(ws.getCell('A3').value).toBe('000123');
    expect(ws.getCell('B3').value).toBe('110101199003074477');
    expect(ws.getCell('B3').numFmt).toBe('@');
    // Money: fen in, yuan out, as a number with two decimals shown.
    expect(ws.getCell('C3').value).toBe(1234567.89);
    expect(ws.getCell('C3').numFmt).toBe('#,##0.00');
    // A real date, not text.
    expect(ws.getCell('D3').value).toEqual(new Date(Date.UTC(2021, 2, 4)));
    expect(ws.getCell('D3').numFmt).toBe('yyyy-mm-dd');
    // 16:30:15 UTC is 00:30:15 the next day in Shanghai.
    expect(ws.getCell('E3').value).toEqual(new Date(Date.UTC(2024, 4, 7, 0, 30, 15)));
    expect(ws.getCell('E3').numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(ws.getCell('F3').value).toBe(42);
    expect(ws.getCell('G3').value).toBe(true);
    expect(ws.getCell('H3').value).toBe('张三 VIP');
    // Empty values leave empty cells.
    for (const col of 'ABCDEFGH') expect(ws.getCell(`${col}4`).value).toBeNull();
    expect(ws.rowCount).toBe(4);

    const xml = await sheetXml(path);
    // Strings are written inline (t="str", no shared-string table), and no cell has a formula.
    expect(xml).toContain('<c r="B3" s="1" t="str"><v>110101199003074477</v></c>');
    expect(xml).not.toContain('<f>');
  });

  it('neutralises text that a spreadsheet would take for a formula, and writes no formula', async () => {
    const path = join(dir, 'inj.xlsx');
    const cols: TableColumn[] = [
      { header: '=HYPERLINK("http://x")', type: 'text' },
      { header: '值', type: 'text' },
      { header: '自动', type: 'auto' },
      { header: '日期', type: 'date' },
    ];
    const w = await openTableWriter(path, 'xlsx', { sheetName: 's', cover: '=cmd|/c calc', columns: cols });
    for (const s of INJECTIONS) await w.add([s, s, s, s]);
    await w.add(['a=b', '普通', -5, 'not a date']);
    await w.close();

    const ws = await readXlsx(path);
    expect(ws.getCell('A1').value).toBe("'=cmd|/c calc");
    expect(ws.getCell('A2').value).toBe('\'=HYPERLINK("http://x")');
    INJECTIONS.forEach((s, i) => {
      for (const col of 'ABCD') {
        const cell = ws.getCell(`${col}${i + 3}`);
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        // XML reads a raw CR as LF (line-end normalisation); the prefix is what matters.
        expect(cell.value).toBe(`'${s.replace('\r', '\n')}`);
      }
    });
    const last = INJECTIONS.length + 3;
    expect(ws.getCell(`A${last}`).value).toBe('a=b');
    // A negative number is a number, not text: nothing to neutralise.
    expect(ws.getCell(`C${last}`).value).toBe(-5);
    // A value that does not fit its column's type is kept as text, not dropped.
    expect(ws.getCell(`D${last}`).value).toBe('not a date');
    ws.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
    expect(await sheetXml(path)).not.toContain('<f>');
  });

  it('sizes columns from the header and the first rows, CJK counting double, within 6..60', async () => {
    const path = join(dir, 'w.xlsx');
    const cols: TableColumn[] = [
      { header: '号', type: 'text' },
      { header: 'name', type: 'text' },
      { header: '说明', type: 'text' },
      { header: 'x', type: 'text', width: 33 },
      { header: '资产', type: 'money' },
    ];
    const w = await openTableWriter(path, 'xlsx', { sheetName: 's', cover: null, columns: cols });
    await w.add(['1', '上海浦东营业部', 'y'.repeat(500), '', 123456789012]);
    // Past the width sample: does not change the widths.
    for (let i = 0; i < WIDTH_SAMPLE_ROWS + 5; i++) await w.add(['1', 'a', 'b', '', 1]);
    await w.add(['1', '很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长', 'b', '', 1]);
    await w.close();

    const ws = await readXlsx(path);
    expect(ws.getColumn(1).width).toBe(6);
    expect(ws.getColumn(2).width).toBe(7 * 2 + 2);
    expect(ws.getColumn(3).width).toBe(60);
    expect(ws.getColumn(4).width).toBe(33);
    // 1,234,567,890.12: 16 characters shown.
    expect(ws.getColumn(5).width).toBe(16 + 2);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, topLeftCell: 'A2' });
    expect(ws.rowCount).toBe(1 + 1 + WIDTH_SAMPLE_ROWS + 5 + 1);
  });

  it('writes a header-only file for no rows', async () => {
    const path = join(dir, 'empty.xlsx');
    const w = await openTableWriter(path, 'xlsx', { sheetName: 'a[b]:c/d', cover: '封面', columns: COLUMNS });
    await w.close();
    const ws = await readXlsx(path);
    expect(ws.name).toBe('a_b__c_d');
    expect(ws.rowCount).toBe(2);
    expect(ws.getCell('B2').value).toBe('证件号码');
  });
});

describe('csv table writer', () => {
  it('writes UTF-8 with a BOM, RFC 4180 quoting, CRLF and plain typed values', async () => {
    const path = join(dir, 'out.csv');
    const w = await openTableWriter(path, 'csv', { sheetName: 'ignored', cover: '导出人：王经理, 条件 "全部"', columns: COLUMNS });
    await w.add(ROW);
    await w.add(['a,b', 'say "hi"', -5, null, null, 0, false, '多\n行']);
    await w.close();

    const buf = readFileSync(path);
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buf.toString('utf8').slice(1);
    expect(text.split('\r\n')[0]).toBe('"导出人：王经理, 条件 ""全部"""');
    const rows = parse(text, { relax_column_count: true }) as string[][];
    expect(rows[0]).toEqual(['导出人：王经理, 条件 "全部"']);
    expect(rows[1]).toEqual(COLUMNS.map((c) => c.header));
    expect(rows[2]).toEqual(['000123', '110101199003074477', '1234567.89', '2021-03-04', '2024-05-07 00:30:15', '42', 'TRUE', '张三 VIP']);
    expect(rows[3]).toEqual(['a,b', 'say "hi"', '-0.05', '', '', '0', 'FALSE', '多\n行']);
    expect(rows).toHaveLength(4);
  });

  it('neutralises formula-like text in csv too', async () => {
    const path = join(dir, 'inj.csv');
    const w = await openTableWriter(path, 'csv', { sheetName: 's', cover: null, columns: [{ header: '@头', type: 'text' }, { header: '金额', type: 'money' }] });
    for (const s of INJECTIONS) await w.add([s, -100]);
    await w.close();
    const rows = parse(readFileSync(path, 'utf8').slice(1)) as string[][];
    expect(rows[0]).toEqual(["'@头", '金额']);
    expect(rows.slice(1)).toEqual(INJECTIONS.map((s) => [`'${s}`, '-1.00']));
  });
});

describe('flow control', () => {
  it('keeps what is queued ahead of the file bounded while rows come faster than deflate', async () => {
    // ~40 MB of sheet XML; without flow control exceljs queues most of it in memory.
    const cols: TableColumn[] = Array.from({ length: 10 }, (_, i) => ({ header: `列${i}`, type: 'text' as const, width: 20 }));
    const w = await openTableWriter(join(dir, 'big.xlsx'), 'xlsx', { sheetName: 's', cover: null, columns: cols });
    const queued = () => (w as unknown as { queuedBytes(): number }).queuedBytes();
    let max = 0;
    for (let i = 0; i < 50_000; i++) {
      await w.add(cols.map((_, c) => `${i}-${c}-`.padEnd(60, 'x')));
      if (i % 100 === 0) max = Math.max(max, queued());
    }
    await w.close();
    expect(max).toBeGreaterThan(0);
    expect(max).toBeLessThan(12 * 1024 * 1024);
  });
});

describe('atomic writing', () => {
  it('writes to a .part file and renames it on close', async () => {
    const path = join(dir, 'a.xlsx');
    const w = await openTableWriter(path, 'xlsx', { sheetName: 's', cover: null, columns: COLUMNS });
    for (let i = 0; i < WIDTH_SAMPLE_ROWS + 10; i++) await w.add(ROW);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.part`)).toBe(true);
    await w.close();
    expect(readdirSync(dir)).toEqual(['a.xlsx']);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await expect(w.add(ROW)).rejects.toThrow(/closed/);
  });

  it.each(['xlsx', 'csv'] as const)('abort (%s) leaves no file and keeps an existing file untouched', async (format) => {
    const path = join(dir, `b.${format}`);
    const first = await openTableWriter(path, format, { sheetName: 's', cover: null, columns: COLUMNS });
    await first.add(ROW);
    await first.close();
    const before = readFileSync(path);

    const w = await openTableWriter(path, format, { sheetName: 's', cover: null, columns: COLUMNS });
    for (let i = 0; i < WIDTH_SAMPLE_ROWS + 10; i++) await w.add(ROW);
    await w.abort();
    await w.abort();
    expect(readdirSync(dir)).toEqual([`b.${format}`]);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses an unwritable path when opening, leaving nothing behind', async () => {
    await expect(
      openTableWriter(join(dir, 'missing', 'x.xlsx'), 'xlsx', { sheetName: 's', cover: null, columns: COLUMNS }),
    ).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('helpers', () => {
  it('neutralise prefixes exactly the formula starters', () => {
    expect(INJECTIONS.map(neutralise)).toEqual(INJECTIONS.map((s) => `'${s}`));
    expect(['', 'a', '1=1', ' =x', "'x", '＝1'].map(neutralise)).toEqual(['', 'a', '1=1', ' =x', "'x", '＝1']);
  });
  it('fenToPlainYuan splits fen without float rounding', () => {
    expect([0, 5, -5, 100, 123456789, -123456789, 9007199254740991].map(fenToPlainYuan)).toEqual([
      '0.00', '0.05', '-0.05', '1.00', '1234567.89', '-1234567.89', '90071992547409.91',
    ]);
  });
  it('displayWidth counts CJK and full-width characters double', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('张三')).toBe(4);
    expect(displayWidth('Ａ１')).toBe(4);
    expect(displayWidth('𠀀')).toBe(2);
  });
});
