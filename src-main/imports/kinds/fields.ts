import type { z } from 'zod';
import { zhCN } from '../../../src-shared/i18n/zh-CN';
import { en } from '../../../src-shared/i18n/en';
import { keyList } from '../../../src-shared/i18n/catalogues';
import { LONG_TERM_EXPIRY, customerFieldShape, zEmail, zPhone } from '../../../src-shared/customers/customer-fields';
import { normalizeIdNumber, normalizePhone, toHalfWidth } from '../../../src-shared/lib/normalize';
import { cellText, idNumberCell, parseDate, parseDecimal, parseMoneyFen, parseMonth, type CellResult } from '../read/cells';
import type { RawCell } from '../read/types';
import type { Parsed } from './types';

/**
 * Field parsers: the file-reading layer's cell helpers (read/cells.ts: numbers with thousands
 * separators and full-width digits, Excel dates, ID numbers Excel turned into numbers) and the
 * customer module's zod validators (customer-fields.ts: the same normalisation and rules as the
 * customer form), so a value entered by hand and a value imported are checked alike.
 *
 * Every parser maps an empty cell to null; whether a field may be empty is the kind's business.
 */

export const isEmpty = (c: RawCell): boolean => c === null || (typeof c === 'string' && c.trim() === '');

type Parser<T> = (c: RawCell) => Parsed<T>;

const ok = <T>(value: T | null): Parsed<T> => ({ ok: true, value });
const bad = <T>(key: string, params?: Record<string, string | number>): Parsed<T> => ({ ok: false, key, ...(params ? { params } : {}) });

/** Wrap a parser so an empty cell is null before it runs. */
const nullable =
  <T>(p: (c: Exclude<RawCell, null>) => Parsed<T>): Parser<T> =>
  (c) =>
    isEmpty(c) ? ok<T>(null) : p(c as Exclude<RawCell, null>);

/** The first issue's catalogue key of a failed zod parse (the validators' messages are keys). */
function zodValue<T>(schema: z.ZodType<T>, input: unknown): Parsed<T> {
  const r = schema.safeParse(input);
  if (r.success) return ok(r.data);
  const message = r.error.issues[0]?.message ?? 'validation.invalid_value';
  return bad(message.startsWith('validation.') || message.startsWith('error.') ? message : 'validation.invalid_value');
}

function fromCell<T>(r: CellResult<T>): Parsed<T> {
  return r.ok ? ok(r.value) : bad(r.key, r.params);
}

export const text = (max: number): Parser<string> =>
  nullable((c) => {
    const s = cellText(c);
    if (s === '') return ok<string>(null);
    return s.length > max ? bad('error.import.value.tooLong', { max }) : ok(s);
  });

/** Any zod string validator of the customer form, fed the cell's text. */
export const viaZod = <T>(schema: z.ZodType<T>): Parser<T> =>
  nullable((c) => {
    const s = cellText(c);
    return s === '' ? ok<T>(null) : zodValue(schema, s);
  });

/**
 * A masked value (`110***********1234`, `138****5678`: what this app's masked exports write) is
 * not data but a reference to what is stored: a parser that accepts it returns it tagged, and
 * the customers target keeps the stored value when the mask fits it (so an exported list
 * re-imports as an update without touching ID numbers or phones), and refuses it otherwise.
 */
const MASK_TAG = '\u0000masked\u0000';
export const isMasked = (v: unknown): v is string => typeof v === 'string' && v.startsWith(MASK_TAG);
/** Does the mask (tagged) fit the stored value: same length, the same characters where not masked? */
export function maskFits(v: string, stored: string | null): boolean {
  const m = v.slice(MASK_TAG.length);
  if (stored === null || m.length !== stored.length) return false;
  for (let i = 0; i < m.length; i++) if (m[i] !== '*' && m[i] !== stored[i]) return false;
  return true;
}
const maskable =
  <T>(p: Parser<T>, normalize: (s: string) => string): Parser<T | string> =>
  (c) => {
    if (typeof c === 'string' && c.includes('*')) {
      const s = normalize(cellText(c));
      return /^[0-9A-Z*]+$/.test(s) ? ok<string>(MASK_TAG + s) : bad('error.import.value.masked');
    }
    return p(c);
  };

export const personName: Parser<string> = viaZod(customerFieldShape.name);
export const phone: Parser<string> = viaZod(zPhone);
export const email: Parser<string> = viaZod(zEmail);
export const address = viaZod(customerFieldShape.address);

