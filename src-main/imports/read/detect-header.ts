import { toHalfWidth } from '../../../src-shared/lib/normalize';
import { cellText, isEmptyCell, looksNumeric } from './cells';
import type { MergeRange, RawCell, RawRow } from './types';

/**
 * Header detection and flattening (pure). Trading-system exports put title rows, an export
 * date, and sometimes a two-row header (a merged group cell such as 资产 over 总资产 | 市值 |
 * 资金余额) above the data; this module finds the header row and turns those rows into one
 * header text per column.
 */

/** How many non-empty rows from the top are searched for the header. */
export const HEADER_SEARCH_ROWS = 30;

/**
 * A header text as compared with the kinds' synonyms: trimmed, without any spaces (ASCII,
 * NBSP, the ideographic space), full-width folded to half-width, a trailing unit in brackets
 * dropped (`总资产(元)`, `总资产（万元）`, `市值[元]`, `金额【元】`), Latin lower-cased.
 */
export function normalizeHeader(s: string): string {
  return compactHeader(s).replace(UNIT_SUFFIX, '').toLowerCase();
}

/** A header trimmed of every space (ASCII, NBSP, the ideographic space) and folded to half-width. */
function compactHeader(s: string): string {
  return toHalfWidth(s).replace(/[\s\u00A0\u3000\u200B\uFEFF]+/g, '');
}

/** A trailing unit in brackets: `(元)`, `（元）` (folded to `(元)`), `[元]`, `【元】`, at most 10 characters inside (one group each). */
const UNIT_SUFFIX = /(?:\(([^()]{1,10})\)|\[([^[\]]{1,10})\]|【([^【】]{1,10})】)$/;

const YUAN_FACTORS: Readonly<Record<string, number>> = { 元: 1, rmb: 1, cny: 1, yuan: 1, 千元: 1e3, 千: 1e3, 万元: 1e4, 万: 1e4, 百万元: 1e6, 百万: 1e6, 亿元: 1e8, 亿: 1e8 };

/**
 * The unit an amount column's header names in trailing brackets (`总资产(万元)`, `市值【元】`): its
 * factor to yuan; `{ currency }` for another currency (`(美元)`, `(港元)`, `(HKD)`); null when the
 * header has no brackets or they hold something else (`(含两融)`).
 */
export function yuanFactor(header: string): number | { currency: string } | null {
  // A two-row header flattened (`资产(万元)/总资产`): the column's own unit, else its group's.
  const parts = compactHeader(header).split('/');
  for (let i = parts.length - 1; i >= 0; i--) {
    const m = UNIT_SUFFIX.exec(parts[i]!);
    if (!m) continue;
    // `(单位：元)`, `(金额单位:万元)`, `(折人民币元)`, `(人民币万元)`: the unit itself.
    const unit = (m[1] ?? m[2] ?? m[3]!).replace(/^(金额)?单位:?/, '').replace(/^折合?/, '').replace(/^人民币|人民币$/g, '') || '元';
    const f = YUAN_FACTORS[unit.toLowerCase()];
    if (f !== undefined) return f;
    if (/元$|^(usd|hkd|eur|jpy|gbp|us\$|hk\$|\$)$/i.test(unit)) return { currency: unit };
    // Brackets that name no unit (`(含两融)`): the group's may.
  }
  return null;
}

function headerCellText(c: RawCell): string {
  return cellText(c).replace(/[\r\n]+/g, ' ');
}

function nonEmptyCount(cells: readonly RawCell[]): number {
  let n = 0;
  for (const c of cells) if (!isEmptyCell(c)) n++;
  return n;
}

/** Distinct hints matched by the row's cells. */
function hintMatches(cells: readonly RawCell[], hints: ReadonlySet<string>): number {
  const seen = new Set<string>();
  for (const c of cells) {
    if (c === null || typeof c !== 'string') continue;
    const n = normalizeHeader(c);
    if (n !== '' && hints.has(n)) seen.add(n);
  }
  return seen.size;
}

function isTextRow(cells: readonly RawCell[]): boolean {
  let text = 0;
  for (const c of cells) {
    if (isEmptyCell(c)) continue;
    if (looksNumeric(c)) return false;
    text++;
  }
  return text >= 2;
}

