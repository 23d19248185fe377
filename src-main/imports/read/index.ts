import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Message } from '../../../src-shared/imports/imports.contract';
import { openCsv, SNIFF_BYTES } from './csv';
import { resolveLimits, toMb } from './limits';
import { EXTENSIONS, sniff } from './sniff';
import { buildTable, type SheetSource } from './table';
import { ImportFileError, type OpenedTable, type ReadOptions } from './types';
import { classifyCfb, openXls } from './xls';
import { openXlsx } from './xlsx';

/**
 * The file-reading layer (issue 5): one entry, `openTable`, for .xlsx, .xls and CSV.
 *
 * The real format is decided by the file's first bytes, not its name: an .xls renamed .xlsx is
 * read as .xls (with a warning that the extension was wrong); a password-protected workbook,
 * a web page saved as .xls, a PDF, a zip bomb, or XML carrying a DOCTYPE is refused with an
 * ImportFileError whose key says which. The file is opened read-only and never written.
 */
export { ImportFileError } from './types';
export type { MergeRange, OpenedTable, RawCell, RawRow, ReadLimits, ReadOptions } from './types';
export { DEFAULT_READ_LIMITS } from './limits';
export { normalizeHeader, detectHeader } from './detect-header';
export * from './cells';

/**
 * Opens `path` and finds its header. `headerHints` are the header texts the import kind
 * expects (every synonym of every field); they pick the header row among title rows. The
 * returned table streams its rows once (`rows()`); its file handle is released when that
 * iteration ends (also early, by `break` or an exception) or by `close()`.
 * Throws ImportFileError (`error.import.file.*`) for a refused file.
 */
export async function openTable(path: string, opts: ReadOptions, headerHints: readonly string[]): Promise<OpenedTable> {
  const limits = resolveLimits(opts.limits);
  const st = await stat(path);
  if (!st.isFile()) throw new ImportFileError('error.import.file.notSpreadsheet', { ext: '' });
  if (st.size === 0) throw new ImportFileError('error.import.file.empty');
  if (st.size > limits.maxFileBytes) throw new ImportFileError('error.import.file.tooLarge', { sizeMb: toMb(st.size), maxMb: toMb(limits.maxFileBytes) });

  const ext = extname(path).slice(1).toLowerCase();
  const warnings: Message[] = [];
  const fh = await open(path, 'r');
  let closed = false;
  const release = async () => {
    if (closed) return;
    closed = true;
    await fh.close();
  };

  try {
    const headLen = Math.min(st.size, SNIFF_BYTES);
    const head = Buffer.alloc(headLen);
    const { bytesRead } = await fh.read(head, 0, headLen, 0);
    const sniffed = sniff(head.subarray(0, bytesRead));
    const mismatch = (actual: keyof typeof EXTENSIONS) => {
      if (!EXTENSIONS[actual].includes(ext)) warnings.push({ key: 'import.warn.extensionMismatch', params: { ext: ext || '-', actual } });
    };

    let source: SheetSource;
    switch (sniffed) {
      case 'zip':
        mismatch('xlsx');
        source = await openXlsx(fh, st.size, limits, opts.sheet, ext, warnings);
        break;
      case 'cfb': {
        const buf = await fh.readFile();
        const kind = classifyCfb(buf);
        if (kind === 'encrypted') throw new ImportFileError('error.import.file.passwordProtected');
        if (kind === 'other') throw new ImportFileError('error.import.file.notSpreadsheet', { ext: ext || '-' });
        mismatch('xls');
        source = openXls(buf, limits, opts.sheet, warnings);
        // Parsed whole: the file is no longer needed.
        await release();
        break;
      }
      case 'text':
        mismatch('csv');
        source = await openCsv(fh, head.subarray(0, bytesRead), st.size, limits, opts.encoding);
        break;
      case 'utf16':
        throw new ImportFileError('error.import.file.utf16');
      case 'markup':
        throw new ImportFileError('error.import.file.markupDisguised', { ext: ext || '-' });
      case 'binary':
        throw new ImportFileError('error.import.file.notSpreadsheet', { ext: ext || '-' });
    }
    return await buildTable({ source, limits, headerRow: opts.headerRow, headerHints, warnings, release });
  } catch (err) {
    await release();
    throw err;
  }
}
