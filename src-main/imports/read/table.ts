import type { FileFormat, Message } from '../../../src-shared/imports/imports.contract';
import { cellText, columnLetter, isEmptyCell } from './cells';
import { buildHeader, detectHeader, HEADER_SEARCH_ROWS, preferSubHeaderRow } from './detect-header';
import { ImportFileError, type MergeRange, type OpenedTable, type RawCell, type RawRow, type ReadLimits } from './types';

/**
 * From a reader's raw rows to an OpenedTable: the header found (or given), title rows above it
 * skipped, blank and totals rows skipped, merged data cells filled, caps enforced on every row.
 * The format readers (xlsx.ts, xls.ts, csv.ts) only turn bytes into rows.
 */

/** What a format reader hands over: every row it finds, in order, with its 1-based row number. */
export type SheetSource = {
  format: FileFormat;
  sheets: string[];
  sheet: string | null;
  encoding: 'utf8' | 'gb18030' | null;
  detectedEncoding: 'utf8' | 'gb18030' | null;
  merges: MergeRange[];
  rows: AsyncGenerator<RawRow>;
  /** Fraction of the data read so far, 0 to 1. */
  fraction(): number;
};

/** A row whose cells are all empty or whitespace. */
export function isBlankRow(cells: readonly RawCell[]): boolean {
  for (const c of cells) if (!isEmptyCell(c)) return false;
  return true;
}

const TOTAL_WORDS = new Set(['合计', '总计', '小计', '总和', '共计', 'total', 'sum', 'grandtotal', 'subtotal']);

/** A totals row: its first non-empty cell is text such as 合计, 合 计：, 总计, 小计, Total, Sum: (a colon allowed). */
export function isTotalsRow(cells: readonly RawCell[]): boolean {
  for (const c of cells) {
    if (isEmptyCell(c)) continue;
    if (typeof c !== 'string') return false;
    const t = cellText(c).replace(/\s+/g, '').replace(/[:：]$/, '').toLowerCase();
    return TOTAL_WORDS.has(t);
  }
  return false;
}

/** Caps every row must respect, wherever it is in the sheet. */
function checkRow(row: RawRow, limits: ReadLimits): void {
  const cells = row.cells;
  if (cells.length > limits.maxColumns) throw new ImportFileError('error.import.file.tooManyColumns', { row: row.rowNo, max: limits.maxColumns });
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (typeof c === 'string' && c.length > limits.maxCellChars) {
      throw new ImportFileError('error.import.file.cellTooLong', { row: row.rowNo, column: columnLetter(i), max: limits.maxCellChars });
    }
  }
}

const MAX_ROWS_LISTED = 5;

export type BuildTableInput = {
  source: SheetSource;
  limits: ReadLimits;
  headerRow: number | undefined;
  headerHints: readonly string[];
  warnings: Message[];
  /** Releases the file; called once, when rows() ends or close() is called. */
  release: () => Promise<void>;
};

