import type { FileHandle } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { FileRangeStream } from './file-range';
import type { SheetSource } from './table';
import { ImportFileError, type RawRow, type ReadLimits } from './types';

/**
 * CSV (and tab- or semicolon-separated text) in UTF-8 or GB18030, streamed: file → decoder →
 * csv-parse. GB18030 is a superset of GBK and GB2312, which is what Excel on a Chinese Windows
 * writes for "CSV"; iconv-lite decodes it (Node's TextDecoder('gbk') loses four-byte characters).
 */

export type CsvEncoding = 'utf8' | 'gb18030';

/** How much of the file is looked at to choose the encoding and the delimiter. */
export const SNIFF_BYTES = 64 * 1024;

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Strict UTF-8 check of a prefix that may end in the middle of a character. */
function isValidUtf8Prefix(buf: Buffer, truncated: boolean): boolean {
  let end = buf.length;
  if (truncated) {
    // Drop an incomplete sequence at the cut: back up over continuation bytes to a lead byte.
    let i = end - 1;
    let cont = 0;
    while (i >= 0 && cont < 3 && (buf[i]! & 0xc0) === 0x80) {
      i--;
      cont++;
    }
    if (i >= 0) {
      const lead = buf[i]!;
      const need = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
      if (need > cont) end = i;
    }
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/** UTF-8 when the file starts with a BOM or its first 64 KB are valid UTF-8; otherwise GB18030. */
export function detectEncoding(head: Buffer, truncated: boolean): CsvEncoding {
  if (head.subarray(0, 3).equals(BOM)) return 'utf8';
  return isValidUtf8Prefix(head, truncated) ? 'utf8' : 'gb18030';
}

export function decodeHead(head: Buffer, encoding: CsvEncoding): string {
  const body = head.subarray(0, 3).equals(BOM) ? head.subarray(3) : head;
  return encoding === 'utf8' ? new TextDecoder('utf-8').decode(body) : iconv.decode(body, 'gb18030');
}

const DELIMITERS = [',', '\t', ';'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** Delimiters outside double quotes, per line, for the first lines of the text. */
function countPerLine(text: string, maxLines: number): Map<Delimiter, number[]> {
  const counts = new Map<Delimiter, number[]>(DELIMITERS.map((d) => [d, []]));
  const current = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let inQuotes = false;
  let lines = 0;
  let lineHasText = false;
  for (let i = 0; i < text.length && lines < maxLines; i++) {
    const ch = text[i]!;
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) {
      if (lineHasText) {
        for (const d of DELIMITERS) counts.get(d)!.push(current.get(d)!);
        lines++;
      }
      for (const d of DELIMITERS) current.set(d, 0);
      lineHasText = false;
    } else if (!inQuotes && (ch === ',' || ch === '\t' || ch === ';')) {
      current.set(ch, current.get(ch)! + 1);
      lineHasText = true;
    } else if (ch !== ' ') lineHasText = true;
  }
  return counts;
}

/**
 * The delimiter that splits the first lines most consistently: for each candidate, the number of
 * lines that share its most common non-zero count (title lines above the table have none);
 * comma wins ties, then tab, then semicolon.
 */
export function detectDelimiter(text: string): Delimiter {
  const counts = countPerLine(text, 30);
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const freq = new Map<number, number>();
    for (const n of counts.get(d)!) if (n > 0) freq.set(n, (freq.get(n) ?? 0) + 1);
    let score = 0;
    for (const [n, f] of freq) score = Math.max(score, f * 1000 + n);
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** Strict streaming UTF-8 decoder: invalid bytes fail the import (the user should pick GB18030) rather than turning into U+FFFD. */
class Utf8Decode extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  constructor() {
    super({ readableObjectMode: false, decodeStrings: true });
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      cb(null, this.decoder.decode(chunk, { stream: true }));
    } catch {
      cb(new ImportFileError('error.import.file.encodingMismatch', { encoding: 'UTF-8' }));
    }
  }
  override _flush(cb: TransformCallback): void {
    try {
      const rest = this.decoder.decode();
      cb(null, rest || undefined);
    } catch {
      cb(new ImportFileError('error.import.file.encodingMismatch', { encoding: 'UTF-8' }));
    }
  }
}

export type CsvOpen = { encoding: CsvEncoding; detectedEncoding: CsvEncoding; delimiter: Delimiter };

export async function openCsv(fh: FileHandle, head: Buffer, size: number, limits: ReadLimits, requested: 'auto' | CsvEncoding): Promise<SheetSource> {
  const truncated = size > head.length;
  const detected = detectEncoding(head, truncated);
  const encoding = requested === 'auto' ? detected : requested;
  const delimiter = detectDelimiter(decodeHead(head, encoding));
  const start = head.subarray(0, 3).equals(BOM) ? 3 : 0;

  let file: FileRangeStream | null = null;
  async function* rows(): AsyncGenerator<RawRow> {
    if (start >= size) return;
    file = new FileRangeStream(fh, start, size);
    const decoder: Transform = encoding === 'utf8' ? new Utf8Decode() : (iconv.decodeStream('gb18030') as unknown as Transform);
    const parser = parse({
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      // A field with an opening quote and no closing one would otherwise swallow the file.
      max_record_size: limits.maxCellChars + limits.maxColumns * 1024,
    });
    let failure: unknown = null;
    const onError = (err: unknown) => {
      failure ??= err;
      parser.destroy();
    };
    const source = file;
    source.on('error', onError);
    decoder.on('error', onError);
    source.pipe(decoder).pipe(parser);
    let rowNo = 0;
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        rowNo++;
        if (record.length > limits.maxColumns) throw new ImportFileError('error.import.file.tooManyColumns', { row: rowNo, max: limits.maxColumns });
        yield { rowNo, cells: record.map((c) => (c === '' ? null : c)) };
      }
    } catch (err) {
      throw mapCsvError(failure ?? err, rowNo + 1);
    } finally {
      source.unpipe();
      source.destroy();
      decoder.destroy();
      parser.destroy();
    }
    if (failure) throw mapCsvError(failure, rowNo + 1);
  }

  // Bytes handed to the decoder; csv-parse buffers a little behind them.
  const fraction = () => (size > start && file ? (file.pos - start) / (size - start) : 0);
  return { format: 'csv', sheets: [], sheet: null, encoding, detectedEncoding: detected, merges: [], rows: rows(), fraction };
}

function mapCsvError(err: unknown, nextRowNo: number): unknown {
  if (err instanceof ImportFileError) return err;
  const info = err as { code?: string; records?: number } | null;
  const code = info?.code;
  // csv-parse counts the records it completed: the broken one is the next (it may have parsed
  // further than we consumed when it failed).
  const rowNo = typeof info?.records === 'number' ? info.records + 1 : nextRowNo;
  if (code === 'CSV_QUOTE_NOT_CLOSED') return new ImportFileError('error.import.file.csvUnclosedQuote', { row: rowNo });
  if (code === 'CSV_MAX_RECORD_SIZE') return new ImportFileError('error.import.file.rowTooLong', { row: rowNo });
  if (typeof code === 'string' && code.startsWith('CSV_')) return new ImportFileError('error.import.file.csvMalformed', { row: rowNo });
  return err;
}
