import type { FileHandle } from 'node:fs/promises';
import type { SaxesTagPlain } from 'saxes';
import type { Message } from '../../../src-shared/imports/imports.contract';
import { itemList } from '../../../src-shared/i18n/catalogues';
import { columnLetter, excelSerialToDate, zeroPadded, zeroPadWidth } from './cells';
import type { SheetSource } from './table';
import { ImportFileError, type MergeRange, type RawCell, type RawRow, type ReadLimits } from './types';
import { attr, detach, localName, makeParser, parsePart, xmlText } from './xml';
import { openZipEntry, readZipDirectory, type ZipEntry } from './zip';

/**
 * .xlsx reader: streams one worksheet's XML through a SAX parser (saxes, the parser exceljs
 * uses) over our own zip layer (zip.ts), so that memory stays flat for a million rows with
 * inline strings; shared strings, as in exceljs's reader, are held in memory (limits.md:
 * that is what costs memory for shared-string files).
 *
 * Why not exceljs's WorkbookReader directly: in 4.4.0 it decodes every inflated chunk on its
 * own and garbles Chinese characters that straddle two chunks (21 of 50,000 rows in a test
 * here; exceljs issues #2063, #2084, fixes unmerged); it spills sheets stored before the shared
 * strings to an unbounded temporary file, which defeats a streaming size cap; it drops merged
 * ranges and all but the last run of rich inline text.
 *
 * Formulas are never evaluated: a formula cell yields its cached value (and a warning), or
 * nothing when the file has none. Hyperlinks and rich text are plain text. Date-formatted
 * numbers become Dates (wall clock in UTC fields). Error cells (#N/A) become empty, with a
 * warning.
 */

type Rel = { type: string; target: string };
type SheetInfo = { name: string; path: string; hidden: boolean };

/** Part names are case-insensitive and relative to the referring part's folder. */
function resolvePart(base: string, target: string): string {
  const parts = target.startsWith('/') ? [] : base.split('/').slice(0, -1);
  for (const seg of target.replace(/^\//, '').split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

function relsPathOf(part: string): string {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
}

/** Built-in number formats that are dates or times (ECMA-376 §18.8.30, plus the CJK ones Excel uses for zh-CN). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a custom number format shows a date or time: y, m, d, h, s (or the CJK era e) outside quotes, escapes and colour/locale brackets. */
export function isDateFormat(code: string): boolean {
  const s = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/_./g, '')
    .replace(/\*./g, '')
    .replace(/\[(?!h\]|hh\]|m\]|mm\]|s\]|ss\])[^\]]*\]/gi, '')
    .replace(/E[+-]/gi, ''); // scientific notation, not the CJK era
  if (/general/i.test(s) && !/[ymdhse]/i.test(s.replace(/general/gi, ''))) return false;
  return /[ymdhse]/i.test(s.replace(/general/gi, ''));
}

type Zip = { fh: FileHandle; size: number; entries: Map<string, ZipEntry>; limits: ReadLimits; maxTextRun: number };

function entryOf(zip: Zip, part: string): ZipEntry | undefined {
  return zip.entries.get(part.toLowerCase());
}

async function parseZipPart(zip: Zip, part: string, h: Parameters<typeof parsePart>[3]): Promise<boolean> {
  const e = entryOf(zip, part);
  if (!e) return false;
  await parsePart(part, await openZipEntry(zip.fh, zip.size, e), zip.maxTextRun, h);
  return true;
}

async function readRels(zip: Zip, part: string): Promise<Map<string, Rel>> {
  const rels = new Map<string, Rel>();
  await parseZipPart(zip, relsPathOf(part), {
    open(n) {
      if (localName(n.name) !== 'Relationship') return;
      const id = attr(n, 'Id');
      const type = attr(n, 'Type') ?? '';
      const target = attr(n, 'Target') ?? '';
      if (id && attr(n, 'TargetMode') !== 'External') rels.set(id, { type, target: resolvePart(part, target) });
    },
  });
  return rels;
}

