import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportFileError, openTable, type RawRow, type ReadOptions } from '../../../src-main/imports/read';
import { CONTENT_TYPES, inlineRow, minimalXlsx, ROOT_RELS, SHEET_HEAD, SHEET_TAIL, WORKBOOK, WORKBOOK_RELS, writeZip } from '../../fixtures/import/make-fixtures';

/** Caps, hostile files and resource release: every refusal has its own key, and no file handle is left open. */
const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'import');
const fx = (name: string) => join(fixtures, name);
const tmp = mkdtempSync(join(tmpdir(), 'bd-read-safety-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const file = (name: string, data: Buffer | string) => {
  const p = join(tmp, `${n++}-${name}`);
  writeFileSync(p, data);
  return p;
};
const HINTS = ['客户号', '客户姓名', '证件号码', '手机号码', '资金账号', '日期', '总资产'];

async function readAll(path: string, opts: Partial<ReadOptions> = {}): Promise<RawRow[]> {
  const t = await openTable(path, { encoding: 'auto', ...opts }, HINTS);
  const rows: RawRow[] = [];
  for await (const r of t.rows()) rows.push(r);
  return rows;
}

async function refusal(path: string, opts: Partial<ReadOptions> = {}) {
  try {
    await readAll(path, opts);
  } catch (err) {
    if (err instanceof ImportFileError) return { key: err.key, params: err.params };
    throw err;
  }
  throw new Error('not refused');
}

const openFds = () => readdirSync('/proc/self/fd').length;

describe('caps (lowered for the test)', () => {
  it('file size', async () => {
    expect(await refusal(fx('customers-title-rows.xlsx'), { limits: { maxFileBytes: 1000 } })).toEqual({ key: 'error.import.file.tooLarge', params: { sizeMb: 0, maxMb: 0 } });
  });

  it('total uncompressed size, from the zip directory', async () => {
    expect(await refusal(fx('customers-title-rows.xlsx'), { limits: { maxUncompressedBytes: 10_000 } })).toEqual({ key: 'error.import.file.zipTooLarge', params: { maxMb: 0 } });
  });

  it('data rows, in every format', async () => {
    for (const name of ['customers-title-rows.xlsx', 'customers-gbk.csv', 'renamed-xls.xlsx']) {
      expect(await refusal(fx(name), { limits: { maxRows: 3 } }), name).toEqual({ key: 'error.import.file.tooManyRows', params: { max: 3 } });
    }
    expect(await readAll(fx('customers-gbk.csv'), { limits: { maxRows: 6 } })).toHaveLength(6);
  });

  it('columns, naming the row', async () => {
    expect(await refusal(fx('customers-title-rows.xlsx'), { limits: { maxColumns: 5 } })).toEqual({ key: 'error.import.file.tooManyColumns', params: { row: 3, max: 5 } });
    expect(await refusal(fx('customers-gbk.csv'), { limits: { maxColumns: 5 } })).toEqual({ key: 'error.import.file.tooManyColumns', params: { row: 1, max: 5 } });
  });

  it('cell length, naming the row and the column', async () => {
    // The 18-character ID number in column D is the first cell over 12.
    expect(await refusal(fx('customers-gbk.csv'), { limits: { maxCellChars: 12 } })).toEqual({ key: 'error.import.file.cellTooLong', params: { row: 2, column: 'D', max: 12 } });
    expect(await refusal(fx('customers-duplicates.xlsx'), { limits: { maxCellChars: 12 } })).toEqual({ key: 'error.import.file.cellTooLong', params: { row: 2, column: 'D', max: 12 } });
    const long = file('long.csv', `客户号,客户姓名,联系地址\r\n880000001,张伟,北京\r\n880000002,王芳,${'上海市徐汇区'.repeat(4)}\r\n`);
    expect(await refusal(long, { limits: { maxCellChars: 18 } })).toEqual({ key: 'error.import.file.cellTooLong', params: { row: 3, column: 'C', max: 18 } });
  });
});

describe('hostile and broken files', () => {
  it('a truncated xlsx is corrupt', async () => {
    const buf = readFileSync(fx('customers-title-rows.xlsx'));
    expect(await refusal(file('cut.xlsx', buf.subarray(0, buf.length - 200)))).toEqual({ key: 'error.import.file.zipCorrupt', params: {} });
  });

  it('a DOCTYPE in a part we do not otherwise read still refuses the file', async () => {
    const zip = writeZip([
      { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
      { name: '_rels/.rels', data: Buffer.from(ROOT_RELS) },
      { name: 'docProps/app.xml', data: Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Properties>&e;</Properties>') },
      { name: 'xl/workbook.xml', data: Buffer.from(WORKBOOK) },
      { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(WORKBOOK_RELS) },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(SHEET_HEAD + inlineRow(1, ['客户号', '客户姓名']) + inlineRow(2, ['1', '张伟']) + SHEET_TAIL) },
    ]);
    expect(await refusal(file('xxe2.xlsx', zip))).toEqual({ key: 'error.import.file.xmlEntities', params: {} });
  });

  it('malformed sheet XML names the part', async () => {
    const xml = SHEET_HEAD + inlineRow(1, ['客户号', '客户姓名']) + inlineRow(2, ['1', '张伟']) + '<row r="3"><c r="A3"><v>1</c></row>' + SHEET_TAIL;
    expect(await refusal(file('bad.xlsx', minimalXlsx(xml)))).toEqual({ key: 'error.import.file.xmlMalformed', params: { part: 'xl/worksheets/sheet1.xml' } });
  });

  it('a zip with an encrypted entry is password-protected', async () => {
    const zip = minimalXlsx(SHEET_HEAD + SHEET_TAIL);
    // Set the "encrypted" flag in every central-directory header.
    for (let i = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); i >= 0; i = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), i + 4)) zip.writeUInt16LE(zip.readUInt16LE(i + 8) | 1, i + 8);
    expect(await refusal(file('enc.xlsx', zip))).toEqual({ key: 'error.import.file.passwordProtected', params: {} });
  });

  it('a zip that is no workbook (a .docx), a PDF, UTF-16 text: each its own message', async () => {
    const docx = writeZip([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }]);
    expect(await refusal(file('letter.docx', docx))).toEqual({ key: 'error.import.file.notSpreadsheet', params: { ext: 'docx' } });
    expect(await refusal(file('scan.xlsx', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(100, 0)])))).toEqual({ key: 'error.import.file.notSpreadsheet', params: { ext: 'xlsx' } });
    expect(await refusal(file('u16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('客户号,姓名\r\n', 'utf16le')])))).toEqual({ key: 'error.import.file.utf16', params: {} });
  });

  it('an .xlsb (binary workbook) is refused with its own message', async () => {
    const rels = ROOT_RELS.replace('xl/workbook.xml', 'xl/workbook.bin');
    const zip = writeZip([
      { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
      { name: '_rels/.rels', data: Buffer.from(rels) },
      { name: 'xl/workbook.bin', data: Buffer.from([0x83, 0x01, 0x00]) },
    ]);
    expect(await refusal(file('book.xlsb', zip))).toEqual({ key: 'error.import.file.xlsb', params: {} });
  });

  it('Excel 2003 XML saved as .xls is refused as not really Excel', async () => {
    const xml = '<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="客户"/></Workbook>';
    expect(await refusal(file('2003.xls', xml))).toEqual({ key: 'error.import.file.markupDisguised', params: { ext: 'xls' } });
  });

  it('a compound file that holds no workbook (a .doc) is not a spreadsheet', async () => {
    const XLSX = await import('@e965/xlsx');
    const CFB = XLSX.CFB as { utils: { cfb_new(): unknown; cfb_add(c: unknown, n: string, b: Buffer): void }; write(c: unknown, o: { type: 'buffer' }): Buffer };
    const cfb = CFB.utils.cfb_new();
    CFB.utils.cfb_add(cfb, '/WordDocument', Buffer.alloc(512, 1));
    expect(await refusal(file('old.xls', Buffer.from(CFB.write(cfb, { type: 'buffer' }))))).toEqual({ key: 'error.import.file.notSpreadsheet', params: { ext: 'xls' } });
  });
});

