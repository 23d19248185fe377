import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { fsyncAndRename } from '../lib/atomic-write';
import type { PartLedger } from '../files/part-files';
import ExcelJS from 'exceljs';
import { neutralise } from '../../src-shared/lib/formula-guard';

/**
 * A streaming table writer for exports and reports (issue 5): one sheet (or one CSV), a cover
 * row (who/when/filter) above a Chinese header row, typed cells, memory bounded whatever the
 * row count.
 *
 * Invariants:
 * * Nothing is ever written as a formula: every value becomes a number, a date, a boolean or
 *   text. Text that Excel (or LibreOffice, or Google Sheets) would read as the start of a
 *   formula (`= + - @`, tab, CR, LF) is neutralised with a leading `'` (OWASP "CSV
 *   injection"), in .xlsx and .csv alike, headers and cover included; an import reads it back
 *   without the `'` (src-shared/lib/formula-guard.ts).
 * * `text` columns are always text: IDs, phones and customer numbers keep their leading zeros
 *   and all 18 digits (a number column would lose them past 2^53).
 * * The file appears under its real name only when complete: rows go to `path + '.part'`,
 *   which `close()` fsyncs and renames; `abort()` (or a failure) removes it.
 * * Memory stays bounded: rows are committed as they come (exceljs's streaming writer, inline
 *   strings: shared strings would keep every distinct text in memory), and `add` waits when
 *   the zip/file streams fall behind.
 */
export type ColumnType = 'text' | 'int' | 'number' | 'money' | 'date' | 'datetime' | 'bool' | 'auto';
/**
 * `money`: integer fen in, yuan out (`#,##0.00`). `date`: `YYYY-MM-DD`. `datetime`: an ISO
 * instant, shown as Shanghai local time. `auto` (for reports that echo cells read from a
 * file, such as the import error report): a number stays a number, a boolean a boolean, a
 * Date a date-time, anything else text.
 */
export type TableColumn = { header: string; type: ColumnType; width?: number };
export type TableWriter = {
  /** One data row, cells in column order; null/undefined/'' leave the cell empty. */
  add(row: readonly unknown[]): Promise<void>;
  /** Finish, fsync and rename the part file to the real name. */
  close(): Promise<void>;
  /** Stop and remove the part file; the real name is never touched. Safe to call twice. */
  abort(): Promise<void>;
};
export type TableFormat = 'xlsx' | 'csv';
export type TableWriterOptions = {
  sheetName: string;
  cover: string | null;
  columns: readonly TableColumn[];
  /** Where the part file is noted while it exists, so that a process killed mid-write has it removed at the next start (files/part-files.ts). */
  parts?: PartLedger;
};

/** Rows looked at to size the columns (they are held back until then, then written). */
export const WIDTH_SAMPLE_ROWS = 200;
const MIN_WIDTH = 6;
const MAX_WIDTH = 60;
/** Asia/Shanghai has kept UTC+8 without daylight saving since 1991. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
/**
 * Flow control: when more than HIGH is queued ahead of the file (deflate's input, the file
 * stream), `add` waits until it is below LOW. Resuming at a low mark rather than at empty keeps
 * deflate (a libuv thread) busy while the next rows are turned into XML.
 */
const HIGH_WATER_BYTES = 8 * 1024 * 1024;
const LOW_WATER_BYTES = 2 * 1024 * 1024;
/** Rows between two looks at the queues (a look costs more than a row). */
const CHECK_EVERY_ROWS = 128;
const PART_SUFFIX = '.part';


/** Excel's sheet names: at most 31 characters, none of `[]:*?/\`, not empty. */
function safeSheetName(name: string): string {
  const cleaned = name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31).trim();
  return cleaned || 'Sheet1';
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A cell after typing: what both formats write. */
type Cell =
  | { k: 'empty' }
  | { k: 'text'; v: string }
  | { k: 'num'; v: number }
  | { k: 'money'; fen: number }
  | { k: 'date'; y: number; m: number; d: number }
  | { k: 'datetime'; local: Date }
  | { k: 'bool'; v: boolean };

