import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { BUSY_TIMEOUT_MS } from '../db/open';
import type { ImportCounts, ImportKind, Mapping } from '../../src-shared/imports/imports.contract';
import { ChangeRecorder } from './changes';
import { kindDef } from './kinds';
import type { Issue, Outcome, TargetEnv, ValidRow } from './kinds/types';
import { mappedColumns, type Entry } from './parse';
import type { RowSource } from './read-source';
import type { LocatedIssue, ProblemSink } from './report';

/**
 * The one import loop, for every kind and for both the dry run (preview) and the real run
 * (apply): read rows (read/), map columns to fields, parse and check each row, drop later
 * duplicates within the file, then classify batches against the database (the kind's target:
 * bulk lookups, scope, business keys) and, when applying, write them.
 *
 * Row problems carry the file's row number, the column's header, the field and a catalogue key
 * with params. When applying, each batch is classified and written in ONE write transaction
 * (`write`, the job's `ctx.write`), so what was checked is what is written, and main's writes
 * wait at most one batch. Every write is recorded in import_changes (changes.ts) so that a
 * cancel can compensate and the import can be undone.
 */
export type EngineOptions = {
  kind: ImportKind;
  /** The file's rows, parsed (read-source.ts): inline or from the reader thread. */
  source: RowSource;
  mapping: Mapping;
  sqlite: BetterSqlite3.Database;
  env: Omit<TargetEnv, 'sqlite' | 'mapped'>;
  sink: ProblemSink;
  /** Absent: a dry run. Present: apply, `all` stops at the first row with an error. */
  apply?: { mode: 'all' | 'validOnly'; write: (fn: () => void) => void };
  progress(done: number): void;
  checkpoint(): void;
  /** After each batch (its rows done with), with the rows read so far: the job may tidy up (import.jobs.ts: garbage). */
  afterBatch?(done: number): void;
};

export type EngineResult = { counts: ImportCounts; changes: number };

/** Mode `all` met a row with an error while applying (the database changed since the preview). */
export class ApplyStopped extends Error {
  constructor(readonly row: number) {
    super('apply stopped at a row with an error');
    this.name = 'ApplyStopped';
  }
}

/** Rows per classification batch and, when applying, per write transaction (see `txUnits` for kinds that pace theirs). */
export const BATCH_SIZE = 5000;

/**
 * What one write transaction of an apply may take: half of main's busy timeout, so a person's
 * save that meets the import waits at most this long and never fails for it.
 */
export const TX_BUDGET_MS = BUSY_TIMEOUT_MS / 2;

/** One committed write transaction of an apply: its entries and how long `write` took. */
export type TxPace = { rows: number; ms: number };

/**
 * A paced kind (`applyTxMaxRows`): how many of the source's batches of `unitRows` the next write
 * transaction takes. The first takes BATCH_SIZE rows; then as many as fit TX_BUDGET_MS at the
 * best pace (ms a row) of the last three transactions, at least one batch, at most `maxRows`.
 *
 * A row costs less in a bigger transaction (its index pages are shared with more rows), so the
 * pace of a smaller one over-estimates a bigger one: transactions grow step by step toward the
 * budget, and shrink when the machine is slower or busier. The best of three, because a commit
 * that crosses the WAL window also checkpoints, after the write lock is released (jobs/job-cache.ts
 * widenJobWal): seconds that hold no one up, and that would shrink the next transaction for nothing.
 */
export function txUnits(unitRows: number, maxRows: number, recent: readonly TxPace[]): number {
  const max = Math.max(1, Math.floor(maxRows / unitRows));
  const paces = recent.slice(-3).filter((p) => p.rows > 0);
  if (paces.length === 0) return Math.min(max, Math.max(1, Math.round(BATCH_SIZE / unitRows)));
  const msPerRow = Math.max(Math.min(...paces.map((p) => p.ms / p.rows)), 1e-6);
  return Math.min(max, Math.max(1, Math.floor(TX_BUDGET_MS / msPerRow / unitRows)));
}

/**
 * How an apply of `kind` reads and writes: the source's batches of `batchRows` (the apply job
 * opens the file with them), and for a paced kind the most rows one transaction takes. The
 * engine's pacing counts in those batches, so both sides read it here.
 */
export function applyBatching(kind: ImportKind): { batchRows: number; maxTxRows: number | null } {
  const def = kindDef(kind);
  return { batchRows: def.applyBatchRows ?? BATCH_SIZE, maxTxRows: def.applyTxMaxRows ?? null };
}

