import { normalizeIdNumber, toHalfWidth } from '../../../src-shared/lib/normalize';
import { unneutralise } from '../../../src-shared/lib/formula-guard';
import type { RawCell } from './types';

/**
 * Cell helpers: how every imported field turns a raw cell (text, number, Date, boolean or
 * empty) into a value, whatever the file format. Pure; the import engine calls them per field.
 *
 * Conventions:
 * * An empty cell (null, or text that is only whitespace) is `{ ok: true, value: null }`:
 *   whether a field may be empty is the kind's schema's business, not the parser's.
 * * A Date cell carries the wall-clock value Excel shows in its UTC fields (readers build it
 *   with `Date.UTC`, as SheetJS does with `cellDates`), so `2024-01-05` is the same date
 *   whatever the machine's time zone.
 * * A failure names a catalogue key (`error.import.cell.*`); the engine adds the row and the
 *   column. Messages never echo the cell's value (it may be personal data).
 */
export type CellResult<T> = { ok: true; value: T | null } | { ok: false; key: string; params?: Record<string, string | number> };

const ok = <T>(value: T | null): CellResult<T> => ({ ok: true, value });
const fail = <T>(key: string, params?: Record<string, string | number>): CellResult<T> => (params ? { ok: false, key, params } : { ok: false, key });

/** NBSP, narrow NBSP, figure space, zero-width characters and the BOM, which Excel users paste in from web pages. */
const ODD_SPACES = /[\u00A0\u2007\u202F\u2000-\u200A]/g;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;

/** True when the cell holds nothing: null, or text that is empty after trimming. */
export function isEmptyCell(c: RawCell): boolean {
  if (c === null) return true;
  if (typeof c === 'string') return cleanText(c) === '';
  return false;
}

function cleanText(s: string): string {
  // A cell our export neutralised (`'=…`, `'@…`) reads as the text it stood for.
  return unneutralise(toHalfWidth(s.replace(ZERO_WIDTH, '').replace(ODD_SPACES, ' ')).trim());
}

/**
 * The cell as text, the way a person reads it: trimmed, full-width ASCII folded to half-width,
 * NBSP and the ideographic space as spaces; numbers with at most 15 significant digits (what
 * Excel shows, without binary noise like 0.30000000000000004), dates as `YYYY-MM-DD`
 * (`YYYY-MM-DD HH:mm:ss` when they carry a time), booleans as TRUE/FALSE.
 */
export function cellText(c: RawCell): string {
  if (c === null) return '';
  if (typeof c === 'string') return cleanText(c);
  if (typeof c === 'number') return formatNumber(c);
  if (typeof c === 'boolean') return c ? 'TRUE' : 'FALSE';
  if (Number.isNaN(c.getTime())) return '';
  const date = isoDate(c);
  const h = c.getUTCHours();
  const m = c.getUTCMinutes();
  const s = c.getUTCSeconds();
  return h || m || s ? `${date} ${pad2(h)}:${pad2(m)}:${pad2(s)}` : date;
}

/** A number as Excel would display it in a General cell: 15 significant digits, no exponent below 1e21. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n === 0) return '0';
  const d = decimalFromNumber(n);
  return decimalToString(d);
}

// ---------------------------------------------------------------------------------------------
// Decimals, kept as digits and a power of ten so that money converts to fen exactly.

/** value = (neg ? -1 : 1) × digits × 10^exp; `digits` has no leading zeros (or is "0"). */
type Decimal = { neg: boolean; digits: string; exp: number };

function normalizeDecimal(neg: boolean, digits: string, exp: number): Decimal {
  let d = digits.replace(/^0+/, '');
  if (d === '') return { neg: false, digits: '0', exp: 0 };
  // Trailing zeros into the exponent keep the representation canonical.
  const m = /0+$/.exec(d);
  if (m) {
    exp += m[0].length;
    d = d.slice(0, d.length - m[0].length);
  }
  return { neg, digits: d, exp };
}

function decimalFromNumber(n: number): Decimal {
  // toPrecision(15) is what Excel keeps; it gives "d.ddd…e±x" or a plain form.
  const s = Math.abs(n).toPrecision(15);
  const [mant, e] = s.split('e') as [string, string | undefined];
  const [i, f = ''] = mant.split('.') as [string, string | undefined];
  return normalizeDecimal(n < 0, i + f, (e ? Number(e) : 0) - f.length);
}

function decimalToString(d: Decimal): string {
  if (d.digits === '0') return '0';
  let body: string;
  if (d.exp >= 0) body = d.digits + '0'.repeat(d.exp);
  else {
    const point = d.digits.length + d.exp;
    body = point > 0 ? `${d.digits.slice(0, point)}.${d.digits.slice(point)}` : `0.${'0'.repeat(-point)}${d.digits}`;
  }
  return (d.neg ? '-' : '') + body;
}

