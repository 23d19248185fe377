/**
 * Normalisation of what people and spreadsheets type (domain.md "Key data"): full-width
 * ASCII to half-width, the ideographic space to a space, the many middle dots of minority
 * and foreign names to one (·, U+00B7).
 */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

export function normalizeName(s: string): string {
  return toHalfWidth(s)
    .replace(/[\u2022\u2027\u30FB\uFF65\u16EB\u2219\u22C5]/g, '\u00B7')
    .replace(/\s+/g, ' ')
    .trim();
}

/** ID numbers and codes: half-width, no spaces, upper-case (the check character may be `x`). */
export function normalizeIdNumber(s: string): string {
  return toHalfWidth(s).replace(/[\s-]/g, '').toUpperCase();
}

/** Mainland mobile numbers: drop spaces, dashes and a +86 / 0086 prefix. */
export function normalizePhone(s: string): string {
  let p = toHalfWidth(s).replace(/[\s\-()]/g, '');
  if (p.startsWith('+86')) p = p.slice(3);
  else if (p.startsWith('0086')) p = p.slice(4);
  return p;
}

export function isMainlandMobile(p: string): boolean {
  return /^1[3-9]\d{9}$/.test(p);
}
