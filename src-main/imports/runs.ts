import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { ImportCounts, ImportKind, ImportRunDto, Message, RowError } from '../../src-shared/imports/imports.contract';
import type { Selectable } from 'kysely';
import type { ImportRunsTable } from '../db/schema';
import { countKeysTaken, countTouched } from './changes';

/**
 * The import history (`import_runs`): one row per file previewed, then applied, cancelled,
 * failed or undone. JSON columns: `mapping` (field per column), `counts`, `first_errors` (row
 * problems; a run that failed as a whole keeps its reason as a problem of row 0, first),
 * `warnings` (the file's warnings).
 */
export type RunRow = Selectable<ImportRunsTable>;

export function getRun(sqlite: BetterSqlite3.Database, id: string): RunRow | null {
  return (sqlite.prepare(`SELECT * FROM import_runs WHERE id = ?`).get(id) as RunRow | undefined) ?? null;
}

/** The problem that failed the whole run is stored as row 0 ahead of the row problems. */
export function failureOf(firstErrors: RowError[]): Message | null {
  return firstErrors[0]?.row === 0 ? firstErrors[0].message : null;
}

export function failureRow(m: Message): RowError {
  return { row: 0, column: null, field: null, message: m, severity: 'error' };
}

const parse = <T>(s: string | null, fallback: T): T => (s === null ? fallback : (JSON.parse(s) as T));

/**
 * Checking whether an import's rows were touched since is one lookup per row it wrote, and one
 * per child table for each customer it created (changes.ts `countTouched`): done here, on main,
 * for imports up to this size. A bigger one shows `undoable` from its status, and the undo job
 * checks (and refuses) inside its own transaction. (50,000 created customers take 0.7 s to check
 * on the 1M demo: too long for each row of the history page.)
 */
export const EXACT_UNDO_CHECK_ROWS = 5_000;

/**
 * How many rows the run wrote: its counts once the apply finished; for an apply cut off (the app
 * quit: no counts yet), the changes it recorded (the last change's number: one key lookup).
 */
export function appliedRows(sqlite: BetterSqlite3.Database, r: Pick<RunRow, 'id' | 'counts'>): number {
  const applied = parse<ImportCounts | null>(r.counts, null)?.applied;
  if (applied != null) return applied;
  return (sqlite.prepare(`SELECT max(n) FROM import_changes WHERE import_id = ?`).pluck().get(r.id) as number | null) ?? 0;
}

export const TRANSITIONAL: readonly RunRow['status'][] = ['previewing', 'applying', 'undoing'];

/**
 * A run is interrupted when it says a job is at work on it, but no job of this process runs it
 * and its job row ended (or predates this process): the app quit, or the worker died, mid-way.
 * An apply cut off like that may have committed some batches and could not compensate: it is
 * shown failed, and undoable, so the partial import can be taken back.
 */
export function isInterrupted(r: Pick<RunRow, 'status' | 'job_id'>, job: { status: string; created_at: string } | undefined, live: (id: string) => boolean, startedAt: string): boolean {
  if (!TRANSITIONAL.includes(r.status) || r.job_id === null || live(r.job_id)) return false;
  return !job || job.status === 'done' || job.status === 'failed' || job.status === 'cancelled' || job.created_at < startedAt;
}

/**
 * How an undo of the run may start, else null:
 * * `fresh`: the run is applied, or an apply cut off mid-way (it may have committed batches), or
 *   an undo cut off before its first commit (queued at a quit, or in its check: it changed
 *   nothing). The undo first checks that nothing touched the rows (`refuseUndo`).
 * * `resume`: an undo cut off after its first transaction (the app quit, the worker died). It goes
 *   on where it stopped (import.jobs.ts `undoJob`), without that check, which it passed when it
 *   started (the rows it took back since would fail it).
 */
export function undoStart(r: Pick<RunRow, 'status' | 'undo_below' | 'applied_at'>, interrupted: boolean): 'fresh' | 'resume' | null {
  if (r.applied_at === null) return null;
  if (r.status === 'applied') return 'fresh';
  if (!interrupted) return null;
  if (r.status === 'applying') return 'fresh';
  if (r.status === 'undoing') return r.undo_below === null ? 'fresh' : 'resume';
  return null;
}

export function toRunDto(sqlite: BetterSqlite3.Database, r: RunRow & { user_name: string }, interrupted = false): ImportRunDto {
  const all = parse<RowError[]>(r.first_errors, []);
  const start = undoStart(r, interrupted);
  const failure =
    interrupted && r.status === 'undoing' ? { key: 'error.import.undo.interrupted', params: { done: r.undo_done } } : interrupted ? { key: 'error.import.interrupted' } : failureOf(all);
  const undoable =
    start === 'resume' ||
    (start === 'fresh' && (appliedRows(sqlite, r) > EXACT_UNDO_CHECK_ROWS || (countTouched(sqlite, r.id, r.applied_at!) === 0 && countKeysTaken(sqlite, r.id) === 0)));
  return {
    id: r.id,
    kind: r.kind as ImportKind,
    status: interrupted ? 'failed' : r.status,
    userName: r.user_name,
    fileName: r.file_name,
    fileSha256: r.file_sha256,
    fileSize: r.file_size,
    format: r.format as ImportRunDto['format'],
    createdAt: r.created_at,
    appliedAt: r.status === 'applied' || r.status === 'undoing' || r.status === 'undone' ? r.applied_at : null,
    undoneAt: r.undone_at,
    mode: r.mode,
    counts: parse<ImportCounts | null>(r.counts, null),
    firstErrors: failureOf(all) ? all.slice(1) : all,
    warnings: parse<Message[]>(r.warnings, []),
    hasReport: r.report_path !== null,
    jobId: r.job_id,
    undoable,
    undo: r.undo_below === null ? null : { done: r.undo_done, kept: r.undo_kept },
    failure,
  };
}

export const RUN_SELECT = `SELECT r.*, u.display_name AS user_name FROM import_runs r JOIN users u ON u.id = r.user_id`;

/** File names can name people ("张三资料.xlsx"): the audit log keeps a hash. */
export function fileNameHash(name: string): string {
  return createHash('sha256').update(name).digest('hex').slice(0, 16);
}