/** The source's batches taken `units()` at a time, as one list of entries (file order). */
async function* grouped(source: RowSource, units: () => number): AsyncGenerator<Entry[]> {
  const it = source.batches()[Symbol.asyncIterator]();
  try {
    for (;;) {
      const want = units();
      let group: Entry[] = [];
      for (let i = 0; i < want; i++) {
        const n = await it.next();
        if (n.done) {
          if (group.length) yield group;
          return;
        }
        group = group.length ? group.concat(n.value) : n.value;
      }
      yield group;
    }
  } finally {
    // Stopped early (a cancel, mode `all` at a bad row): the source ends too (its reader thread).
    await it.return?.();
  }
}

export function emptyCounts(): ImportCounts {
  return { total: 0, new: 0, update: 0, unchanged: 0, error: 0, dupInFile: 0, dupExisting: 0, skipped: 0, applied: null };
}

export async function runEngine(o: EngineOptions): Promise<EngineResult> {
  const def = kindDef(o.kind);
  const cols = mappedColumns(o.kind, o.source.info.headers, o.mapping);
  const mapped = new Set(cols.map((c) => c.field.key));
  const headerOf = new Map(cols.map((c) => [c.field.key, c.header]));
  const locate = (issues: readonly Issue[]): LocatedIssue[] => issues.map((i) => ({ ...i, column: i.field !== null ? (headerOf.get(i.field) ?? null) : null }));

  const run = def.target.open({ ...o.env, sqlite: o.sqlite, mapped });
  const rec = o.apply ? new ChangeRecorder(o.sqlite, o.env.importId) : null;
  const counts = emptyCounts();
  let applied = 0;

  const tally = (out: Outcome<unknown>) => {
    if (out.status === 'error') counts.error += 1;
    else if (out.status === 'new') counts.new += 1;
    else if (out.status === 'update') counts.update += 1;
    else if (out.status === 'unchanged') counts.unchanged += 1;
    else counts.dupExisting += 1;
  };

  // A paced kind's apply puts as many of the source's batches in one transaction as fit the budget.
  const batching = o.apply ? applyBatching(o.kind) : null;
  const pace = batching?.maxTxRows != null ? { unit: batching.batchRows, max: batching.maxTxRows } : null;
  const paces: TxPace[] = [];
  const batches = pace ? grouped(o.source, () => txUnits(pace.unit, pace.max, paces)) : o.source.batches();

  // Entries come in file order: problems are reported (first errors, the report) in row order.
  for await (const entries of batches) {
    const rows: ValidRow[] = [];
    for (const e of entries) {
      counts.total += 1;
      if (e.state === 'valid') rows.push({ rowNo: e.rowNo, values: e.values! });
      else if (e.state === 'dup') counts.dupInFile += 1;
      else {
        counts.error += 1;
        if (o.apply?.mode === 'all') throw new ApplyStopped(e.rowNo);
      }
    }
    let outcomes: Outcome<unknown>[] = [];
    if (rows.length && o.apply) {
      const { mode } = o.apply;
      const t0 = performance.now();
      o.apply.write(() => {
        outcomes = run.classify(rows);
        const bad = outcomes.findIndex((x) => x.status === 'error');
        if (mode === 'all' && bad >= 0) throw new ApplyStopped(rows[bad]!.rowNo);
        const plans = outcomes.filter((x) => x.plan !== undefined).map((x) => x.plan);
        run.write(plans, rec!);
        applied += plans.length;
      });
      if (pace) paces.push({ rows: entries.length, ms: performance.now() - t0 });
    } else if (rows.length) {
      outcomes = run.classify(rows);
    }
    let k = 0;
    for (const e of entries) {
      let issues = e.issues;
      if (e.state === 'valid') {
        const out = outcomes[k++]!;
        tally(out);
        issues = out.issues;
      }
      if (issues.length) await o.sink.add(e.rowNo, e.cells(), locate(issues));
    }
    o.progress(counts.total);
    o.checkpoint();
    o.afterBatch?.(counts.total);
  }

  if (o.apply) {
    run.afterApply?.(o.apply.write);
    counts.applied = applied;
    counts.skipped = counts.error + counts.dupInFile;
  }
  return { counts, changes: rec?.count ?? 0 };
}