async function readWorkbook(zip: Zip, part: string): Promise<{ sheets: { name: string; rid: string; hidden: boolean }[]; date1904: boolean }> {
  const sheets: { name: string; rid: string; hidden: boolean }[] = [];
  let date1904 = false;
  await parseZipPart(zip, part, {
    open(n) {
      const name = localName(n.name);
      if (name === 'workbookPr') {
        const v = attr(n, 'date1904');
        date1904 = v === '1' || v === 'true';
      } else if (name === 'sheet') {
        const rid = attr(n, 'r:id') ?? '';
        const state = attr(n, 'state');
        sheets.push({ name: attr(n, 'name') ?? '', rid, hidden: state === 'hidden' || state === 'veryHidden' });
      }
    },
  });
  return { sheets, date1904 };
}

/**
 * What each cell style (xf index) makes of a number: a date, digits padded with zeros to a
 * width (a format of zeros only, `000000000`: how a sheet keeps a code's leading zeros in a
 * number cell), or the number itself.
 */
export type NumberStyle = 'date' | number | null;

async function readNumberStyles(zip: Zip, part: string | undefined): Promise<NumberStyle[]> {
  const custom = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  if (part) {
    await parseZipPart(zip, part, {
      open(n) {
        const name = localName(n.name);
        if (name === 'numFmt') custom.set(Number(attr(n, 'numFmtId')), attr(n, 'formatCode') ?? '');
        else if (name === 'cellXfs') inCellXfs = true;
        else if (name === 'xf' && inCellXfs) xfFormats.push(Number(attr(n, 'numFmtId') ?? 0));
      },
      close(n) {
        if (localName(n.name) === 'cellXfs') inCellXfs = false;
      },
    });
  }
  return xfFormats.map((id) => {
    const code = custom.get(id);
    if (code === undefined) return BUILTIN_DATE_FORMATS.has(id) ? 'date' : null;
    return isDateFormat(code) ? 'date' : zeroPadWidth(code) || null;
  });
}

/** Rich text runs concatenated; phonetic guides (`<rPh>`, furigana/pinyin) left out. */
async function readSharedStrings(zip: Zip, part: string | undefined): Promise<string[] | null> {
  if (!part) return null;
  const out: string[] = [];
  let cur: string | null = null;
  let inT = false;
  let inRPh = false;
  const found = await parseZipPart(zip, part, {
    open(n) {
      switch (localName(n.name)) {
        case 'si':
          cur = '';
          break;
        case 't':
          inT = !n.isSelfClosing;
          break;
        case 'rPh':
          inRPh = true;
          break;
      }
    },
    close(n) {
      switch (localName(n.name)) {
        case 'si':
          out.push(detach(unescapeOoxml(cur ?? '')));
          cur = null;
          break;
        case 't':
          inT = false;
          break;
        case 'rPh':
          inRPh = false;
          break;
      }
    },
    text(t) {
      if (inT && !inRPh && cur !== null) cur += t;
    },
  });
  return found ? out : null;
}

/** OOXML escapes characters XML cannot hold as `_xHHHH_` (e.g. `_x000D_` for CR). */
function unescapeOoxml(s: string): string {
  if (!s.includes('_x')) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** `AB12` → 27 (0-based column); -1 when there are no letters. */
function columnOfRef(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const ch = ref.charCodeAt(i);
    if (ch >= 65 && ch <= 90) col = col * 26 + (ch - 64);
    else if (ch >= 97 && ch <= 122) col = col * 26 + (ch - 96);
    else break;
  }
  return i === 0 ? -1 : col - 1;
}

function rowOfRef(ref: string): number {
  const m = /\d+$/.exec(ref);
  return m ? Number(m[0]) : 0;
}

function isoToDate(s: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?/.exec(s);
  if (!m) return null;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)));
}

type SheetStats = { formulas: number; firstFormula: string; noValue: number; firstNoValue: string; errors: number; firstError: string };

type ParseSetup = {
  sst: string[] | null;
  numberStyles: NumberStyle[];
  date1904: boolean;
  maxColumns: number;
  stats: SheetStats;
  /** Probe mode: stop at the first cell with a value. */
  probe: boolean;
};

