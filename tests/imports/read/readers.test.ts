import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportFileError, openTable, type OpenedTable, type RawRow, type ReadOptions } from '../../../src-main/imports/read';
import { detectDelimiter, detectEncoding } from '../../../src-main/imports/read/csv';
import { isDateFormat } from '../../../src-main/imports/read/xlsx';
import { zeroPadWidth } from '../../../src-main/imports/read/cells';
import { CONTENT_TYPES, ROOT_RELS, writeZip } from '../../fixtures/import/make-fixtures';

/** Format details of the three readers, on small files built here. */
const tmp = mkdtempSync(join(tmpdir(), 'bd-readers-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const file = (name: string, data: Buffer | string) => {
  const p = join(tmp, `${n++}-${name}`);
  writeFileSync(p, data);
  return p;
};
const HINTS = ['客户号', '客户姓名', '证件号码', '资金账号', '日期', '总资产', '市值'];

async function read(path: string, opts: Partial<ReadOptions> = {}): Promise<{ table: OpenedTable; rows: RawRow[] }> {
  const table = await openTable(path, { encoding: 'auto', ...opts }, HINTS);
  const rows: RawRow[] = [];
  for await (const r of table.rows()) rows.push(r);
  return { table, rows };
}

const utc = (y: number, m: number, d: number, h = 0, mi = 0) => new Date(Date.UTC(y, m - 1, d, h, mi));

// ---------------------------------------------------------------------------------------------

type Parts = { workbook?: string; sheets: { name: string; xml: string; hidden?: boolean }[]; sharedStrings?: string; styles?: string };

/** An .xlsx from hand-written parts, to reach what writers rarely produce. */
function xlsx(p: Parts): Buffer {
  const rels = [
    ...p.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`),
    p.sharedStrings ? '<Relationship Id="rSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' : '',
    p.styles ? '<Relationship Id="rSty" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/xl/styles.xml"/>' : '',
  ].join('');
  const workbook =
    p.workbook ??
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${p.sheets
      .map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}"${s.hidden ? ' state="hidden"' : ''} r:id="rId${i + 1}"/>`)
      .join('')}</sheets></workbook>`;
  return writeZip([
    { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
    { name: '_rels/.rels', data: Buffer.from(ROOT_RELS) },
    { name: 'xl/workbook.xml', data: Buffer.from(workbook) },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`) },
    ...p.sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: Buffer.from(s.xml) })),
    ...(p.sharedStrings ? [{ name: 'xl/sharedStrings.xml', data: Buffer.from(p.sharedStrings) }] : []),
    ...(p.styles ? [{ name: 'xl/styles.xml', data: Buffer.from(p.styles) }] : []),
  ]);
}

