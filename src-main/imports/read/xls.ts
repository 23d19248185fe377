import * as XLSX from '@e965/xlsx';
import * as cptable from '@e965/xlsx/dist/cpexcel.full.mjs';
import type { Message } from '../../../src-shared/imports/imports.contract';
import { itemList } from '../../../src-shared/i18n/catalogues';
import { columnLetter, zeroPadded, zeroPadWidth } from './cells';
import type { SheetSource } from './table';
import { ImportFileError, type MergeRange, type RawCell, type RawRow, type ReadLimits } from './types';

/**
 * Compound-file (OLE/CFB) files: legacy .xls (BIFF5/8) through SheetJS (@e965/xlsx, the 0.20.3
 * release past the known advisories), and the container Office uses for a password-protected
 * .xlsx (streams EncryptionInfo + EncryptedPackage), which is refused. An .xls holds at most
 * 65,536 rows, so it is parsed whole; formulas are not parsed (`cellFormula: false`), their
 * cached values are read.
 */

// Legacy .xls (BIFF5) stores text in the workbook's code page, 936 (GBK) for Chinese Excel.
XLSX.set_cptable(cptable);

type CfbEntry = { name: string; type: number };
type Cfb = { FileIndex: CfbEntry[] };

/** What a compound file holds: an encrypted OOXML package, a workbook, or something else (a .doc, .msg, …). */
export function classifyCfb(buf: Buffer): 'encrypted' | 'xls' | 'other' {
  let cfb: Cfb;
  try {
    cfb = (XLSX.CFB as { read(b: Buffer, o: { type: 'buffer' }): Cfb }).read(buf, { type: 'buffer' });
  } catch {
    throw new ImportFileError('error.import.file.unreadable');
  }
  const names = new Set(cfb.FileIndex.map((e) => e.name.toLowerCase()));
  if (names.has('encryptioninfo') || names.has('encryptedpackage')) return 'encrypted';
  if (names.has('workbook') || names.has('book')) return 'xls';
  return 'other';
}

/** A SheetJS cell: type, value, formula (`f`: the value is its cached result) and number format (`z`). */
type SheetJsCell = { t: string; v?: unknown; f?: string; z?: unknown };

/**
 * The workbook, its formulas read only to warn that their values are cached results (never
 * evaluated). SheetJS turns each formula into text and throws on some it cannot (a name from
 * another file, a newer function): then the file is read again without them, as before formulas
 * were warned about, rather than refused.
 */
function readWorkbook(buf: Buffer, limits: ReadLimits): XLSX.WorkBook {
  const read = (cellFormula: boolean) =>
    XLSX.read(buf, {
      type: 'buffer',
      cellFormula,
      cellDates: true,
      cellHTML: false,
      cellNF: true, // a zero-padding format keeps a code's leading zeros
      cellText: false,
      cellStyles: false,
      bookVBA: false,
      WTF: false,
      dense: true,
      sheetRows: limits.maxRows + 1000,
    });
  const passwordProtected = (err: unknown) => /password|encrypt/i.test((err as Error).message ?? '');
  try {
    return read(true);
  } catch (err) {
    if (passwordProtected(err)) throw new ImportFileError('error.import.file.passwordProtected');
  }
  try {
    return read(false);
  } catch (err) {
    throw new ImportFileError(passwordProtected(err) ? 'error.import.file.passwordProtected' : 'error.import.file.unreadable');
  }
}