/** The worksheet SAX handlers: turns `<row>`/`<c>` elements into RawRows in `out`. */
function sheetParser(part: string, s: ParseSetup) {
  const out: RawRow[] = [];
  let done = false;
  let inSheetData = false;
  let row: RawCell[] | null = null;
  let rowNo = 0;
  let nextCol = 0;
  // current cell
  let col = -1;
  let type = '';
  let style = 0;
  let hasF = false;
  let v: string | null = null;
  let is: string | null = null;
  let capture: 0 | 1 | 2 = 0; // 1: <v>, 2: <t> inside <is>
  let inRPh = false;

  const parser = makeParser(part, {
    open(n: SaxesTagPlain) {
      const name = localName(n.name);
      // SpreadsheetML's cell and row attributes are never namespaced: read them directly (hot path).
      const a = n.attributes as Record<string, string | undefined>;
      if (!inSheetData) {
        if (name === 'sheetData') {
          inSheetData = !n.isSelfClosing;
          if (n.isSelfClosing) done = true;
        }
        return;
      }
      switch (name) {
        case 'row': {
          const r = a.r;
          rowNo = r ? Number(r) : rowNo + 1;
          row = [];
          nextCol = 0;
          break;
        }
        case 'c': {
          const r = a.r;
          col = r ? columnOfRef(r) : nextCol;
          if (col < 0) col = nextCol;
          type = a.t ?? 'n';
          const st = a.s;
          style = st ? Number(st) : 0;
          hasF = false;
          v = null;
          is = null;
          break;
        }
        case 'v':
          v = '';
          capture = 1;
          break;
        case 'f':
          hasF = true;
          break;
        case 'is':
          is = '';
          break;
        case 't':
          if (is !== null && !inRPh) capture = 2;
          break;
        case 'rPh':
          inRPh = true;
          break;
      }
    },
    close(n: SaxesTagPlain) {
      const name = localName(n.name);
      if (!inSheetData) return;
      switch (name) {
        case 'v':
        case 't':
          capture = 0;
          break;
        case 'rPh':
          inRPh = false;
          break;
        case 'c': {
          if (!row) break;
          const value = cellValue();
          if (value !== null) {
            // Checked before the row grows to `col` cells. Empty cells (formatting only) do not count.
            if (col >= s.maxColumns) throw new ImportFileError('error.import.file.tooManyColumns', { row: rowNo, max: s.maxColumns });
            while (row.length < col) row.push(null);
            row[col] = value;
            if (s.probe) done = true;
          }
          nextCol = col + 1;
          break;
        }
        case 'row':
          if (row) {
            out.push({ rowNo, cells: row });
            row = null;
          }
          break;
        case 'sheetData':
          inSheetData = false;
          done = true;
          break;
      }
    },
    text(t: string) {
      if (capture === 1) v += t;
      else if (capture === 2) is += t;
    },
  });

  function cellValue(): RawCell {
    if (hasF) {
      if (v === null && is === null) {
        if (s.stats.noValue++ === 0) s.stats.firstNoValue = `${columnLetter(col)}${rowNo}`;
        return null;
      }
      if (s.stats.formulas++ === 0) s.stats.firstFormula = `${columnLetter(col)}${rowNo}`;
    }
    switch (type) {
      case 's': {
        if (v === null || v === '') return null;
        if (!s.sst) return s.probe ? '' : null;
        const str = s.sst[Number(v)];
        return str === undefined || str === '' ? null : str;
      }
      case 'inlineStr': {
        const str = is ?? v;
        return str ? detach(unescapeOoxml(str)) : null;
      }
      case 'str':
        return v ? detach(unescapeOoxml(v)) : null;
      case 'b':
        return v === null || v === '' ? null : v === '1' || v === 'true';
      case 'e':
        if (v !== null) {
          if (s.stats.errors++ === 0) s.stats.firstError = `${columnLetter(col)}${rowNo}`;
        }
        return null;
      case 'd':
        return v ? isoToDate(v) : null;
      default: {
        if (v === null || v === '') return null;
        const num = Number(v);
        if (Number.isNaN(num)) return detach(unescapeOoxml(v));
        const shape = s.numberStyles[style];
        if (shape === 'date' && num >= 1 && num < 2_958_466 && !(num >= 60 && num < 61 && !s.date1904)) {
          return excelSerialToDate(num, s.date1904) ?? num;
        }
        return typeof shape === 'number' ? zeroPadded(num, shape) : num;
      }
    }
  }

  return {
    parser,
    out,
    get done() {
      return done;
    },
  };
}

/** Merged ranges from `<mergeCell ref="A1:C1"/>`, found by a byte scan (they follow the cell data, at the end of the part). */
const MERGE_TAG = Buffer.from('mergeCell');
const MAX_MERGES = 100_000;

