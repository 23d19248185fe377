/**
 * What a file really is, from its first bytes (never from its extension): a zip (an .xlsx), an
 * OLE compound file (an .xls, or an encrypted .xlsx), text (CSV), or something we cannot read.
 */
export type Sniffed = 'zip' | 'cfb' | 'text' | 'utf16' | 'markup' | 'binary';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06];
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** Formats people pick by mistake: PDF, PNG, GIF, JPEG, RAR, 7z, gzip. */
const OTHER_MAGIC = [[0x25, 0x50, 0x44, 0x46], [0x89, 0x50, 0x4e, 0x47], [0x47, 0x49, 0x46, 0x38], [0xff, 0xd8, 0xff], [0x52, 0x61, 0x72, 0x21], [0x37, 0x7a, 0xbc, 0xaf], [0x1f, 0x8b]];

const startsWith = (buf: Buffer, sig: readonly number[]) => sig.every((b, i) => buf[i] === b);

export function sniff(head: Buffer): Sniffed {
  if (startsWith(head, ZIP) || startsWith(head, ZIP_EMPTY)) return 'zip';
  if (startsWith(head, CFB)) return 'cfb';
  if (OTHER_MAGIC.some((m) => startsWith(head, m))) return 'binary';
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return 'utf16';
  let control = 0;
  for (const b of head) {
    if (b === 0) return 'binary';
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  if (control > head.length / 100) return 'binary';
  // Web pages and Excel 2003 XML saved with an .xls name: trading systems emit both.
  const start = head.subarray(0, 4096).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  if (start.startsWith('<') && /<html|<table|<\?xml|<!doctype|urn:schemas-microsoft-com:office/.test(start)) return 'markup';
  return 'text';
}

/** Extensions that say what each real format is. */
export const EXTENSIONS: Record<'xlsx' | 'xls' | 'csv', readonly string[]> = {
  xlsx: ['xlsx', 'xlsm', 'xltx', 'xltm'],
  xls: ['xls', 'xlt'],
  csv: ['csv', 'txt', 'tsv'],
};
