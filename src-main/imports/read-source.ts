import { existsSync, statSync } from 'node:fs';
import { open as openFile, type FileHandle } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImportKind, Mapping } from '../../src-shared/imports/imports.contract';
import { kindDef } from './kinds';
import { mappedColumns, rowParser, type Entry, type EntryState } from './parse';
import { openTable } from './read/index';
import { DEFAULT_READ_LIMITS } from './read/limits';
import { sniff } from './read/sniff';
import { readZipDirectory } from './read/zip';
import { ImportFileError, type OpenedTable, type RawCell, type RawRow, type ReadOptions } from './read/types';
import type { Issue, Values } from './kinds/types';

/**
 * Where the engine's rows come from: the file read (read/) and parsed (parse.ts), in batches.
 *
 * Reading and parsing a spreadsheet costs about as much as the bare library read; writing the
 * rows into an indexed, encrypted, captured database costs more. Done one after the other in
 * the job's thread, an apply pays both. So a big file is read and parsed in a thread of its
 * own (read-worker.ts) while the job's thread classifies and writes the previous batch: the
 * two overlap on a machine's two cores. A small file, or a build without the reader's script,
 * reads inline (the same code, in the job's thread).
 *
 * Across the thread, a batch travels as one JSON string (values in mapped-column order, the
 * row's cells as text): structured clone of 100,000 rows × 50 small objects costs the
 * receiving thread more than a JSON.parse of the same data (measured: 2.4 s vs 0.5 s).
 * The reader runs at most two batches ahead (a paced apply: one transaction's worth), so memory
 * stays bounded whatever the file size.
 */
export type TableInfo = Pick<OpenedTable, 'format' | 'sheets' | 'sheet' | 'encoding' | 'detectedEncoding' | 'headerRow' | 'headers' | 'warnings'>;

export type RowSource = {
  info: TableInfo;
  /** Entries in file order, `size` at a time (the last batch may be smaller). Iterate once. */
  batches(): AsyncIterable<Entry[]>;
  close(): Promise<void>;
};

export type ReaderInit = {
  path: string;
  options: ReadOptions;
  hints: string[];
  kind: ImportKind;
  mapping: Mapping;
  batchSize: number;
  /** Batches the reader thread may run ahead of the engine (default 2): a paced apply takes many at once. */
  ahead?: number;
  /** Inspect: only the table's description and its first rows, as read. */
  peek?: number;
};

/** A reader's messages to the job's thread. */
export type ReaderMessage =
  | { t: 'open'; info: TableInfo }
  | { t: 'batch'; json: string }
  /** With the warnings the whole read gathered (a formula, a totals row: found while streaming). */
  | { t: 'end'; warnings: OpenedTable['warnings'] }
  | { t: 'peeked'; rows: RawRow[] }
  | { t: 'refused'; key: string; params: Record<string, string | number> }
  | { t: 'failed'; name: string };

/** Files this big or bigger are read in a thread of their own (when the reader's script exists). */
export const THREAD_MIN_BYTES = 2 * 1024 * 1024;
const AHEAD = 2;
/**
 * The reader's heap: a small young generation (V8 sizes it for throughput, up to ~48 MB a
 * thread, which three threads of one import would triple) and an old generation far above
 * what it holds (the in-file key set lives outside the heap, in typed arrays).
 */
const READER_LIMITS = { maxYoungGenerationSizeMb: Number(process.env.BD_IMPORT_READER_YOUNG_MB) || 8, maxOldGenerationSizeMb: 512 };

const infoOf = (t: OpenedTable): TableInfo => ({
  format: t.format,
  sheets: t.sheets,
  sheet: t.sheet,
  encoding: t.encoding,
  detectedEncoding: t.detectedEncoding,
  headerRow: t.headerRow,
  headers: t.headers,
  warnings: t.warnings,
});

/**
 * The reader thread's entry: the bundle's sibling in the app (scripts/build-main.mjs builds
 * `import-read-worker.cjs` beside job-worker.cjs), the tsx bootstrap beside this file from
 * source. Null when neither exists (then the file is read inline).
 */
export function readerScript(): URL | null {
  const here = import.meta.url;
  const url = here.endsWith('.cjs') ? new URL('./import-read-worker.cjs', here) : new URL('./read-worker.dev.mjs', here);
  try {
    return existsSync(fileURLToPath(url)) ? url : null;
  } catch {
    return null;
  }
}