const sheet = (rows: string) => `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

describe('xlsx reader', () => {
  it('shared strings: rich-text runs joined, phonetic guides left out, _xHHHH_ escapes decoded', async () => {
    const sst = `<?xml version="1.0"?><sst xmlns="${NS}"><si><t>客户姓名</t></si><si><t>证件号码</t></si><si><r><rPr><b/></rPr><t>欧阳</t></r><r><t xml:space="preserve">晓</t></r><rPh sb="0" eb="2"><t>ōuyáng</t></rPh></si><si><t>第一行_x000D_第二行</t></si></sst>`;
    const xml = sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>');
    const { table, rows } = await read(file('sst.xlsx', xlsx({ sheets: [{ name: '客户', xml }], sharedStrings: sst })));
    expect(table.headers).toEqual(['客户姓名', '证件号码']);
    expect(rows).toEqual([{ rowNo: 2, cells: ['欧阳晓', '第一行\r第二行'] }]);
  });

  it('cell types: inline rich text, booleans, ISO dates, error values, formulas with and without a cached value, & entities', async () => {
    const xml = sheet(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>客户号</t></is></c><c r="B1" t="inlineStr"><is><t>客户姓名</t></is></c><c r="C1" t="inlineStr"><is><t>a</t></is></c><c r="D1" t="inlineStr"><is><t>b</t></is></c><c r="E1" t="inlineStr"><is><t>c</t></is></c><c r="F1" t="inlineStr"><is><t>d</t></is></c></row>' +
        '<row r="2"><c r="A2"><v>880000001</v></c><c r="B2" t="inlineStr"><is><r><t>张</t></r><r><rPr><i/></rPr><t>伟</t></r></is></c><c r="C2" t="b"><v>1</v></c><c r="D2" t="d"><v>2024-01-05T09:30:00</v></c><c r="E2" t="e"><v>#N/A</v></c><c r="F2" t="str"><f>A2&amp;"x"</f><v>880000001x</v></c></row>' +
        '<row r="3"><c r="A3"><f>1+1</f></c><c r="B3" t="inlineStr"><is><t>R&amp;D &lt;部&gt;</t></is></c></row>',
    );
    const { table, rows } = await read(file('types.xlsx', xlsx({ sheets: [{ name: 'S', xml }] })));
    expect(rows).toEqual([
      { rowNo: 2, cells: [880000001, '张伟', true, utc(2024, 1, 5, 9, 30), null, '880000001x'] },
      { rowNo: 3, cells: [null, 'R&D <部>'] },
    ]);
    expect(table.warnings).toEqual([
      { key: 'import.warn.formulaCachedValues', params: { count: 1, cell: 'F2' } },
      { key: 'import.warn.formulaNoCachedValue', params: { count: 1, cell: 'A3' } },
      { key: 'import.warn.errorCells', params: { count: 1, cell: 'E2' } },
    ]);
  });

  it('date styles: built-in and custom Chinese formats become Dates, plain numbers stay numbers; the 1904 system is honoured', async () => {
    const styles = `<?xml version="1.0"?><styleSheet xmlns="${NS}"><numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="177" formatCode="#,##0.00&quot;元&quot;"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="177"/></cellXfs></styleSheet>`;
    const rows1 = '<row r="1"><c r="A1" t="inlineStr"><is><t>日期</t></is></c><c r="B1" t="inlineStr"><is><t>总资产</t></is></c><c r="C1" t="inlineStr"><is><t>市值</t></is></c></row>';
    const xml = sheet(`${rows1}<row r="2"><c r="A2" s="1"><v>45296</v></c><c r="B2" s="3"><v>45296</v></c><c r="C2" s="2"><v>45296.5</v></c></row><row r="3"><c r="A3" s="1"><v>60</v></c><c r="B3"><v>1</v></c></row>`);
    const { rows } = await read(file('dates.xlsx', xlsx({ sheets: [{ name: 'S', xml }], styles })));
    expect(rows).toEqual([
      { rowNo: 2, cells: [utc(2024, 1, 5), 45296, utc(2024, 1, 5, 12)] },
      // Serial 60 is Excel's fake 1900-02-29: left as a number, which parseDate refuses.
      { rowNo: 3, cells: [60, 1] },
    ]);
    const wb1904 = `<?xml version="1.0"?><workbook xmlns="${NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`;
    const r1904 = await read(file('1904.xlsx', xlsx({ workbook: wb1904, sheets: [{ name: 'S', xml }], styles })));
    expect(r1904.rows[0]!.cells[0]).toEqual(utc(2028, 1, 6));
  });

  it('a zero-padding format keeps a code\'s leading zeros: the cell reads as the text the sheet shows', async () => {
    const styles = `<?xml version="1.0"?><styleSheet xmlns="${NS}"><numFmts count="2"><numFmt numFmtId="176" formatCode="000000000"/><numFmt numFmtId="177" formatCode="0000000000000000"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="176"/><xf numFmtId="177"/></cellXfs></styleSheet>`;
    const rows1 = '<row r="1"><c r="A1" t="inlineStr"><is><t>客户号</t></is></c><c r="B1" t="inlineStr"><is><t>资金账号</t></is></c><c r="C1" t="inlineStr"><is><t>证件号码</t></is></c></row>';
    const xml = sheet(`${rows1}<row r="2"><c r="A2" s="1"><v>1234567</v></c><c r="B2" s="1"><v>123456789012</v></c><c r="C2" s="2"><v>110101198001011000</v></c></row><row r="3"><c r="A3" s="1"><v>12.5</v></c><c r="B3"><v>1234567</v></c></row>`);
    const { rows } = await read(file('zeros.xlsx', xlsx({ sheets: [{ name: 'S', xml }], styles })));
    expect(rows).toEqual([
      // Wider than the format: all its digits. Past 15 digits: a number still (digits lost), refused downstream.
      { rowNo: 2, cells: ['001234567', '123456789012', 110101198001011000] },
      // A fraction is no code; a cell without the format is a plain number.
      { rowNo: 3, cells: [12.5, 1234567] },
    ]);
    expect(['000000', ' 00 '].map(zeroPadWidth)).toEqual([6, 2]);
    expect(['0', '0.00', '#,##0', '"A"000', '000-000', '@'].map(zeroPadWidth)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('isDateFormat', () => {
    expect(['yyyy-mm-dd', 'yyyy"年"m"月"d"日"', '[$-804]yyyy/m/d h:mm', 'h:mm:ss', '[h]:mm', 'mmm-yy', 'e"年"m"月"'].map(isDateFormat)).toEqual([true, true, true, true, true, true, true]);
    expect(['General', '0.00', '#,##0.00"元"', '[Red]-#,##0', '0.00%', '@', '[DBNum1][$-804]General', '"Day"0', '0.00E+00', '##0.0E-0', '_(* #,##0.00_)'].map(isDateFormat)).toEqual([false, false, false, false, false, false, false, false, false, false, false]);
  });

  it('cells and rows without references, and namespace-prefixed elements', async () => {
    const xml = `<?xml version="1.0"?><x:worksheet xmlns:x="${NS}"><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>客户号</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>客户姓名</x:t></x:is></x:c></x:row><x:row><x:c><x:v>1</x:v></x:c><x:c t="inlineStr"><x:is><x:t>张伟</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`;
    const { table, rows } = await read(file('ns.xlsx', xlsx({ sheets: [{ name: 'S', xml }] })));
    expect(table.headers).toEqual(['客户号', '客户姓名']);
    expect(rows).toEqual([{ rowNo: 2, cells: [1, '张伟'] }]);
  });

  it('merged cells in the data fill down with their value, with a warning', async () => {
    const xml =
      `<?xml version="1.0"?><worksheet xmlns="${NS}"><sheetData>` +
      '<row r="1"><c r="A1" t="inlineStr"><is><t>营业部</t></is></c><c r="B1" t="inlineStr"><is><t>客户号</t></is></c><c r="C1" t="inlineStr"><is><t>客户姓名</t></is></c></row>' +
      '<row r="2"><c r="A2" t="inlineStr"><is><t>东城营业部</t></is></c><c r="B2"><v>1</v></c><c r="C2" t="inlineStr"><is><t>张伟</t></is></c></row>' +
      '<row r="3"><c r="A3"/><c r="B3"><v>2</v></c><c r="C3" t="inlineStr"><is><t>王芳</t></is></c></row>' +
      '<row r="4"><c r="A4" t="inlineStr"><is><t>西城营业部</t></is></c><c r="B4"><v>3</v></c><c r="C4" t="inlineStr"><is><t>李娜</t></is></c></row>' +
      '</sheetData><mergeCells count="1"><mergeCell ref="A2:A3"/></mergeCells></worksheet>';
    const { table, rows } = await read(file('merged-data.xlsx', xlsx({ sheets: [{ name: 'S', xml }] })));
    expect(rows.map((r) => r.cells[0])).toEqual(['东城营业部', '东城营业部', '西城营业部']);
    expect(table.warnings).toEqual([{ key: 'import.warn.mergedCellsFilled', params: { count: 1 } }]);
  });

  it('by default the first visible sheet with data is read; a hidden one only when named', async () => {
    const data = (name: string) => sheet(`<row r="1"><c r="A1" t="inlineStr"><is><t>客户号</t></is></c><c r="B1" t="inlineStr"><is><t>客户姓名</t></is></c></row><row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>${name}</t></is></c></row>`);
    const buf = xlsx({ sheets: [{ name: '隐藏', xml: data('隐藏'), hidden: true }, { name: '空', xml: sheet('') }, { name: '客户', xml: data('张伟') }] });
    const a = await read(file('hidden.xlsx', buf));
    expect(a.table).toMatchObject({ sheets: ['隐藏', '空', '客户'], sheet: '客户' });
    const b = await read(file('hidden2.xlsx', buf), { sheet: '隐藏' });
    expect(b.rows[0]!.cells[1]).toBe('隐藏');
  });

  it('Chinese text straddling inflate chunks is never garbled (exceljs 4.4 streaming reader bug)', async () => {
    const rows = ['<row r="1"><c r="A1" t="inlineStr"><is><t>客户姓名</t></is></c><c r="B1" t="inlineStr"><is><t>联系地址</t></is></c></row>'];
    for (let r = 2; r <= 20_001; r++) rows.push(`<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>张三丰${r}</t></is></c><c r="B${r}" t="inlineStr"><is><t>北京市海淀区中关村大街${r}号</t></is></c></row>`);
    const { rows: out } = await read(file('cjk.xlsx', xlsx({ sheets: [{ name: 'S', xml: sheet(rows.join('')) }] })));
    expect(out).toHaveLength(20_000);
    expect(out.filter((r) => String(r.cells[0]).includes('\uFFFD') || String(r.cells[1]).includes('\uFFFD'))).toEqual([]);
    expect(out[19_999]!.cells).toEqual(['张三丰20001', '北京市海淀区中关村大街20001号']);
  });
});

describe('csv reader', () => {
  it('detectEncoding: BOM or valid UTF-8 → utf8, else gb18030; a character cut at the 64 KB boundary is still valid UTF-8', () => {
    expect(detectEncoding(Buffer.from('\uFEFF客户', 'utf8'), false)).toBe('utf8');
    expect(detectEncoding(Buffer.from('客户号,姓名', 'utf8'), false)).toBe('utf8');
    expect(detectEncoding(iconv.encode('客户号,姓名', 'gbk'), false)).toBe('gb18030');
    const cut = Buffer.from('客户', 'utf8').subarray(0, 4);
    expect(detectEncoding(cut, true)).toBe('utf8');
    expect(detectEncoding(cut, false)).toBe('gb18030');
  });

  it('detectDelimiter: comma, tab, semicolon, ignoring quoted ones and title lines', () => {
    expect(detectDelimiter('客户号,姓名,地址\n1,张伟,"北京,东城"\n')).toBe(',');
    expect(detectDelimiter('客户资料\n客户号\t姓名\t地址\n1\t张伟\t"北京,东城,和平里"\n')).toBe('\t');
    expect(detectDelimiter('客户号;姓名;金额\n1;张伟;"1,234.50"\n2;王芳;"2,000.00"\n')).toBe(';');
  });

  it('a GB18030 four-byte character (outside GBK) survives', async () => {
    const text = '客户号,客户姓名\r\n880000001,吉𠮷\r\n';
    const { table, rows } = await read(file('gb18030.csv', iconv.encode(text, 'gb18030')));
    expect(table.encoding).toBe('gb18030');
    expect(rows[0]!.cells).toEqual(['880000001', '吉𠮷']);
  });

  it('the user can override detection', async () => {
    const p = file('utf8.csv', '客户号,客户姓名\r\n1,张伟\r\n');
    const { table, rows } = await read(p, { encoding: 'gb18030' });
    expect(table).toMatchObject({ encoding: 'gb18030', detectedEncoding: 'utf8' });
    expect(rows[0]!.cells[1]).not.toBe('张伟');
  });

  it('a tab-separated .txt under a title line, with blank lines: row numbers are the file\'s', async () => {
    const { table, rows } = await read(file('export.txt', '客户资料导出\n\n客户号\t客户姓名\t证件号码\n880000001\t张伟\t110101195001011001\n\n880000002\t王芳\t310104195706121370\n'));
    expect(table).toMatchObject({ headerRow: 3, headers: ['客户号', '客户姓名', '证件号码'] });
    expect(table.warnings).toEqual([{ key: 'import.warn.titleRowsSkipped', params: { count: 1 } }]);
    expect(rows.map((r) => r.rowNo)).toEqual([4, 6]);
  });

  it('an unclosed quote names the row where the field began', async () => {
    try {
      await read(file('quote.csv', '客户号,客户姓名\r\n1,张伟\r\n2,"王芳\r\n3,李娜\r\n'));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ImportFileError);
      expect(err).toMatchObject({ key: 'error.import.file.csvUnclosedQuote', params: { row: 3 } });
    }
  });

  it('a text file named .xlsx is read as CSV, with a warning', async () => {
    const { table } = await read(file('really-csv.xlsx', '客户号,客户姓名\r\n1,张伟\r\n'));
    expect(table.format).toBe('csv');
    expect(table.warnings).toEqual([{ key: 'import.warn.extensionMismatch', params: { ext: 'xlsx', actual: 'csv' } }]);
  });
});