describe('header row, empty and data-less files', () => {
  it('headerRow overrides detection; an empty header row is refused', async () => {
    const t = await openTable(fx('customers-title-rows.xlsx'), { encoding: 'auto', headerRow: 3 }, []);
    expect(t.headerRow).toBe(3);
    expect(t.headers[1]).toBe('客户姓名');
    await t.close();
    expect(await refusal(fx('daily-assets-totals.xlsx'), { headerRow: 7 })).toEqual({ key: 'error.import.file.headerRowEmpty', params: { row: 7 } });
  });

  it('a header with only a totals row under it has no data rows', async () => {
    expect(await refusal(file('totals-only.csv', '客户号,客户姓名\r\n合计,\r\n\r\n'))).toEqual({ key: 'error.import.file.noDataRows', params: { row: 1 } });
  });

  it('a CSV of blank lines is empty', async () => {
    expect(await refusal(file('blank.csv', '\r\n , \r\n\r\n'))).toEqual({ key: 'error.import.file.emptyCsv', params: {} });
  });
});

describe('file handles', () => {
  it('are released when iteration stops early, when a file is refused, and on close()', async () => {
    const before = openFds();
    for (const name of ['customers-title-rows.xlsx', 'customers-gbk.csv', 'renamed-xls.xlsx']) {
      const t = await openTable(fx(name), { encoding: 'auto' }, HINTS);
      for await (const _ of t.rows()) break;
      const u = await openTable(fx(name), { encoding: 'auto' }, HINTS);
      await u.close();
    }
    for (const name of ['zip-bomb.xlsx', 'zip-lying-sizes.xlsx', 'xxe-entities.xlsx', 'password-protected.xlsx', 'web-page.xls', 'empty-workbook.xlsx']) await refusal(fx(name));
    await refusal(fx('customers-title-rows.xlsx'), { limits: { maxRows: 3 } });
    // Let destroyed streams finish closing.
    await new Promise((r) => setTimeout(r, 50));
    expect(openFds()).toBe(before);
  });

  it('rows() streams once', async () => {
    const t = await openTable(fx('customers-gbk.csv'), { encoding: 'auto' }, HINTS);
    t.rows();
    expect(() => t.rows()).toThrow();
    await t.close();
  });
});
