import type { FileFormat } from '../../../src-shared/imports/imports.contract';
import type { Message } from '../../../src-shared/imports/imports.contract';

/**
 * The file-reading layer's interface (src-main/imports/read/): what the import engine sees of
 * a file, whatever its format. Readers never evaluate formulas, never write to the file, and
 * refuse unsafe files (size caps, zip bombs, XML entities, encrypted/password files, a format
 * that is not what the extension says) with an `ImportFileError` carrying a catalogue key.
 */

/**
 * A cell as read: text, a number, a JS Date (xlsx/xls date cells), a boolean, or empty.
 * A Date carries the wall-clock value Excel shows in its UTC fields (`Date.UTC(y, m - 1, d, h, mi, s)`),
 * so it means the same date in every time zone: read it with the helpers in cells.ts (parseDate).
 * CSV cells are always text (or null for an empty field).
 */
export type RawCell = string | number | boolean | Date | null;

/** One data row: its 1-based row number in the sheet/file (as Excel shows it) and its cells by column index. */
export type RawRow = { rowNo: number; cells: RawCell[] };

export type ReadOptions = {
  /** CSV only: 'auto' detects UTF-8 (BOM or valid) vs GB18030. */
  encoding: 'auto' | 'utf8' | 'gb18030';
  /** Sheet name (xlsx/xls); omitted: the first sheet that has data. */
  sheet?: string | undefined;
  /** 1-based header row; omitted: detected (see detectHeader). */
  headerRow?: number | undefined;
  /** Caps (defaults in limits.ts). */
  limits?: Partial<ReadLimits>;
};

export type ReadLimits = {
  /** Bytes of the file itself. */
  maxFileBytes: number;
  /** Sum of the uncompressed sizes of an xlsx's zip entries. */
  maxUncompressedBytes: number;
  /** Largest compression ratio of any zip entry (zip bombs). */
  maxCompressionRatio: number;
  /** Data rows. */
  maxRows: number;
  /** Characters in one cell. */
  maxCellChars: number;
  /** Columns. */
  maxColumns: number;
};

/** A merged cell range: rows 1-based (as Excel shows them), columns 0-based, both ends inclusive. */
export type MergeRange = { r1: number; c1: number; r2: number; c2: number };

/** An opened table: what inspect shows, then a stream of the data rows below the header. */
export type OpenedTable = {
  format: FileFormat;
  sheets: string[];
  sheet: string | null;
  /** CSV: the encoding used and what detection found. */
  encoding: 'utf8' | 'gb18030' | null;
  detectedEncoding: 'utf8' | 'gb18030' | null;
  /** 1-based. */
  headerRow: number;
  /** Header texts by column index, merged header cells and two-row headers flattened ("资产/总资产"). */
  headers: string[];
  /**
   * File-level warnings (formulas found and their cached values used, title rows skipped, …).
   * Those found while streaming (formulas, error cells, totals rows, merged data cells) are
   * appended when rows() reaches the end: read this array after iterating.
   */
  warnings: Message[];
  /**
   * The data rows after the header, in order, with blank rows and a trailing totals row
   * (合计/总计/小计/Total) skipped. Streams: memory stays bounded whatever the row count.
   * Throws ImportFileError when a cap is exceeded mid-file.
   */
  rows(): AsyncIterable<RawRow>;
  /**
   * How much of the file rows() has read, 0 to 1 (bytes of the sheet inflated or of the CSV
   * read; rows of an .xls): for a progress bar's time-left estimate before the row count is known.
   */
  progress?(): number;
  /** Release file handles (readers must also clean up when iteration ends early). */
  close(): Promise<void>;
};

/** A refused file. `key` is a catalogue key (error.import.file.*), `params` its interpolation. */
export class ImportFileError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
    this.name = 'ImportFileError';
  }
}