/**
 * A number cell holding a code of at least `minDigits` digits that has fewer: Excel took the
 * code for a number and dropped its leading zeros (Shenzhen stock and fund codes: 000651 → 651).
 */
export const leadingZerosLost = (c: RawCell, minDigits: number): boolean => typeof c === 'number' && Number.isSafeInteger(c) && c >= 0 && String(c).length < minDigits;

/**
 * What Excel did to a code in this cell, if anything: a number cell is fine while it is a whole
 * number Excel could hold exactly (15 significant digits: a 16-digit number cell has lost its last
 * ones already) and, for a code of at least `minDigits` digits, while it still has them
 * (`leadingZerosLost`); text in scientific notation (`1.1E+17`) is a number Excel showed so.
 */
export function codeDamage(c: RawCell, minDigits = 0): 'error.import.value.digitsLost' | 'error.import.value.leadingZeros' | null {
  if (typeof c === 'number') {
    if (!Number.isSafeInteger(c) || c < 0 || c >= 1e15) return 'error.import.value.digitsLost';
    return leadingZerosLost(c, minDigits) ? 'error.import.value.leadingZeros' : null;
  }
  return /^\d(\.\d+)?E\+\d+$/i.test(normalizeIdNumber(cellText(c))) ? 'error.import.value.digitsLost' : null;
}

/** Codes made of digits (customer numbers, capital accounts, product codes), refused where Excel damaged them (`codeDamage`). */
export const code = (pattern: RegExp, key: string, minDigits = 0): Parser<string> =>
  nullable((c) => {
    const damage = codeDamage(c, minDigits);
    if (damage) return bad(damage);
    const s = typeof c === 'number' ? String(c) : normalizeIdNumber(cellText(c));
    if (s === '') return ok<string>(null);
    return pattern.test(s) ? ok(s) : bad(key);
  });

export const customerNo = code(/^\d{6,20}$/, 'validation.customerNo');
export const accountNo = code(/^\d{6,20}$/, 'validation.accountNo');
/** Exchange product codes have six digits (fund and stock codes); a shorter number cell lost its zeros. */
export const PRODUCT_CODE_DIGITS = 6;
export const productCode = code(/^[0-9A-Z.]{1,20}$/, 'error.import.value.productCode', PRODUCT_CODE_DIGITS);

/** ID numbers are text: a number cell has lost digits already (read/cells.ts idNumberCell refuses it). */
export const idNumber: Parser<string> = nullable((c) => {
  const r = fromCell(idNumberCell(c));
  if (!r.ok || r.value === null) return r;
  const s = normalizeIdNumber(r.value);
  if (s === '') return ok<string>(null);
  return s.length > 30 ? bad('error.import.value.tooLong', { max: 30 }) : ok(s);
});

/** ID numbers and phones of customers, which a masked export writes masked. */
export const maskableIdNumber = maskable(idNumber, normalizeIdNumber);
export const maskablePhone = maskable(phone, (s) => normalizePhone(s));

export const date: Parser<string> = nullable((c) => fromCell(parseDate(c)));
export const month: Parser<string> = nullable((c) => fromCell(parseMonth(c)));
/** A percentage where an amount or a quantity belongs (`12.5%`): refused rather than read as 0.125. */
export const isPercent = (c: RawCell): boolean => typeof c === 'string' && /[%\uFF05]\s*$/.test(c);
/** An amount in fen; a percentage is refused (`12.5%` is not an amount). May be negative (a cash overdraft, a commission refund). */
export const money: Parser<number> = nullable((c) => (isPercent(c) ? bad('error.import.value.percent') : fromCell(parseMoneyFen(c))));
export const decimal: Parser<number> = nullable((c) => fromCell(parseDecimal(c)));

/** `p`, with a value below zero refused: `-500` or `(500)`. */
const nonNegative =
  (p: Parser<number>): Parser<number> =>
  (c) => {
    const r = p(c);
    return r.ok && r.value !== null && r.value < 0 ? bad('error.import.value.negative') : r;
  };
/** An amount that cannot be below zero (total assets, market value, trading volume). */
export const nonNegativeMoney: Parser<number> = nonNegative(money);
/** A quantity that cannot be below zero (units held); a percentage is refused, as for money. */
export const nonNegativeDecimal: Parser<number> = nonNegative(nullable((c) => (isPercent(c) ? bad('error.import.value.percent') : decimal(c))));