export type HeaderDetection = {
  /** Index into the rows given. */
  index: number;
  /** Distinct hints the chosen row matched (0 when chosen by the fallbacks). */
  matched: number;
  /** True when neither rule applied and the first non-empty row was taken: say so to the user. */
  guessed: boolean;
};

/**
 * Picks the header among `rows` (the first non-empty rows of a sheet, at most
 * HEADER_SEARCH_ROWS): the row whose cells match the most distinct `hints` (normalised with
 * normalizeHeader), the earliest on a tie, if it matches at least 2; otherwise the first row with
 * at least 2 non-empty text cells and no number-, date- or ID-like cells; otherwise the first row.
 * Null when there are no rows.
 */
export function detectHeader(rows: readonly RawRow[], hints: readonly string[]): HeaderDetection | null {
  const candidates = rows.slice(0, HEADER_SEARCH_ROWS);
  if (candidates.length === 0) return null;
  const hintSet = new Set(hints.map(normalizeHeader).filter((h) => h !== ''));
  let best = -1;
  let bestScore = 1;
  if (hintSet.size > 0) {
    candidates.forEach((r, i) => {
      const score = hintMatches(r.cells, hintSet);
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    });
  }
  if (best >= 0) return { index: best, matched: bestScore, guessed: false };
  const text = candidates.findIndex((r) => isTextRow(r.cells));
  if (text >= 0) return { index: text, matched: 0, guessed: false };
  return { index: 0, matched: 0, guessed: true };
}

// ---------------------------------------------------------------------------------------------
// Merges and two-row headers

function mergeAt(merges: readonly MergeRange[], rowNo: number, col: number): MergeRange | undefined {
  return merges.find((m) => m.r1 <= rowNo && rowNo <= m.r2 && m.c1 <= col && col <= m.c2);
}

/** A row's texts with merged cells resolved: a cell covered by a merge shows the merge's top-left text. */
function resolvedTexts(row: RawRow, byNo: ReadonlyMap<number, RawRow>, merges: readonly MergeRange[], width: number): string[] {
  const out: string[] = [];
  for (let c = 0; c < width; c++) {
    const own = headerCellText(row.cells[c] ?? null);
    if (own !== '') {
      out.push(own);
      continue;
    }
    const m = mergeAt(merges, row.rowNo, c);
    out.push(m && (m.r1 !== row.rowNo || m.c1 !== c) ? headerCellText(byNo.get(m.r1)?.cells[m.c1] ?? null) : '');
  }
  return out;
}

function rowWidth(row: RawRow | undefined, merges: readonly MergeRange[]): number {
  if (!row) return 0;
  let w = 0;
  row.cells.forEach((c, i) => {
    if (!isEmptyCell(c)) w = i + 1;
  });
  for (const m of merges) if (m.r1 <= row.rowNo && row.rowNo <= m.r2 && m.c1 < w) w = Math.max(w, m.c2 + 1);
  return w;
}

/** Notes above a table that are no group headers: `单位：元`, `制表日期：2024-01-05`, `币种: 人民币`. */
const LABEL = /[:：]/;

/**
 * Whether `upper` (the row right above the header) groups the header's columns, as 资产 over
 * 总资产 | 市值 | 资金余额: it has only short text cells without labels (`单位：元`), and is not
 * a single title in the first column (a merged title row spans the whole width from column A).
 */
function isGroupRow(upper: RawRow, header: RawRow, merges: readonly MergeRange[]): boolean {
  const filled: number[] = [];
  for (let c = 0; c < upper.cells.length; c++) {
    const cell = upper.cells[c] ?? null;
    if (isEmptyCell(cell)) continue;
    if (looksNumeric(cell) || LABEL.test(headerCellText(cell))) return false;
    filled.push(c);
  }
  if (filled.length === 0) return false;
  const headerFirst = header.cells.findIndex((c) => !isEmptyCell(c));
  if (filled.length === 1 && filled[0]! <= Math.max(headerFirst, 0)) {
    // One cell at the left: a title, unless it is the top of a vertical merge into the header row
    // (资金账号 over an empty cell) — then it is a header in its own right.
    const m = mergeAt(merges, header.rowNo, filled[0]!);
    return m !== undefined && m.r1 === upper.rowNo && m.c2 === m.c1;
  }
  return true;
}