function useThread(path: string, kind: ImportKind | null): boolean {
  const force = process.env.BD_IMPORT_READ_THREAD;
  if (force === '0') return false;
  if (force === '1') return true;
  if (kind !== null && !kindDef(kind).readerThread) return false;
  try {
    return statSync(path).size >= THREAD_MIN_BYTES;
  } catch {
    return false;
  }
}

/**
 * What reading a file means in bytes: for a zip (.xlsx) the uncompressed sizes its directory
 * declares, which the reader holds it to (zip.ts). A 1.9 MiB workbook may inflate to 380 MB at
 * the ratio allowed, and inspect reads the whole string table before the first row. A
 * directory that does not read is the reader's to refuse: counted as big, so that happens in
 * the thread too.
 */
export async function bytesToRead(path: string): Promise<number> {
  let fh: FileHandle | null = null;
  try {
    fh = await openFile(path, 'r');
    const size = (await fh.stat()).size;
    const head = Buffer.alloc(4);
    const { bytesRead } = await fh.read(head, 0, 4, 0);
    if (sniff(head.subarray(0, bytesRead)) !== 'zip') return size;
    let total = 0;
    for (const e of (await readZipDirectory(fh, size, DEFAULT_READ_LIMITS)).values()) total += e.uncompressedSize;
    return Math.max(size, total);
  } catch {
    return Number.POSITIVE_INFINITY;
  } finally {
    await fh?.close();
  }
}

export async function openRowSource(init: ReaderInit): Promise<RowSource> {
  const script = useThread(init.path, init.kind) ? readerScript() : null;
  return script ? threadSource(script, init) : inlineSource(init);
}

