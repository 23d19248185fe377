import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { bytesToRead, decodeBatch, encodeBatch, THREAD_MIN_BYTES } from '../../src-main/imports/read-source';
import type { Entry } from '../../src-main/imports/parse';
import { makeTestApp, type TestApp } from '../helpers/app';
import { idOf, preview, runJobsInProcess, writeCsv, type InProcessJobs } from './helpers';

describe('imports: the reader thread', () => {
  it('a batch survives the wire: values by field, states, issues, the cells as text', () => {
    const entries: Entry[] = [
      { rowNo: 2, state: 'valid', values: { name: '张三', total: 12345, primary: true, varieties: ['fund'], phone: null }, issues: [], cells: () => ['张三', 123.45, true, new Date(Date.UTC(2024, 0, 5)), null] },
      { rowNo: 3, state: 'error', values: null, issues: [{ field: 'idNo', key: 'validation.idNo.checkDigit', severity: 'error' }], cells: () => ['a\u0001b'] },
      { rowNo: 4, state: 'dup', values: null, issues: [{ field: null, key: 'import.warn.dupInFile', severity: 'warning' }], cells: () => [] },
    ];
    const keys = ['name', 'total', 'primary', 'varieties', 'phone'];
    const back = decodeBatch(encodeBatch(entries, keys), keys);
    expect(back.map(({ cells, ...e }) => ({ ...e, cells: cells() }))).toEqual([
      { rowNo: 2, state: 'valid', values: { name: '张三', total: 12345, primary: true, varieties: ['fund'], phone: null }, issues: [], cells: ['张三', '123.45', 'true', '2024-01-05', ''] },
      { rowNo: 3, state: 'error', values: null, issues: [{ field: 'idNo', key: 'validation.idNo.checkDigit', severity: 'error' }], cells: ['a b'] },
      { rowNo: 4, state: 'dup', values: null, issues: [{ field: null, key: 'import.warn.dupInFile', severity: 'warning' }], cells: [''] },
    ]);
  });

  describe('end to end', () => {
    let t: TestApp;
    let jobs: InProcessJobs;
    const saved = process.env.BD_IMPORT_READ_THREAD;
    afterEach(() => {
      process.env.BD_IMPORT_READ_THREAD = saved;
      jobs?.close();
      t?.close();
    });

    it('a file read in its own thread previews exactly as one read inline', async () => {
      t = await makeTestApp();
      jobs = runJobsInProcess(t);
      const op = await t.login('op1');
      const rows: string[][] = [['客户号', '姓名', '证件号码', '手机']];
      for (let i = 0; i < 30; i++) rows.push([String(700000100 + (i % 25)), `客户${i}`, i === 7 ? '123' : idOf(i), i === 9 ? '999' : `1380000${String(1000 + i)}`]);
      const path = writeCsv(t, 'thread.csv', rows);
      process.env.BD_IMPORT_READ_THREAD = '0';
      const inline = await preview(t, op, 'customers', path);
      process.env.BD_IMPORT_READ_THREAD = '1';
      const threaded = await preview(t, op, 'customers', path);
      expect(threaded.status).toBe('previewed');
      expect(threaded.counts).toEqual(inline.counts);
      expect(threaded.firstErrors).toEqual(inline.firstErrors);
      expect(inline.counts).toMatchObject({ total: 30, error: 2, dupInFile: 5 });
    }, 30_000);
  });
});

describe('imports: which files inspect reads in a thread', () => {
  const FIX = join(import.meta.dirname, '..', 'fixtures', 'import');
  it('an .xlsx by what its zip declares it inflates to, not by its size on disk; a zip that does not read counts as big', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bd-peek-'));
    try {
      // 100,000 rows of one repeated line: about 1 MB on disk, tens of MB to parse.
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('客户');
      ws.addRow(['客户号', '客户姓名', '证件号码']);
      for (let i = 0; i < 100_000; i++) ws.addRow(['100000001', '张三', '110101198001010011']);
      const big = join(dir, 'small-on-disk.xlsx');
      await wb.xlsx.writeFile(big);
      expect(statSync(big).size).toBeLessThan(THREAD_MIN_BYTES);
      expect(await bytesToRead(big)).toBeGreaterThan(THREAD_MIN_BYTES);
      // A small workbook and a CSV: their own size.
      const small = join(FIX, 'customers-title-rows.xlsx');
      expect(await bytesToRead(small)).toBeLessThan(THREAD_MIN_BYTES);
      expect(await bytesToRead(join(FIX, 'customers-gbk.csv'))).toBe(statSync(join(FIX, 'customers-gbk.csv')).size);
      expect(await bytesToRead(join(FIX, 'zip-bomb.xlsx'))).toBe(Number.POSITIVE_INFINITY);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('imports: the in-file key set', () => {
  it('remembers a million keys exactly enough: no false duplicate among distinct keys, every repeat found', async () => {
    const { KeySet } = await import('../../src-main/imports/key-set');
    const s = new KeySet();
    let added = 0;
    for (let i = 0; i < 1_000_000; i++) if (s.add(`6000${String(i).padStart(8, '0')}\u00012024-01-${(i % 28) + 1}`)) added++;
    expect(added).toBe(1_000_000);
    expect(s.add('600000000007\u00012024-01-8')).toBe(false);
    expect(s.has('600000000007\u00012024-01-8')).toBe(true);
    expect(s.has('600000000007\u00012024-01-9')).toBe(false);
    // Fingerprints whose high bit is set (negative as int32) are found too.
    for (let i = 0; i < 1000; i++) expect(s.has(`6000${String(i).padStart(8, '0')}\u00012024-01-${(i % 28) + 1}`), String(i)).toBe(true);
  });
});