function parseRange(ref: string): MergeRange | null {
  const [a, b = a] = ref.split(':') as [string, string | undefined];
  const c1 = columnOfRef(a);
  const c2 = columnOfRef(b);
  const r1 = rowOfRef(a);
  const r2 = rowOfRef(b);
  if (c1 < 0 || c2 < 0 || r1 < 1 || r2 < 1) return null;
  return { r1: Math.min(r1, r2), r2: Math.max(r1, r2), c1: Math.min(c1, c2), c2: Math.max(c1, c2) };
}

/**
 * One pass over the sheet's raw bytes before parsing it: checks that it inflates to what the
 * directory declared (zip.ts), refuses a DOCTYPE, and collects the merged ranges, which sit
 * after the rows and which the header needs before the first row is parsed. Inflating costs a
 * fraction of parsing.
 */
async function scanSheet(zip: Zip, entry: ZipEntry): Promise<MergeRange[]> {
  const merges: MergeRange[] = [];
  const stream = await openZipEntry(zip.fh, zip.size, entry);
  let carry: Buffer = Buffer.alloc(0);
  let first = true;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      // A DOCTYPE may only stand in the prolog, at the start; anywhere else the parser rejects it.
      if (first && /<!(?:DOCTYPE|ENTITY)/i.test(chunk.toString('latin1', 0, Math.min(chunk.length, 4096)))) throw new ImportFileError('error.import.file.xmlEntities');
      first = false;
      const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      let pos = 0;
      let pending = -1;
      for (let i = buf.indexOf(MERGE_TAG, pos); i >= 0; i = buf.indexOf(MERGE_TAG, pos)) {
        const end = buf.indexOf(0x3e, i); // '>'
        if (end < 0) {
          pending = i;
          break;
        }
        const m = /\bref\s*=\s*["']([A-Za-z]+\d+(?::[A-Za-z]+\d+)?)["']/.exec(buf.toString('latin1', i, end));
        if (m && merges.length < MAX_MERGES) {
          const r = parseRange(m[1]!);
          if (r && (r.r1 !== r.r2 || r.c1 !== r.c2)) merges.push(r);
        }
        pos = end + 1;
      }
      const keepFrom = pending >= 0 && buf.length - pending < 4096 ? pending : Math.max(pos, buf.length - 16);
      carry = Buffer.from(buf.subarray(keepFrom));
    }
  } finally {
    stream.destroy();
  }
  merges.sort((a, b) => a.r1 - b.r1 || a.c1 - b.c1);
  return merges;
}

async function* sheetRows(zip: Zip, entry: ZipEntry, setup: ParseSetup, part: string, onStream?: (s: { produced?: number }) => void): AsyncGenerator<RawRow> {
  const sp = sheetParser(part, setup);
  const stream = await openZipEntry(zip.fh, zip.size, entry);
  onStream?.(stream);
  try {
    for await (const text of xmlText(stream, zip.maxTextRun)) {
      sp.parser.write(text);
      if (sp.out.length) yield* sp.out.splice(0, sp.out.length);
      if (sp.done) break;
    }
    if (!sp.done) sp.parser.close();
    if (sp.out.length) yield* sp.out.splice(0, sp.out.length);
  } finally {
    stream.destroy();
  }
}

/** Does the sheet have at least one cell with a value? Parses until it finds one. */
async function hasData(zip: Zip, entry: ZipEntry, part: string): Promise<boolean> {
  const setup: ParseSetup = { sst: null, numberStyles: [], date1904: false, maxColumns: Number.MAX_SAFE_INTEGER, stats: newStats(), probe: true };
  for await (const r of sheetRows(zip, entry, setup, part)) if (r.cells.some((c) => c !== null)) return true;
  return false;
}

const newStats = (): SheetStats => ({ formulas: 0, firstFormula: '', noValue: 0, firstNoValue: '', errors: 0, firstError: '' });

/**
 * Parts that are XML but that we do not parse are still checked for a DOCTYPE: a file carrying
 * one is refused whole. Worksheets are checked when they are read (a sheet not chosen is never
 * parsed, so it cannot hurt).
 */
async function checkOtherParts(zip: Zip, skip: Set<string>): Promise<void> {
  for (const [key, e] of zip.entries) {
    if (skip.has(key) || !/\.(?:xml|rels|vml)$/.test(key)) continue;
    const stream = await openZipEntry(zip.fh, zip.size, e);
    for await (const _ of xmlText(stream, Number.MAX_SAFE_INTEGER)) {
      // reading is the check
    }
  }
}