function decimalToNumber(d: Decimal): number {
  return Number(`${d.neg ? '-' : ''}${d.digits}e${d.exp}`);
}

const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;
const PLAIN = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
const SCIENTIFIC = /^(\d+)(?:\.(\d*))?e([+-]?\d{1,3})$/i;

/** Text such as `1,234.50`, `¥1,234.5`, `1234元`, `(123)`, `-1.5e3`, `12.5%` as a decimal; null when it is not a number. */
function decimalFromText(raw: string): Decimal | null {
  let s = cleanText(raw)
    .replace(/[\u2212\u2012\u2013\uFE63]/g, '-') // minus signs that are not '-'
    .replace(/\uFFE5/g, '¥') // full-width yen (outside the FF01–FF5E range toHalfWidth folds)
    .replace(/\s+/g, '');
  if (s === '') return null;
  let neg = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    neg = true;
    s = s.slice(1, -1);
  }
  if (s.startsWith('-')) {
    if (neg) return null;
    neg = true;
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  s = s.replace(/^(?:¥|RMB|CNY)/i, '').replace(/(?:元|RMB|CNY)$/i, '');
  // A currency sign before the minus: ¥-12.00
  if (!neg && s.startsWith('-')) {
    neg = true;
    s = s.slice(1);
  }
  let percent = false;
  if (s.endsWith('%')) {
    percent = true;
    s = s.slice(0, -1);
  }
  let d: Decimal;
  const sci = SCIENTIFIC.exec(s);
  if (sci) {
    const f = sci[2] ?? '';
    d = normalizeDecimal(neg, sci[1]! + f, Number(sci[3]) - f.length);
  } else {
    if (GROUPED.test(s)) s = s.replace(/,/g, '');
    else if (!PLAIN.test(s)) return null;
    const [i = '', f = ''] = s.split('.');
    d = normalizeDecimal(neg, i + f, -f.length);
  }
  if (percent) d = d.digits === '0' ? d : { ...d, exp: d.exp - 2 };
  return d;
}

function decimalOf(c: RawCell): Decimal | null | 'empty' {
  if (isEmptyCell(c)) return 'empty';
  if (typeof c === 'number') return Number.isFinite(c) ? decimalFromNumber(c) : null;
  if (typeof c === 'string') return decimalFromText(c);
  return null;
}

/**
 * A number from a number cell, or from text written the ways people and trading systems write
 * numbers: thousands separators (`1,234.50`), full-width digits, `¥`/`￥`/`元`/`RMB` around it,
 * `(123)` or `-123` for negatives, a trailing `%`, scientific notation.
 */
export function parseDecimal(c: RawCell): CellResult<number> {
  const d = decimalOf(c);
  if (d === 'empty') return ok(null);
  if (d === null) return fail('error.import.cell.notNumber');
  const n = decimalToNumber(d);
  return Number.isFinite(n) ? ok(n) : fail('error.import.cell.notNumber');
}

/** A whole number (counts, quantities); `12.0` is fine, `12.5` is not. */
export function parseInteger(c: RawCell): CellResult<number> {
  const r = parseDecimal(c);
  if (!r.ok || r.value === null) return r;
  if (!Number.isSafeInteger(r.value)) return fail('error.import.cell.notInteger');
  return r;
}

/**
 * An amount of money in integer fen (domain.md). Rounded half away from zero at the fen
 * (四舍五入: a computed 1234.565 becomes 123457); refused only when the amount cannot be held
 * exactly as an integer (beyond ±90 trillion yuan).
 */
export function parseMoneyFen(c: RawCell): CellResult<number> {
  const d = decimalOf(c);
  if (d === 'empty') return ok(null);
  if (d === null) return fail('error.import.cell.notNumber');
  if (d.digits === '0') return ok(0);
  const shift = d.exp + 2;
  let fen: bigint;
  if (shift >= 0) {
    if (d.digits.length + shift > 20) return fail('error.import.cell.moneyOutOfRange');
    fen = BigInt(d.digits + '0'.repeat(shift));
  } else {
    const keep = d.digits.length + shift; // digits left of the fen point
    const head = keep > 0 ? d.digits.slice(0, keep) : '0';
    const firstDropped = keep >= 0 ? d.digits[keep] ?? '0' : '0';
    if (head.length > 20) return fail('error.import.cell.moneyOutOfRange');
    fen = BigInt(head) + (firstDropped >= '5' ? 1n : 0n);
  }
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) return fail('error.import.cell.moneyOutOfRange');
  const n = Number(fen);
  return ok(d.neg && n !== 0 ? -n : n);
}