export function openXls(buf: Buffer, limits: ReadLimits, sheetName: string | undefined, warnings: Message[]): SheetSource {
  const wb = readWorkbook(buf, limits);
  const names = wb.SheetNames;
  if (names.length === 0) throw new ImportFileError('error.import.file.emptyWorkbook');
  const hidden = (i: number) => (wb.Workbook?.Sheets?.[i]?.Hidden ?? 0) !== 0;
  const dataOf = (ws: XLSX.WorkSheet | undefined) => (ws?.['!data'] as (SheetJsCell | undefined)[][] | undefined) ?? [];
  const hasData = (ws: XLSX.WorkSheet | undefined) => dataOf(ws).some((row) => row?.some((c) => c !== undefined && c.t !== 'z' && c.v !== undefined && c.v !== ''));

  let chosen: string | undefined;
  if (sheetName !== undefined) {
    chosen = names.find((n) => n === sheetName) ?? names.find((n) => n.trim().toLowerCase() === sheetName.trim().toLowerCase());
    if (!chosen) throw new ImportFileError('error.import.file.sheetNotFound', { sheet: sheetName, sheetsItems: itemList(names) });
  } else {
    const order = [...names.map((n, i) => ({ n, i })).filter((x) => !hidden(x.i)), ...names.map((n, i) => ({ n, i })).filter((x) => hidden(x.i))];
    chosen = order.find((x) => hasData(wb.Sheets[x.n]))?.n;
    if (!chosen) throw new ImportFileError('error.import.file.emptyWorkbook');
  }
  const ws = wb.Sheets[chosen];
  const fullRef = (ws?.['!fullref'] as string | undefined) ?? (ws?.['!ref'] as string | undefined);
  if (fullRef) {
    const range = XLSX.utils.decode_range(fullRef);
    if (range.e.r + 1 > limits.maxRows + 1000) throw new ImportFileError('error.import.file.tooManyRows', { max: limits.maxRows });
    if (range.e.c + 1 > limits.maxColumns) throw new ImportFileError('error.import.file.tooManyColumns', { row: 1, max: limits.maxColumns });
  }
  const merges: MergeRange[] = ((ws?.['!merges'] as XLSX.Range[] | undefined) ?? [])
    .map((m) => ({ r1: m.s.r + 1, r2: m.e.r + 1, c1: m.s.c, c2: m.e.c }))
    .filter((m) => m.r1 !== m.r2 || m.c1 !== m.c2)
    .sort((a, b) => a.r1 - b.r1 || a.c1 - b.c1);
  const data = dataOf(ws);

  let done = 0;
  async function* rows(): AsyncGenerator<RawRow> {
    let errors = 0;
    let firstError = '';
    let formulas = 0;
    let firstFormula = '';
    try {
      for (let r = 0; r < data.length; r++) {
        done = r + 1;
        const src = data[r];
        if (!src) continue;
        const cells: RawCell[] = [];
        for (let c = 0; c < src.length; c++) {
          const cell = src[c];
          let v: RawCell = null;
          if (cell) {
            // BIFF stores every formula's last result (an empty text one too): always a cached value.
            if (cell.f !== undefined && formulas++ === 0) firstFormula = `${columnLetter(c)}${r + 1}`;
            if (cell.t === 'e') {
              if (errors++ === 0) firstError = `${columnLetter(c)}${r + 1}`;
            } else if (cell.t === 's' || cell.t === 'n' || cell.t === 'b') {
              v = (cell.v as string | number | boolean | undefined) ?? null;
              if (typeof v === 'number' && typeof cell.z === 'string') v = zeroPadded(v, zeroPadWidth(cell.z));
            } else if (cell.t === 'd' && cell.v instanceof Date) v = cell.v;
          }
          if (v === '') v = null;
          cells.push(v);
        }
        while (cells.length && cells[cells.length - 1] === null) cells.pop();
        yield { rowNo: r + 1, cells };
      }
    } finally {
      if (formulas) warnings.push({ key: 'import.warn.formulaCachedValues', params: { count: formulas, cell: firstFormula } });
      if (errors) warnings.push({ key: 'import.warn.errorCells', params: { count: errors, cell: firstError } });
    }
  }

  return { format: 'xls', sheets: names, sheet: chosen, encoding: null, detectedEncoding: null, merges, rows: rows(), fraction: () => (data.length ? done / data.length : 1) };
}