describe('xls reader', () => {
  it('a two-row merged header, dates and error cells in a real .xls', async () => {
    const ws = XLSX.utils.aoa_to_sheet(
      [
        ['客户资产日报'],
        ['资金账号', '日期', '资产'],
        [null, null, '总资产', '市值'],
        ['3100100001', new Date(Date.UTC(2024, 0, 5)), 60000, 50000],
        ['3100100002', new Date(Date.UTC(2024, 0, 5)), { t: 'e', v: 0x2a }, 1],
        [{ t: 'n', v: 3100100003, z: '000000000000' }, new Date(Date.UTC(2024, 0, 5)), 7, 1],
      ],
      { cellDates: true },
    );
    ws['!merges'] = [XLSX.utils.decode_range('A1:D1'), XLSX.utils.decode_range('A2:A3'), XLSX.utils.decode_range('B2:B3'), XLSX.utils.decode_range('C2:D2')];
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, '日报');
    const { table, rows } = await read(file('assets.xls', Buffer.from(XLSX.write(wb, { type: 'buffer', bookType: 'biff8' }) as Buffer)));
    expect(table).toMatchObject({ format: 'xls', headerRow: 3, headers: ['资金账号', '日期', '资产/总资产', '资产/市值'] });
    expect(rows).toEqual([
      { rowNo: 4, cells: ['3100100001', utc(2024, 1, 5), 60000, 50000] },
      { rowNo: 5, cells: ['3100100002', utc(2024, 1, 5), null, 1] },
      // A zero-padding format's text.
      { rowNo: 6, cells: ['003100100003', utc(2024, 1, 5), 7, 1] },
    ]);
    // Reader warnings are added when the reader reaches the end, which for a small sheet is while the header is read.
    expect(table.warnings).toHaveLength(2);
    expect(table.warnings).toEqual(
      expect.arrayContaining([
        { key: 'import.warn.titleRowsSkipped', params: { count: 1 } },
        { key: 'import.warn.errorCells', params: { count: 1, cell: 'C5' } },
      ]),
    );
  });

  it('a formula in an .xls is warned about, never evaluated (the fixture comes from another BIFF writer, python xlwt: SheetJS writes no formulas)', async () => {
    const { table, rows } = await read(join(import.meta.dirname, '..', '..', 'fixtures', 'import', 'formula-cached.xls'));
    expect(rows).toEqual([
      // The result Excel stored, and the account number as the zero-padding format shows it.
      { rowNo: 2, cells: ['003100100001', '2024-01-05', 60000, 50000] },
      // An empty text result (what xlwt stores, as Excel does for ="" ): an empty cell, a cached value all the same.
      { rowNo: 3, cells: ['003100100002', '2024-01-05', null, 1] },
    ]);
    expect(table.warnings).toEqual([{ key: 'import.warn.formulaCachedValues', params: { count: 2, cell: 'C2' } }]);
  });

  it('an .xls with a formula SheetJS cannot turn into text is read without its formulas, not refused', async () => {
    const { table, rows } = await read(join(import.meta.dirname, '..', '..', 'fixtures', 'import', 'formula-unsupported.xls'));
    expect(rows.map((r) => r.cells)).toEqual([
      ['003100100001', '2024-01-05', 60000, 50000],
      ['003100100002', '2024-01-05', null, 1],
    ]);
    expect(table.warnings).toEqual([]);
  });
});