// ---------------------------------------------------------------------------------------------
// Dates

const pad2 = (n: number) => String(n).padStart(2, '0');

function isoDate(d: Date): string {
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** Dates we accept: a birth date in 1900 to a product's maturity in 2199. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2199;
/** Excel serials of 1900-01-01 and 2199-12-31 (1900 date system). */
const MAX_SERIAL = 109_574;

function validYmd(y: number, m: number, d: number): boolean {
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const DAY_MS = 86_400_000;
/** 1899-12-30: serial 0 in Excel's 1900 system once the fake 1900-02-29 (serial 60) is behind. */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/**
 * An Excel serial date-time as a Date (wall clock in the UTC fields), rounded to the second.
 * The 1900 system counts the non-existent 1900-02-29 as serial 60 (Lotus 1-2-3's bug): serials
 * below 60 are one day later than a plain count from 1899-12-30, and 60 itself is no date (null).
 */
export function excelSerialToDate(serial: number, date1904 = false): Date | null {
  if (!Number.isFinite(serial) || serial < 0) return null;
  if (date1904) return new Date(EPOCH_1904 + Math.round(serial * 86_400) * 1000);
  if (serial >= 60 && serial < 61) return null;
  const adjusted = serial < 60 ? serial + 1 : serial;
  return new Date(EPOCH_1900 + Math.round(adjusted * 86_400) * 1000);
}

function dateFromSerial(n: number): CellResult<string> {
  if (n >= 60 && n < 61) return fail('error.import.cell.invalidDate');
  if (n < 1 || n >= MAX_SERIAL + 1) return fail('error.import.cell.notDate');
  const d = excelSerialToDate(Math.floor(n));
  return d ? ok(isoDate(d)) : fail('error.import.cell.notDate');
}

function ymd(y: number, m: number, d: number): CellResult<string> {
  if (y < MIN_YEAR || y > MAX_YEAR) return fail('error.import.cell.notDate');
  return validYmd(y, m, d) ? ok(`${y}-${pad2(m)}-${pad2(d)}`) : fail('error.import.cell.invalidDate');
}

const TIME_OF_DAY = String.raw`\d{1,2}[:：时]\d{1,2}(?:[:：分]\d{1,2}(?:\.\d+)?秒?)?`;
const DATE_SEP = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]+${TIME_OF_DAY})?$`);
const DATE_CN = new RegExp(String.raw`^(\d{4})年(\d{1,2})月(\d{1,2})日?(?:\s*${TIME_OF_DAY})?$`);
const DATE_COMPACT = new RegExp(String.raw`^(\d{4})(\d{2})(\d{2})(?:[ T]+${TIME_OF_DAY})?$`);
const SERIAL_TEXT = /^\d{5}(?:\.\d+)?$/;

function dateFromText(s: string): CellResult<string> {
  const t = cleanText(s);
  let m = DATE_SEP.exec(t);
  if (m) return ymd(Number(m[1]), Number(m[3]), Number(m[4]));
  m = DATE_CN.exec(t.replace(/\s*([年月日])\s*/g, '$1'));
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = DATE_COMPACT.exec(t);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  if (SERIAL_TEXT.test(t)) return dateFromSerial(Number(t));
  return fail('error.import.cell.notDate');
}

/**
 * A date as `YYYY-MM-DD`: a Date cell; an Excel serial number (1900 system) between 1900 and
 * 2199, or an 8-digit number like 20240105; text `2024-01-05`, `2024/1/5`, `2024.1.5`,
 * `20240105`, `2024年1月5日`, each optionally followed by a time (dropped). A date that does not
 * exist (2024-02-30, serial 60 = Excel's fake 1900-02-29) is `error.import.cell.invalidDate`.
 */
export function parseDate(c: RawCell): CellResult<string> {
  if (isEmptyCell(c)) return ok(null);
  if (c instanceof Date) {
    if (Number.isNaN(c.getTime())) return fail('error.import.cell.notDate');
    const y = c.getUTCFullYear();
    return y >= MIN_YEAR && y <= MAX_YEAR ? ok(isoDate(c)) : fail('error.import.cell.notDate');
  }
  if (typeof c === 'number') {
    if (Number.isInteger(c) && c >= 10_000_000 && c <= 99_999_999) return ymd(Math.floor(c / 10_000), Math.floor(c / 100) % 100, c % 100);
    return dateFromSerial(c);
  }
  if (typeof c === 'string') return dateFromText(c);
  return fail('error.import.cell.notDate');
}

const MONTH_SEP = /^(\d{4})[-/.](\d{1,2})$/;
const MONTH_CN = /^(\d{4})年(\d{1,2})月?$/;
const MONTH_COMPACT = /^(\d{4})(\d{2})$/;

function ym(y: number, m: number): CellResult<string> {
  return y >= MIN_YEAR && y <= MAX_YEAR && m >= 1 && m <= 12 ? ok(`${y}-${pad2(m)}`) : fail('error.import.cell.notMonth');
}

/** The serial of 1990-01-01: a month number cell below it is no date of trading (a month alone, `12`, is serial 12: 1900-01-12). */
const FIRST_TRADING_SERIAL = 32_874;

/**
 * A month typed as `2024.05` that Excel stored as the number 2024.05. `2024.1` is refused: it
 * was typed `2024.1` or `2024.10`, and Excel kept the same number for both.
 */
function monthFromDecimal(c: number): CellResult<string> {
  const m = /^(\d{4})\.(\d{1,2})$/.exec(String(c));
  if (!m) return fail('error.import.cell.notMonth');
  if (m[2] === '1') return fail('error.import.cell.monthAmbiguous', { year: m[1]! });
  return ym(Number(m[1]), Number(m[2]));
}

/**
 * A month as `YYYY-MM`: text `2024-01`, `2024/1`, `2024.1`, `202401`, `2024年1月`; a number
 * 202401 or 2024.05; or any date (cell, serial from 1990 on, or text), of which the month is kept.
 */
export function parseMonth(c: RawCell): CellResult<string> {
  if (isEmptyCell(c)) return ok(null);
  if (typeof c === 'number') {
    if (Number.isInteger(c) && c >= 100_000 && c <= 999_999) return ym(Math.floor(c / 100), c % 100);
    if (!Number.isInteger(c)) return monthFromDecimal(c);
    if (c < FIRST_TRADING_SERIAL) return fail('error.import.cell.notMonth');
  }
  if (typeof c === 'string') {
    const t = cleanText(c).replace(/\s+/g, '');
    const m = MONTH_SEP.exec(t) ?? MONTH_CN.exec(t) ?? MONTH_COMPACT.exec(t);
    if (m) return ym(Number(m[1]), Number(m[2]));
  }
  const d = parseDate(c);
  if (d.ok) return ok(d.value === null ? null : d.value.slice(0, 7));
  return d.key === 'error.import.cell.invalidDate' ? d : fail('error.import.cell.notMonth');
}

// ---------------------------------------------------------------------------------------------
// ID numbers

const SCIENTIFIC_TEXT = /^[+-]?\d+(?:\.\d+)?e[+-]?\d+$/i;

/**
 * An ID number as text (half-width, no spaces, upper-case X). A number cell is refused: an
 * 18-digit ID exceeds 2^53 and Excel keeps 15 significant digits, so the last digits are already
 * gone (110101199003071234 becomes 110101199003071000); so is text in scientific notation
 * (`1.10101E+17`), which is what such a cell shows once saved as CSV. The check digit itself is
 * the field validator's business (src-shared/lib/id-number.ts).
 */
export function idNumberCell(c: RawCell): CellResult<string> {
  if (isEmptyCell(c)) return ok(null);
  if (typeof c === 'number') return fail('error.import.cell.idAsNumber');
  if (typeof c !== 'string') return fail('error.import.cell.notText');
  const t = cleanText(c);
  if (SCIENTIFIC_TEXT.test(t.replace(/\s+/g, ''))) return fail('error.import.cell.idAsNumber');
  return ok(normalizeIdNumber(t));
}

// ---------------------------------------------------------------------------------------------

/** 0-based column index → Excel letters (0 → A, 26 → AA). */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** True when the cell looks like a value rather than a column title: a number, date or boolean, or text that parses as a number or a date. */
export function looksNumeric(c: RawCell): boolean {
  if (c === null) return false;
  if (typeof c !== 'string') return true;
  const t = cleanText(c);
  if (t === '') return false;
  if (decimalFromText(t) !== null) return true;
  if (/^\d[\d\s\-/.:年月日]*$/.test(t)) return true;
  return /^\d{17}[\dXx]$/.test(t);
}

/** The width a number format of zeros only (`000000000`) pads an integer to; 0 for any other format. */
export function zeroPadWidth(format: string): number {
  const f = format.trim();
  return /^0{2,}$/.test(f) ? f.length : 0;
}

/**
 * A number cell as its sheet shows it under a zero-padding format: a code whose leading zeros
 * the format keeps (`000123456`), as text. Past 15 digits Excel has already lost digits, so the
 * number stays a number and is refused as such; a fraction or a negative is no code.
 */
export function zeroPadded(num: number, width: number): RawCell {
  return width > 0 && Number.isInteger(num) && num >= 0 && num < 1e15 ? String(num).padStart(width, '0') : num;
}