export async function openXlsx(fh: FileHandle, size: number, limits: ReadLimits, sheetName: string | undefined, ext: string, warnings: Message[]): Promise<SheetSource> {
  const entries = await readZipDirectory(fh, size, limits);
  const zip: Zip = { fh, size, entries, limits, maxTextRun: limits.maxCellChars * 8 + 4096 };

  // The workbook part, from the package relationships (usually xl/workbook.xml).
  const rootRels = await readRels(zip, '');
  const officeDoc = [...rootRels.values()].find((r) => r.type.endsWith('/officeDocument'));
  const workbookPart = officeDoc?.target ?? 'xl/workbook.xml';
  if (!entryOf(zip, workbookPart)) throw new ImportFileError('error.import.file.notSpreadsheet', { ext });
  if (workbookPart.toLowerCase().endsWith('.bin')) throw new ImportFileError('error.import.file.xlsb');

  const wbRels = await readRels(zip, workbookPart);
  const wb = await readWorkbook(zip, workbookPart);
  const relOfType = (suffix: string) => [...wbRels.values()].find((r) => r.type.endsWith(suffix))?.target;
  const stylesPart = relOfType('/styles');
  const sstPart = relOfType('/sharedStrings');
  const sheets: SheetInfo[] = [];
  for (const s of wb.sheets) {
    const rel = wbRels.get(s.rid);
    if (rel && rel.type.endsWith('/worksheet') && entryOf(zip, rel.target)) sheets.push({ name: s.name, path: rel.target, hidden: s.hidden });
  }
  if (sheets.length === 0) throw new ImportFileError('error.import.file.emptyWorkbook');

  const worksheetParts = [...wbRels.values()].filter((r) => r.type.endsWith('/worksheet')).map((r) => r.target);
  const parsed = new Set([relsPathOf(''), relsPathOf(workbookPart), workbookPart, stylesPart, sstPart, ...worksheetParts].filter((p): p is string => !!p).map((p) => p.toLowerCase()));
  await checkOtherParts(zip, parsed);
  const numberStyles = await readNumberStyles(zip, stylesPart);

  let chosen: SheetInfo | undefined;
  if (sheetName !== undefined) {
    chosen = sheets.find((s) => s.name === sheetName) ?? sheets.find((s) => s.name.trim().toLowerCase() === sheetName.trim().toLowerCase());
    if (!chosen) throw new ImportFileError('error.import.file.sheetNotFound', { sheet: sheetName, sheetsItems: itemList(sheets.map((s) => s.name)) });
  } else {
    for (const s of [...sheets.filter((x) => !x.hidden), ...sheets.filter((x) => x.hidden)]) {
      if (await hasData(zip, entryOf(zip, s.path)!, s.path)) {
        chosen = s;
        break;
      }
    }
    if (!chosen) throw new ImportFileError('error.import.file.emptyWorkbook');
  }
  const entry = entryOf(zip, chosen.path)!;
  const merges = await scanSheet(zip, entry);
  const sst = await readSharedStrings(zip, sstPart);

  const stats = newStats();
  const setup: ParseSetup = { sst, numberStyles, date1904: wb.date1904, maxColumns: limits.maxColumns, stats, probe: false };
  let sheetStream: { produced?: number } | null = null;
  async function* rows(): AsyncGenerator<RawRow> {
    try {
      yield* sheetRows(zip, entry, setup, chosen!.path, (s) => (sheetStream = s));
    } finally {
      if (stats.formulas) warnings.push({ key: 'import.warn.formulaCachedValues', params: { count: stats.formulas, cell: stats.firstFormula } });
      if (stats.noValue) warnings.push({ key: 'import.warn.formulaNoCachedValue', params: { count: stats.noValue, cell: stats.firstNoValue } });
      if (stats.errors) warnings.push({ key: 'import.warn.errorCells', params: { count: stats.errors, cell: stats.firstError } });
    }
  }

  return {
    format: 'xlsx',
    sheets: sheets.map((s) => s.name),
    sheet: chosen.name,
    encoding: null,
    detectedEncoding: null,
    merges,
    rows: rows(),
    fraction: () => (entry.uncompressedSize > 0 ? (sheetStream?.produced ?? 0) / entry.uncompressedSize : 1),
  };
}