const LONG_TERM = new Set(['长期', '长期有效', '永久', '永久有效', '终身', 'longterm', 'permanent']);
/** Excel's serial of 9999-12-31 (the 1900 system). */
const SERIAL_9999_12_31 = 2_958_465;
/**
 * 9999-12-31 as trading systems (and this app's own export: LONG_TERM_EXPIRY) write a
 * long-term document's expiry: a Date cell, 99991231, its serial, or text in any date spelling.
 */
function isLongTermDate(c: Exclude<RawCell, null>): boolean {
  if (c instanceof Date) return c.getUTCFullYear() === 9999 && c.getUTCMonth() === 11 && c.getUTCDate() === 31;
  if (typeof c === 'number') return c === 99_991_231 || Math.floor(c) === SERIAL_9999_12_31;
  return normLabel(cellText(c)).replace(/[-/.年月日]/g, '') === '99991231';
}
/** ID document expiry: a date, or 长期 (a long-term document). */
export const idExpiry: Parser<string> = nullable((c) => {
  if (typeof c === 'string' && LONG_TERM.has(normLabel(c))) return ok(LONG_TERM_EXPIRY);
  if (isLongTermDate(c)) return ok(LONG_TERM_EXPIRY);
  return fromCell(parseDate(c));
});

/** Labels compare without spaces, half-width, lower-case. */
export function normLabel(s: string): string {
  return toHalfWidth(s).replace(/\s+/g, '').toLowerCase();
}

/**
 * An enum read by its code, its label in either catalogue (`prefix + code`), or extra words
 * trading systems use. Unknown text names the accepted labels.
 */
export function enumOf<T extends string>(values: readonly T[], prefix: string | null, extra: Record<string, T> = {}): Parser<T> {
  const map = new Map<string, T>();
  const cat = [zhCN, en] as Record<string, string>[];
  for (const v of values) {
    map.set(normLabel(v), v);
    if (prefix) for (const c of cat) if (c[prefix + v]) map.set(normLabel(c[prefix + v]!), v);
  }
  for (const [k, v] of Object.entries(extra)) map.set(normLabel(k), v);
  const accepted: Record<string, string> = prefix ? { acceptedKeys: keyList(values.map((v) => prefix + v)) } : { accepted: values.join(', ') };
  return nullable((c) => {
    const s = normLabel(cellText(c));
    if (s === '') return ok<T>(null);
    const hit = map.get(s) ?? map.get(s.replace(/[(（][^)）]*[)）]$/, ''));
    return hit ? ok(hit) : bad('error.import.value.notInList', accepted);
  });
}

const YES = new Set(['是', '1', 'y', 'yes', 'true', '√', '✓', '主要', '是的']);
const NO = new Set(['否', '0', 'n', 'no', 'false', '×', '不是']);
export const bool: Parser<boolean> = nullable((c) => {
  if (typeof c === 'boolean') return ok(c);
  const s = normLabel(cellText(c));
  if (YES.has(s)) return ok(true);
  if (NO.has(s)) return ok(false);
  return s === '' ? ok<boolean>(null) : bad('error.import.value.yesNo');
});

/** A list of enum values separated by 、，,;；/ or spaces. */
export function listOf<T extends string>(item: Parser<T>): Parser<T[]> {
  return nullable((c) => {
    const parts = cellText(c)
      .split(/[、，,;；/|\s]+/)
      .filter((p) => p !== '');
    const out: T[] = [];
    for (const p of parts) {
      const r = item(p);
      if (!r.ok) return r;
      if (r.value !== null && !out.includes(r.value)) out.push(r.value);
    }
    return ok(out);
  });
}

/** Risk tolerance: `C3`, `C3 平衡型`, `C3（平衡型）` or just `平衡型`. */
export const riskLevel: Parser<'C1' | 'C2' | 'C3' | 'C4' | 'C5'> = (() => {
  const byLabel = enumOf(['C1', 'C2', 'C3', 'C4', 'C5'] as const, 'riskLevel.', {
    保守型: 'C1',
    稳健型: 'C2',
    谨慎型: 'C2',
    平衡型: 'C3',
    稳健成长型: 'C3',
    积极型: 'C4',
    成长型: 'C4',
    激进型: 'C5',
    进取型: 'C5',
  });
  return nullable((c) => {
    const m = /^c([1-5])(?:\b|[^0-9])/i.exec(normLabel(cellText(c)) + ' ');
    return m ? ok(`C${m[1]}` as 'C1') : byLabel(c);
  });
})();