const EMPTY: Cell = { k: 'empty' };

function textOf(value: unknown): Cell {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? EMPTY : { k: 'text', v: value.toISOString() };
  const s = typeof value === 'string' ? value : String(value);
  return s === '' ? EMPTY : { k: 'text', v: neutralise(s) };
}

function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  return null;
}

/**
 * Types one value for its column. A value that does not fit its column's type (a programming
 * slip, or odd data) is written as text rather than dropped or failing a million-row export.
 */
function typeCell(value: unknown, type: ColumnType): Cell {
  if (value === null || value === undefined || value === '') return EMPTY;
  switch (type) {
    case 'text':
      return textOf(value);
    case 'int':
    case 'number': {
      const n = numberOf(value);
      return n === null ? textOf(value) : { k: 'num', v: n };
    }
    case 'money': {
      const n = numberOf(value);
      return n === null || !Number.isSafeInteger(n) ? textOf(value) : { k: 'money', fen: n };
    }
    case 'date': {
      const m = typeof value === 'string' ? DATE_RE.exec(value) : null;
      if (!m) return textOf(value);
      const y = Number(m[1]);
      const mo = Number(m[2]);
      const d = Number(m[3]);
      const check = new Date(Date.UTC(y, mo - 1, d));
      if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return textOf(value);
      return { k: 'date', y, m: mo, d };
    }
    case 'datetime': {
      // A bare date in a datetime column is a date, not midnight UTC.
      if (typeof value === 'string' && DATE_RE.test(value)) return typeCell(value, 'date');
      const ms = typeof value === 'string' ? Date.parse(value) : value instanceof Date ? value.getTime() : NaN;
      return Number.isNaN(ms) ? textOf(value) : { k: 'datetime', local: new Date(ms + SHANGHAI_OFFSET_MS) };
    }
    case 'bool':
      return typeof value === 'boolean' ? { k: 'bool', v: value } : textOf(value);
    case 'auto':
      if (typeof value === 'number' || typeof value === 'bigint') return typeCell(value, 'number');
      if (typeof value === 'boolean') return { k: 'bool', v: value };
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? EMPTY : { k: 'datetime', local: value };
      return textOf(value);
  }
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

function dateText(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

function datetimeText(local: Date): string {
  return (
    `${dateText(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate())} ` +
    `${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:${pad2(local.getUTCSeconds())}`
  );
}

/** Integer fen to `1234.56` (no float rounding: fen are split, not divided). */
export function fenToPlainYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${pad2(abs % 100)}`;
}

/** The cell as the user reads it: what the width estimate and CSV use. */
function cellText(c: Cell): string {
  switch (c.k) {
    case 'empty':
      return '';
    case 'text':
      return c.v;
    case 'num':
      return String(c.v);
    case 'money':
      return fenToPlainYuan(c.fen);
    case 'date':
      return dateText(c.y, c.m, c.d);
    case 'datetime':
      return datetimeText(c.local);
    case 'bool':
      return c.v ? 'TRUE' : 'FALSE';
  }
}

/** Display width in Excel's units (a `0`): CJK and other wide characters count double. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    w +=
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      cp >= 0x20000
        ? 2
        : 1;
  }
  return w;
}

function estimateWidth(header: string, type: ColumnType, sample: readonly Cell[]): number {
  let w = displayWidth(header);
  for (const c of sample) {
    // Money shows thousands separators: 1,234,567.89 is 3 wider than 1234567.89.
    const text = cellText(c);
    const extra = c.k === 'money' ? Math.floor((text.replace('-', '').length - 4) / 3) : 0;
    w = Math.max(w, displayWidth(text) + Math.max(0, extra));
  }
  if (type === 'date') w = Math.max(w, 10);
  if (type === 'datetime') w = Math.max(w, 19);
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w + 2));
}

/** The number format a column's cells get in .xlsx (also the bench's bare baseline). */
export function numFmtOf(type: ColumnType): string | undefined {
  switch (type) {
    case 'text':
      return '@';
    case 'money':
      return '#,##0.00';
    case 'date':
      return 'yyyy-mm-dd';
    case 'datetime':
      return 'yyyy-mm-dd hh:mm:ss';
    default:
      return undefined;
  }
}

/** What exceljs writes for a typed cell: never a formula object. */
function excelValue(c: Cell): ExcelJS.CellValue {
  switch (c.k) {
    case 'empty':
      return null;
    case 'text':
      return c.v;
    case 'num':
      return c.v;
    case 'money':
      return c.fen / 100;
    case 'date':
      // exceljs turns a Date into a serial from its UTC fields.
      return new Date(Date.UTC(c.y, c.m - 1, c.d));
    case 'datetime':
      return c.local;
    case 'bool':
      return c.v;
  }
}

/**
 * The hot path: the common, well-typed values straight to what is written, without the
 * intermediate typed cell (the same result as `excelValue(typeCell(…))`, which handles the rest).
 */
function excelFast(value: unknown, type: ColumnType): ExcelJS.CellValue {
  if (value === null || value === undefined || value === '') return null;
  if (type === 'text' && typeof value === 'string') return neutralise(value);
  if (type === 'money' && typeof value === 'number' && Number.isSafeInteger(value)) return value / 100;
  if ((type === 'int' || type === 'number') && typeof value === 'number' && Number.isFinite(value)) return value;
  return excelValue(typeCell(value, type));
}

function csvFast(value: unknown, type: ColumnType): string {
  if (value === null || value === undefined || value === '') return '';
  if (type === 'text' && typeof value === 'string') return csvField(neutralise(value));
  const c = typeCell(value, type);
  return c.k === 'text' ? csvField(c.v) : cellText(c);
}

/** RFC 4180: quote a field that holds a comma, a quote, CR or LF; double the quotes. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function waitClosed(stream: WriteStream): Promise<void> {
  if (stream.closed) return Promise.resolve();
  return new Promise((resolve) => stream.once('close', () => resolve()));
}

/** Shared part: typing, the held-back width sample, state and cleanup. */
abstract class BaseWriter implements TableWriter {
  protected state: 'open' | 'closed' | 'aborted' = 'open';
  /** The first rows, held back (copied) until the column widths are known. */
  protected sample: unknown[][] | null = [];
  protected failure: Error | null = null;
  protected readonly file: WriteStream;

  constructor(
    protected readonly path: string,
    protected readonly opts: TableWriterOptions,
  ) {
    opts.parts?.opened(path + PART_SUFFIX);
    // 0o600: exports hold personal data; only the user who wrote them reads them.
    this.file = createWriteStream(path + PART_SUFFIX, { flags: 'w', mode: 0o600 });
    this.file.on('error', (e) => {
      this.failure ??= e;
    });
  }

  /** Resolves once the part file is open; rejects when it cannot be created. */
  ready(): Promise<void> {
    if (this.file.pending === false) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.file.once('ready', () => resolve());
      this.file.once('error', reject);
    });
  }

  protected abstract start(widths: number[]): void;
  protected abstract writeRow(row: readonly unknown[]): void;
  /** Bytes buffered ahead of the file. */
  /** Bytes queued ahead of the file, not yet written. */
  protected abstract queuedBytes(): number;
  private sinceCheck = 0;
  protected abstract finish(): Promise<void>;
  protected abstract stop(): void;

  private flushSample(): void {
    const sample = this.sample;
    if (!sample) return;
    this.sample = null;
    const widths = this.opts.columns.map((c, i) => c.width ?? estimateWidth(c.header, c.type, sample.map((r) => typeCell(r[i], c.type))));
    this.start(widths);
    for (const row of sample) this.writeRow(row);
  }

  async add(row: readonly unknown[]): Promise<void> {
    if (this.state !== 'open') throw new Error(`table writer is ${this.state}`);
    if (this.failure) throw this.failure;
    if (this.sample) {
      this.sample.push(row.slice());
      if (this.sample.length >= WIDTH_SAMPLE_ROWS) this.flushSample();
      return;
    }
    this.writeRow(row);
    if (++this.sinceCheck >= CHECK_EVERY_ROWS) {
      this.sinceCheck = 0;
      if (this.queuedBytes() > HIGH_WATER_BYTES) await this.belowLowWater();
    }
    if (this.failure) throw this.failure;
  }

  /**
   * Polls rather than waiting for 'drain' (which fires only when a queue is empty, and which
   * exceljs's inner streams do not all emit). Gives up after 10 s: the next check waits again,
   * so a stalled stream slows the export down rather than hanging it.
   */
  private async belowLowWater(): Promise<void> {
    const until = Date.now() + 10_000;
    while (this.queuedBytes() > LOW_WATER_BYTES && !this.failure && Date.now() < until) await sleep(2);
  }

  async close(): Promise<void> {
    if (this.state !== 'open') throw new Error(`table writer is ${this.state}`);
    try {
      this.flushSample();
      await this.finish();
      if (this.failure) throw this.failure;
      this.state = 'closed';
      await fsyncAndRename(this.path + PART_SUFFIX, this.path);
      this.opts.parts?.gone(this.path + PART_SUFFIX);
    } catch (e) {
      this.state = 'open';
      await this.abort();
      throw e;
    }
  }

  async abort(): Promise<void> {
    if (this.state === 'aborted') return;
    const wasOpen = this.state === 'open';
    this.state = 'aborted';
    if (wasOpen) {
      this.stop();
      this.file.destroy();
      await waitClosed(this.file);
    }
    await rm(this.path + PART_SUFFIX, { force: true });
    this.opts.parts?.gone(this.path + PART_SUFFIX);
  }
}

class CsvWriter extends BaseWriter {
  private buf = '';

  protected start(): void {
    // The BOM makes Excel read UTF-8 (without it, Chinese comes out as GBK mojibake).
    let head = '\uFEFF';
    if (this.opts.cover !== null) head += csvField(neutralise(this.opts.cover)) + '\r\n';
    head += this.opts.columns.map((c) => csvField(neutralise(c.header))).join(',') + '\r\n';
    this.buf = head;
  }

  protected writeRow(row: readonly unknown[]): void {
    const cols = this.opts.columns;
    let line = '';
    for (let i = 0; i < cols.length; i++) {
      if (i > 0) line += ',';
      line += csvFast(row[i], cols[i]!.type);
    }
    this.buf += line + '\r\n';
    if (this.buf.length > 64 * 1024) this.flushBuf();
  }

  private flushBuf(): void {
    if (this.buf) this.file.write(this.buf, 'utf8');
    this.buf = '';
  }

  protected queuedBytes(): number {
    return this.file.writableLength;
  }

  protected finish(): Promise<void> {
    this.flushBuf();
    return new Promise((resolve, reject) => {
      this.file.end((e?: Error | null) => (e ? reject(e) : resolve()));
    });
  }

  protected stop(): void {
    this.buf = '';
  }
}

/** exceljs's sheet stream (a StreamBuf) and what it pipes into (archiver's readable-stream PassThrough). */
type PipeLike = NodeJS.WritableStream & { writableLength?: number; _writableState?: { length?: number } };
type StreamBufLike = { pipes?: PipeLike[] };

function bufferedBytes(s: PipeLike): number {
  // readable-stream 2 (archiver's) has no `writableLength`; its state holds the same number.
  return s.writableLength ?? s._writableState?.length ?? 0;
}

class XlsxWriter extends BaseWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;
  private readonly headerRow: number;
  /**
   * One style object per column, shared by all its cells. exceljs resolves a cell's style id
   * through a WeakMap keyed by the style object, so a shared object costs one lookup; the
   * fresh object every cell otherwise gets (column style merged into `{}`) is serialised and
   * matched again for every cell (measured: 17% of a 200,000-row export).
   */
  private readonly cellStyles: Partial<ExcelJS.Style>[];

  constructor(path: string, opts: TableWriterOptions) {
    super(path, opts);
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: this.file,
      useSharedStrings: false,
      useStyles: true,
    });
    this.headerRow = opts.cover !== null ? 2 : 1;
    this.cellStyles = opts.columns.map((c) => {
      const numFmt = numFmtOf(c.type);
      return numFmt ? { numFmt } : {};
    });
    // Views are written when the sheet opens, so the frozen header is decided here.
    this.sheet = this.workbook.addWorksheet(safeSheetName(opts.sheetName), {
      views: [{ state: 'frozen', xSplit: 0, ySplit: this.headerRow, topLeftCell: `A${this.headerRow + 1}` }],
    });
  }

  protected start(widths: number[]): void {
    const { columns, cover } = this.opts;
    // Widths and per-column number formats go into <cols>, written before the first row.
    columns.forEach((c, i) => {
      const col = this.sheet.getColumn(i + 1);
      col.width = widths[i]!;
      const fmt = numFmtOf(c.type);
      if (fmt) col.numFmt = fmt;
    });
    if (cover !== null) {
      const row = this.sheet.addRow([neutralise(cover)]);
      row.getCell(1).numFmt = '@';
      row.getCell(1).font = { italic: true, color: { argb: 'FF555555' } };
      // Merged across the table so the text reads as a title, not as column A's content.
      if (columns.length > 1) this.sheet.mergeCells(1, 1, 1, columns.length);
      row.commit();
    }
    const header = this.sheet.addRow(columns.map((c) => neutralise(c.header)));
    header.font = { bold: true };
    header.eachCell((cell) => {
      cell.numFmt = '@';
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
    });
    header.commit();
  }

  protected writeRow(row: readonly unknown[]): void {
    const cols = this.opts.columns;
    const values: ExcelJS.CellValue[] = new Array<ExcelJS.CellValue>(cols.length);
    for (let i = 0; i < cols.length; i++) values[i] = excelFast(row[i], cols[i]!.type);
    const written = this.sheet.addRow(values);
    const styles = this.cellStyles;
    for (let i = 0; i < styles.length; i++) written.getCell(i + 1).style = styles[i]!;
    written.commit();
  }

  protected queuedBytes(): number {
    // exceljs pushes committed rows into the zip's deflate stream without waiting for it; if
    // rows come faster than deflate runs, that stream's buffer is where memory grows
    // (measured: without flow control, 300,000 rows of 12 cells left 140 MB of XML queued).
    const sheetStream = (this.sheet as unknown as { stream?: StreamBufLike }).stream;
    let bytes = this.file.writableLength;
    for (const pipe of sheetStream?.pipes ?? []) bytes += bufferedBytes(pipe);
    return bytes;
  }

  protected async finish(): Promise<void> {
    // Commits the sheet, then writes styles, workbook and content types, and ends the zip.
    await this.workbook.commit();
  }

  protected stop(): void {
    const zip = (this.workbook as unknown as { zip?: { abort?: () => void } }).zip;
    try {
      zip?.abort?.();
    } catch {
      // Already failed or finished: the part file is removed below either way.
    }
  }
}

/**
 * Opens a writer on `path + '.part'`. Format by argument (the caller decides from the
 * extension). `cover`: one line above the header (who, when, which filter), or null.
 */
export async function openTableWriter(path: string, format: TableFormat, opts: TableWriterOptions): Promise<TableWriter> {
  if (opts.columns.length === 0) throw new Error('a table needs at least one column');
  const w = format === 'xlsx' ? new XlsxWriter(path, opts) : new CsvWriter(path, opts);
  // Surface an unwritable path (missing folder, no permission) here, not at the first row.
  try {
    await w.ready();
  } catch (e) {
    await w.abort();
    throw e;
  }
  return w;
}
