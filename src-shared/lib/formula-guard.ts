/**
 * OWASP "CSV injection": a text cell that a spreadsheet (Excel, WPS, LibreOffice) could take for
 * the start of a formula is written with a leading `'`, and read back without it. Exports write
 * (`neutralise`), imports read (`unneutralise`), so a list exported and imported again compares
 * equal to what is stored.
 */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\n']);

export function neutralise(text: string): string {
  return text.length > 0 && FORMULA_START.has(text[0]!) ? `'${text}` : text;
}

/** The text an export neutralised: `'` before a formula's first character taken off. */
export function unneutralise(text: string): string {
  return text.length > 1 && text[0] === "'" && FORMULA_START.has(text[1]!) ? text.slice(1) : text;
}