async function inlineSource(init: ReaderInit): Promise<RowSource> {
  const table = await openTable(init.path, init.options, init.hints);
  return {
    info: infoOf(table),
    async *batches() {
      const parse = rowParser(init.kind, table.headers, init.mapping);
      let batch: Entry[] = [];
      for await (const raw of table.rows()) {
        batch.push(parse(raw));
        if (batch.length >= init.batchSize) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    },
    close: () => table.close(),
  };
}

// ---------------------------------------------------------------------------------------------
// The wire format: [rowNo, state, values in column order | null, issues | null, cells as text].

type Wire = [number, 0 | 1 | 2, unknown[] | null, Issue[] | null, string];
const STATES: EntryState[] = ['valid', 'error', 'dup'];
const SEP = '\u0001';

/** A cell as the error report shows it: what was read, as text. */
export function cellAsText(c: RawCell): string {
  if (c === null) return '';
  if (c instanceof Date) {
    const iso = c.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('T', ' ').slice(0, 19);
  }
  return String(c);
}

export function encodeBatch(entries: readonly Entry[], fieldKeys: readonly string[]): string {
  const wire: Wire[] = entries.map((e) => [
    e.rowNo,
    STATES.indexOf(e.state) as 0 | 1 | 2,
    e.values ? fieldKeys.map((k) => e.values![k] ?? null) : null,
    e.issues.length ? e.issues : null,
    // Only a row that may end in the report needs its cells: all of them may (a valid row can
    // fail classification), so every row carries them, as one string.
    e.cells().map((c) => cellAsText(c).replaceAll(SEP, ' ')).join(SEP),
  ]);
  return JSON.stringify(wire);
}

export function decodeBatch(json: string, fieldKeys: readonly string[]): Entry[] {
  return (JSON.parse(json) as Wire[]).map(([rowNo, state, vals, issues, text]) => {
    let values: Values | null = null;
    if (vals) {
      values = {};
      for (let i = 0; i < fieldKeys.length; i++) values[fieldKeys[i]!] = vals[i];
    }
    return { rowNo, state: STATES[state]!, values, issues: issues ?? [], cells: () => text.split(SEP) };
  });
}

async function threadSource(script: URL, init: ReaderInit): Promise<RowSource> {
  const worker = new Worker(script, { workerData: init, execArgv: [], resourceLimits: READER_LIMITS });
  const queue: ReaderMessage[] = [];
  let wake: (() => void) | null = null;
  let exited = false;
  const push = (m: ReaderMessage) => {
    queue.push(m);
    wake?.();
    wake = null;
  };
  worker.on('message', push);
  worker.on('error', (e) => push({ t: 'failed', name: e.name }));
  worker.on('exit', () => {
    exited = true;
    push({ t: 'failed', name: 'exit' });
  });
  const next = async (): Promise<ReaderMessage> => {
    while (queue.length === 0) await new Promise<void>((r) => (wake = r));
    return queue.shift()!;
  };
  const stop = async () => {
    if (!exited) await worker.terminate();
  };
  const fail = (m: ReaderMessage): never => {
    if (m.t === 'refused') throw new ImportFileError(m.key, m.params);
    throw new Error(`import reader ${m.t === 'failed' ? m.name : m.t}`);
  };

  const first = await next();
  if (first.t !== 'open') {
    await stop();
    return fail(first);
  }
  const info = first.info;
  const fieldKeys = mappedColumns(init.kind, info.headers, init.mapping).map((c) => c.field.key);
  return {
    info,
    async *batches() {
      try {
        for (let i = 0; i < (init.ahead ?? AHEAD); i++) worker.postMessage({ t: 'more' });
        for (;;) {
          const m = await next();
          if (m.t === 'end') {
            info.warnings.splice(0, info.warnings.length, ...m.warnings);
            return;
          }
          if (m.t !== 'batch') fail(m);
          else {
            worker.postMessage({ t: 'more' });
            yield decodeBatch(m.json, fieldKeys);
          }
        }
      } finally {
        await stop();
      }
    },
    close: stop,
  };
}

/**
 * What inspect shows: the table's description and its first rows. A big file is opened in a
 * reader thread here too: finding the header of a shared-strings workbook means parsing its
 * whole string table first (seconds for 100,000 rows), which must not hold main's thread.
 */
export async function peekTable(init: Omit<ReaderInit, 'kind' | 'mapping' | 'batchSize' | 'peek'>, rows: number): Promise<{ info: TableInfo; rows: RawRow[] }> {
  const script = useThread(init.path, null) || (await bytesToRead(init.path)) >= THREAD_MIN_BYTES ? readerScript() : null;
  if (!script) {
    const table = await openTable(init.path, init.options, init.hints);
    try {
      const first: RawRow[] = [];
      try {
        for await (const r of table.rows()) {
          first.push(r);
          if (first.length >= rows) break;
        }
      } catch (e) {
        // A cap met in the first rows: the preview reports it in full.
        if (!(e instanceof ImportFileError)) throw e;
      }
      return { info: infoOf(table), rows: first };
    } finally {
      await table.close();
    }
  }
  const worker = new Worker(script, { workerData: { ...init, kind: 'customers', mapping: [], batchSize: rows, peek: rows } satisfies ReaderInit, execArgv: [] });
  try {
    return await new Promise((resolve, reject) => {
      let info: TableInfo | null = null;
      worker.on('message', (m: ReaderMessage) => {
        if (m.t === 'open') info = m.info;
        else if (m.t === 'peeked' && info) resolve({ info, rows: m.rows });
        else if (m.t === 'refused') reject(new ImportFileError(m.key, m.params));
        else if (m.t === 'failed') reject(new Error(`import reader ${m.name}`));
      });
      worker.on('error', (e) => reject(new Error(`import reader ${e.name}`)));
      worker.on('exit', () => reject(new Error('import reader exit')));
    });
  } finally {
    await worker.terminate();
  }
}

/** The reader thread's body (read-worker.ts wires it to the thread). */
export async function runReader(init: ReaderInit, post: (m: ReaderMessage) => void, credit: () => Promise<void>): Promise<void> {
  let table: OpenedTable | null = null;
  try {
    table = await openTable(init.path, init.options, init.hints);
    post({ t: 'open', info: infoOf(table) });
    if (init.peek !== undefined) {
      const first: RawRow[] = [];
      try {
        for await (const r of table.rows()) {
          first.push(r);
          if (first.length >= init.peek) break;
        }
      } catch (e) {
        if (!(e instanceof ImportFileError)) throw e;
      }
      post({ t: 'peeked', rows: first });
      return;
    }
    const parse = rowParser(init.kind, table.headers, init.mapping);
    const fieldKeys = mappedColumns(init.kind, table.headers, init.mapping).map((c) => c.field.key);
    let batch: Entry[] = [];
    for await (const raw of table.rows()) {
      batch.push(parse(raw));
      if (batch.length >= init.batchSize) {
        await credit();
        post({ t: 'batch', json: encodeBatch(batch, fieldKeys) });
        batch = [];
      }
    }
    if (batch.length) {
      await credit();
      post({ t: 'batch', json: encodeBatch(batch, fieldKeys) });
    }
    post({ t: 'end', warnings: table.warnings });
  } catch (e) {
    if (e instanceof ImportFileError) post({ t: 'refused', key: e.key, params: e.params });
    // Never the message: it could quote a cell.
    else post({ t: 'failed', name: e instanceof Error ? e.name : 'unknown' });
  } finally {
    await table?.close();
  }
}