/**
 * The columns a group cell spans: its merge's columns when it anchors one, else from its column
 * to just before the next non-empty (or merged) cell of the same row, within `width`.
 */
function groupSpans(upper: RawRow, merges: readonly MergeRange[], width: number): { text: string; c1: number; c2: number; vertical: boolean }[] {
  const spans: { text: string; c1: number; c2: number; vertical: boolean }[] = [];
  const occupied = (c: number) => !isEmptyCell(upper.cells[c] ?? null) || mergeAt(merges, upper.rowNo, c) !== undefined;
  for (let c = 0; c < width; c++) {
    const cell = upper.cells[c] ?? null;
    if (isEmptyCell(cell)) continue;
    const m = merges.find((r) => r.r1 === upper.rowNo && r.c1 === c);
    if (m) {
      spans.push({ text: headerCellText(cell), c1: m.c1, c2: Math.min(m.c2, width - 1), vertical: m.r2 > m.r1 });
      continue;
    }
    let end = c;
    while (end + 1 < width && !occupied(end + 1)) end++;
    spans.push({ text: headerCellText(cell), c1: c, c2: end, vertical: false });
  }
  return spans;
}

/**
 * With a header row whose cells sit right below a group row (the group cell merged, or simply
 * followed by empty cells, over sub-headers), the sub-header row is the header: moves `index`
 * down by one when rows[index + 1] is directly below, has at least 2 text cells and no values,
 * and has text under a gap of rows[index] (an empty or merged-over cell).
 */
export function preferSubHeaderRow(rows: readonly RawRow[], index: number, merges: readonly MergeRange[]): number {
  const upper = rows[index];
  const lower = rows[index + 1];
  if (!upper || !lower || lower.rowNo !== upper.rowNo + 1 || !isTextRow(lower.cells)) return index;
  const width = Math.max(rowWidth(upper, merges), rowWidth(lower, merges));
  for (let c = 0; c < width; c++) {
    if (isEmptyCell(lower.cells[c] ?? null)) continue;
    const above = upper.cells[c] ?? null;
    const m = mergeAt(merges, upper.rowNo, c);
    const gap = isEmptyCell(above) ? true : m !== undefined && m.c2 > m.c1 && m.r2 === upper.rowNo;
    if (gap && isGroupRow(upper, lower, merges)) return index + 1;
  }
  return index;
}

export type BuiltHeader = {
  /** One text per column (empty for a column without a header). */
  headers: string[];
  /** The first row of the header: the group row of a two-row header, else the header row. */
  topRowNo: number;
};

/**
 * Header texts for rows[index]: a cell under a horizontal merge repeats the merge's text; with a
 * group row right above (see isGroupRow), a column with its own sub-header becomes
 * `group/sub` (资产/总资产), and an empty one takes the text above (a header merged over two rows).
 * `rows` are the sheet's non-empty rows from the top, in order.
 */
export function buildHeader(rows: readonly RawRow[], index: number, merges: readonly MergeRange[]): BuiltHeader {
  const header = rows[index]!;
  const byNo = new Map(rows.map((r) => [r.rowNo, r] as const));
  const upper = index > 0 && rows[index - 1]!.rowNo === header.rowNo - 1 ? rows[index - 1]! : undefined;
  const group = upper && isGroupRow(upper, header, merges) ? upper : undefined;
  const width = Math.max(rowWidth(header, merges), group ? rowWidth(group, merges) : 0);
  const texts = resolvedTexts(header, byNo, merges, width);
  if (!group) return { headers: texts, topRowNo: header.rowNo };

  const spans = groupSpans(group, merges, width);
  const headers = texts.map((own, c) => {
    const span = spans.find((s) => s.c1 <= c && c <= s.c2);
    if (!span) return own;
    const mergedFromAbove = (() => {
      const m = mergeAt(merges, header.rowNo, c);
      return m !== undefined && m.r1 < header.rowNo;
    })();
    if (own === '' || mergedFromAbove || span.vertical) return own === '' ? span.text : own;
    return own === span.text ? own : `${span.text}/${own}`;
  });
  return { headers, topRowNo: group.rowNo };
}
