import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { dirname, join } from 'node:path';
import { catalogueText, type Locale } from '../../src-shared/i18n/catalogues';
import type { ImportKind, RowError } from '../../src-shared/imports/imports.contract';
import { openTableWriter, type TableWriter } from '../exports/table-writer';
import type { PartLedger } from '../files/part-files';
import type { RawCell } from './read/types';
import { cellAsText } from './read-source';
import type { Issue } from './kinds/types';

/**
 * Where a run's problems go: the first ones (kept on the import_runs row for the preview
 * screen) and the full error report, an .xlsx with the original row (every cell as text, as it
 * was read) beside its file row number and the problems, in the previewing user's language.
 *
 * The report holds what the file held, personal data included, so it sits beside the database
 * in `import-reports/` (the same machine, the same protection), is written only when there is
 * something to report, and leaves the machine only through `imports.errorReport` (audited).
 * It is kept for REPORT_KEEP_DAYS, long enough to fix the file and try again, then deleted at
 * the next start (`purgeExpiredReports`): personal data is not kept longer than its purpose.
 */
export const FIRST_ERRORS = 100;
export const FIRST_WARNINGS = 20;

/** The label of a field of a kind (`import.field.<kind>.<key>`); the key itself when it has none. */
function fieldLabel(locale: Locale, kind: ImportKind, key: string): string {
  return catalogueText(locale, `import.field.${kind}.${key}`);
}

export function reportsDir(dbFile: string): string {
  return join(dirname(dbFile), 'import-reports');
}

export function reportPath(dbFile: string, importId: string): string {
  return join(reportsDir(dbFile), `${importId}.xlsx`);
}

export type LocatedIssue = Issue & { column: string | null };

export class ProblemSink {
  readonly errors: RowError[] = [];
  readonly warnings: RowError[] = [];
  private writer: TableWriter | null = null;
  private opening: Promise<TableWriter> | null = null;
  private written = 0;

  constructor(
    private readonly opts: { kind: ImportKind; headers: readonly string[]; path: string | null; locale?: Locale; parts?: PartLedger },
  ) {}

  /** Record one row's problems (errors and warnings). */
  async add(rowNo: number, cells: readonly RawCell[] | null, issues: readonly LocatedIssue[]): Promise<void> {
    for (const i of issues) {
      const list = i.severity === 'error' ? this.errors : this.warnings;
      if (list.length < (i.severity === 'error' ? FIRST_ERRORS : FIRST_WARNINGS)) {
        list.push({ row: rowNo, column: i.column, field: i.field, message: { key: i.key, ...(i.params ? { params: i.params } : {}) }, severity: i.severity });
      }
    }
    if (!this.opts.path) return;
    const w = await this.open();
    const text = issues
      .map((i) => `${i.severity === 'warning' ? this.text('import.report.warning') : ''}${i.column !== null ? this.text('import.report.column', { name: i.column }) : i.field !== null ? this.text('import.report.column', { name: fieldLabel(this.locale, this.opts.kind, i.field) }) : ''}${this.text(i.key, i.params)}`)
      .join(this.text('import.report.separator'));
    const row: (string | number)[] = [rowNo, text];
    for (let c = 0; c < this.opts.headers.length; c++) row.push(cellAsText(cells?.[c] ?? null));
    await w.add(row);
    this.written += 1;
  }

  private get locale(): Locale {
    return this.opts.locale ?? 'zh-CN';
  }

  private text(key: string, params?: Record<string, string | number>): string {
    return catalogueText(this.locale, key, params);
  }

  private async open(): Promise<TableWriter> {
    if (this.writer) return this.writer;
    this.opening ??= (async () => {
      mkdirSync(dirname(this.opts.path!), { recursive: true });
      const columns = [
        { header: this.text('import.report.rowNo'), type: 'int' as const },
        { header: this.text('import.report.problems'), type: 'text' as const, width: 50 },
        ...this.opts.headers.map((h, i) => ({ header: h || `#${i + 1}`, type: 'text' as const })),
      ];
      return openTableWriter(this.opts.path!, 'xlsx', { sheetName: this.text('import.report.sheet'), cover: null, columns, ...(this.opts.parts ? { parts: this.opts.parts } : {}) });
    })();
    this.writer = await this.opening;
    return this.writer;
  }

  /** The first problems for the run's row: errors first. */
  first(): RowError[] {
    return [...this.errors, ...this.warnings];
  }

  /** Finish the report; its path when one was written. */
  async close(): Promise<string | null> {
    if (!this.writer) return null;
    await this.writer.close();
    return this.written > 0 ? this.opts.path : null;
  }

  async abort(): Promise<void> {
    await this.writer?.abort();
  }
}

/** How long an error report is kept beside the database. */
export const REPORT_KEEP_DAYS = 7;

/**
 * Delete error reports older than REPORT_KEEP_DAYS: the files, and the runs' pointers to them
 * (the preview screen then says there is no report). Files in the folder that no run points to
 * (a crash between writing and recording) go too, by their age. Returns how many were deleted.
 */
export function purgeExpiredReports(sqlite: BetterSqlite3.Database, dbFile: string, now: Date): number {
  const cutoff = new Date(now.getTime() - REPORT_KEEP_DAYS * 86_400_000);
  let deleted = 0;
  const old = sqlite.prepare(`SELECT id, report_path FROM import_runs WHERE report_path IS NOT NULL AND created_at < ?`).all(cutoff.toISOString()) as { id: string; report_path: string }[];
  const clear = sqlite.prepare(`UPDATE import_runs SET report_path = NULL WHERE id = ?`);
  for (const r of old) {
    rmSync(r.report_path, { force: true });
    clear.run(r.id);
    deleted += 1;
  }
  const dir = reportsDir(dbFile);
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return deleted;
  }
  const kept = new Set(sqlite.prepare(`SELECT report_path FROM import_runs WHERE report_path IS NOT NULL`).pluck().all() as string[]);
  for (const name of names) {
    const path = join(dir, name);
    if (kept.has(path)) continue;
    try {
      if (statSync(path).mtime < cutoff) {
        rmSync(path, { force: true });
        deleted += 1;
      }
    } catch {
      // gone meanwhile
    }
  }
  return deleted;
}