export async function buildTable(input: BuildTableInput): Promise<OpenedTable> {
  const { source, limits, warnings } = input;
  const it = source.rows;
  let released = false;
  const close = async () => {
    if (released) return;
    released = true;
    try {
      await it.return(undefined);
    } finally {
      await input.release();
    }
  };

  try {
    // 1. Read the top of the sheet: enough non-empty rows to find the header.
    const top: RawRow[] = [];
    let ended = false;
    const wanted = () => (input.headerRow !== undefined ? (top.at(-1)?.rowNo ?? 0) >= input.headerRow : top.length > HEADER_SEARCH_ROWS);
    while (!wanted()) {
      const n = await it.next();
      if (n.done) {
        ended = true;
        break;
      }
      checkRow(n.value, limits);
      if (!isBlankRow(n.value.cells)) top.push(n.value);
    }
    if (top.length === 0) {
      throw source.sheet === null ? new ImportFileError('error.import.file.emptyCsv') : new ImportFileError('error.import.file.emptySheet', { sheet: source.sheet });
    }

    let index: number;
    if (input.headerRow !== undefined) {
      index = top.findIndex((r) => r.rowNo === input.headerRow);
      if (index < 0) throw new ImportFileError('error.import.file.headerRowEmpty', { row: input.headerRow });
    } else {
      const found = detectHeader(top.slice(0, HEADER_SEARCH_ROWS), input.headerHints)!;
      index = preferSubHeaderRow(top, found.index, source.merges);
      if (found.guessed) warnings.push({ key: 'import.warn.headerGuessed', params: { row: top[index]!.rowNo } });
    }
    const header = buildHeader(top, index, source.merges);
    const headerRowNo = top[index]!.rowNo;
    const titleRows = top.filter((r) => r.rowNo < header.topRowNo).length;
    if (titleRows > 0) warnings.push({ key: 'import.warn.titleRowsSkipped', params: { count: titleRows } });

    // 2. The data rows: those already read below the header, then the rest of the sheet.
    const pending = top.slice(index + 1);
    const data = dataRows(pending, ended ? null : it, headerRowNo, source.merges, limits, warnings);
    const first = await data.next();
    if (first.done) throw new ImportFileError('error.import.file.noDataRows', { row: headerRowNo });

    let started = false;
    return {
      format: source.format,
      sheets: source.sheets,
      sheet: source.sheet,
      encoding: source.encoding,
      detectedEncoding: source.detectedEncoding,
      headerRow: headerRowNo,
      headers: header.headers,
      warnings,
      rows(): AsyncIterable<RawRow> {
        if (started) throw new Error('OpenedTable.rows() can be iterated once');
        started = true;
        return (async function* () {
          try {
            yield first.value;
            yield* data;
          } finally {
            await data.return(undefined);
            await close();
          }
        })();
      },
      close,
      progress: () => Math.max(0, Math.min(1, source.fraction())),
    };
  } catch (err) {
    await close();
    throw err;
  }
}

async function* dataRows(
  pending: RawRow[],
  rest: AsyncGenerator<RawRow> | null,
  headerRowNo: number,
  merges: readonly MergeRange[],
  limits: ReadLimits,
  warnings: Message[],
): AsyncGenerator<RawRow> {
  const totals: number[] = [];
  let filled = 0;
  let count = 0;
  // Merged ranges wholly below the header fill their cells with the top-left value, as Excel shows them.
  const below = merges.filter((m) => m.r1 > headerRowNo);
  let nextMerge = 0;
  let active: { m: MergeRange; value: RawCell }[] = [];

  function* process(row: RawRow): Generator<RawRow> {
    if (isBlankRow(row.cells)) return;
    if (isTotalsRow(row.cells)) {
      totals.push(row.rowNo);
      return;
    }
    if (below.length) {
      active = active.filter((a) => a.m.r2 >= row.rowNo);
      while (nextMerge < below.length && below[nextMerge]!.r1 <= row.rowNo) {
        const m = below[nextMerge++]!;
        if (m.r2 >= row.rowNo) active.push({ m, value: m.r1 === row.rowNo ? (row.cells[m.c1] ?? null) : null });
      }
      for (const { m, value } of active) {
        if (value === null) continue;
        for (let c = m.c1; c <= m.c2; c++) {
          if (row.rowNo === m.r1 && c === m.c1) continue;
          if (isEmptyCell(row.cells[c] ?? null)) {
            while (row.cells.length <= c) row.cells.push(null);
            row.cells[c] = value;
            filled++;
          }
        }
      }
    }
    if (++count > limits.maxRows) throw new ImportFileError('error.import.file.tooManyRows', { max: limits.maxRows });
    yield row;
  }

  try {
    for (const row of pending) yield* process(row);
    if (rest) {
      for await (const row of rest) {
        checkRow(row, limits);
        yield* process(row);
      }
    }
  } finally {
    if (totals.length) warnings.push({ key: 'import.warn.totalsRowsSkipped', params: { count: totals.length, rows: totals.slice(0, MAX_ROWS_LISTED).join(', ') } });
    if (filled) warnings.push({ key: 'import.warn.mergedCellsFilled', params: { count: filled } });
  }
}
