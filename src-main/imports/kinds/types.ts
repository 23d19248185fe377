import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { ImportKind } from '../../../src-shared/imports/imports.contract';
import type { JobScope } from '../../jobs/job-types';
import type { RawCell } from '../read/types';
import type { ChangeRecorder } from '../changes';
import type { Directory } from '../directory';

/**
 * What an import kind declares (README-style summary in kinds/index.ts): its fields (synonyms,
 * required, parser), the keys that make two rows of one file the same record, and a target
 * that looks a batch of validated rows up in the database, classifies them and writes them.
 * The engine (engine.ts) runs every kind the same way; a kind has no loop of its own.
 */

/** A catalogue key with its params: what is wrong with a value. */
export type Problem = { key: string; params?: Record<string, string | number> };

/** A parsed cell: its value (null for an empty cell), or what is wrong with it. */
export type Parsed<T> = { ok: true; value: T | null } | ({ ok: false } & Problem);

export type FieldDef = {
  key: string;
  /** Header texts that mean this field, Chinese and English; compared after normalizeHeader. */
  synonyms: readonly string[];
  /** Must be mapped, and every row must give a value. */
  required?: boolean;
  /** Identifies the record (shown on the mapping screen). */
  matchKey?: boolean;
  parse(cell: RawCell): Parsed<unknown>;
  /** An amount in yuan: a header that names another unit (`总资产(万元)`) scales the column's cells (parse.ts). */
  unit?: 'yuan';
};

/** A row's parsed values by field key: only mapped fields appear; null = the cell was empty. */
export type Values = Record<string, unknown>;

/** A problem found with a row, tied to a field (its column) when there is one. */
export type Issue = Problem & { field: string | null; severity: 'error' | 'warning' };

/** A row that parsed and passed the kind's own checks, ready to classify. */
export type ValidRow = { rowNo: number; values: Values };

export type RowStatus = 'new' | 'update' | 'unchanged' | 'error' | 'dupExisting';

/** How the target sees one row: its class, the issues found, and for writable rows what to write. */
export type Outcome<P> = { status: RowStatus; issues: Issue[]; plan?: P };

/** What a target gets once per run. */
export type TargetEnv = {
  sqlite: BetterSqlite3.Database;
  scope: JobScope;
  /** The importing user and their branch (new customers are created there). */
  userId: string;
  userBranchId: string;
  /** Users, branches: loaded once per run. */
  directory: Directory;
  importId: string;
  /** The instant every row written by this import carries (created_at, updated_at). */
  stamp: string;
  /** Which fields the mapping gives (an update never clears a field the file does not have). */
  mapped: ReadonlySet<string>;
};

export type TargetRun<P> = {
  /** Classify a batch against the database: bulk lookups, scope, business-key checks. */
  classify(rows: readonly ValidRow[]): Outcome<P>[];
  /** Write the batch's planned rows (inside the caller's write transaction) and record each change. */
  write(plans: readonly P[], rec: ChangeRecorder): void;
  /** Work after the last batch (daily assets: refresh customers' assets), each call of `inTx` one write transaction. */
  afterApply?(inTx: (fn: () => void) => void): void;
};

export type Target<P> = { open(env: TargetEnv): TargetRun<P> };

export type KindDef<P = unknown> = {
  kind: ImportKind;
  fields: readonly FieldDef[];
  /** Cross-field checks after every field parsed (identity rules, date order…). */
  check?(v: Values, mapped: ReadonlySet<string>): Issue[];
  /** In-file identity: a later row sharing any of these keys with an earlier one is a duplicate. */
  keys(v: Values): string[];
  target: Target<P>;
  /** Cap of the page cache the apply may size to the database (jobs/job-cache.ts widenJobCache): kinds that write many indexes. */
  applyCacheMiB?: number;
  /** A fixed page cache for the preview and the apply instead (jobs/job-cache.ts setJobCache), below the job's 64 MiB: kinds whose rows land in a few small B-trees. */
  jobCacheMiB?: number;
  /**
   * Rows per batch of an apply (default engine.ts BATCH_SIZE, 5,000): one write transaction, or
   * with `applyTxMaxRows` the step by which transactions grow. Each commit rewrites every index
   * page its rows touched, and new rows land all over the indexes, so fewer, bigger transactions
   * write much less; a transaction also holds main's writes back while it runs, so a kind whose
   * rows are cheap takes more of them per batch.
   */
  applyBatchRows?: number;
  /**
   * Paced: an apply's write transaction takes as many batches of `applyBatchRows` as fit
   * engine.ts TX_BUDGET_MS at the recent transactions' pace, up to this many rows (`txUnits`).
   * For kinds whose rows land all over many indexes, where a bigger transaction writes much
   * less per row, but whose pace depends on the database and the machine.
   */
  applyTxMaxRows?: number;
  /** Parse in a reader thread when the file is big (read-source.ts): worth its ~60 MB for kinds whose rows cost much to parse. */
  readerThread?: boolean;
};

export const err = (field: string | null, key: string, params?: Record<string, string | number>): Issue => ({ field, key, severity: 'error', ...(params ? { params } : {}) });
export const warn = (field: string | null, key: string, params?: Record<string, string | number>): Issue => ({ field, key, severity: 'warning', ...(params ? { params } : {}) });
