import { copyFile, rename, rm, stat } from 'node:fs/promises';
import { nodeInfo } from '../sync/node';
import { jobScopeOf } from '../scope/scope';
import { extname } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { IMPORT_KINDS, importsContract, type FileFormat, type ImportCounts, type InspectResult } from '../../src-shared/imports/imports.contract';
import { AppError } from '../../src-shared/rpc/errors';
import { OK } from '../../src-shared/lib/common';
import type { AppContext } from '../ipc/context';
import type { Actor, HandlerCtx, HandlersFor } from '../ipc/types';
import { coversBranch } from '../scope/scope';
import { refuseUndo } from './changes';
import { kindDef } from './kinds';
import { headerHints, headerSignature, listTemplates, mappingIssues, suggestMapping, templateForHeader } from './mapping';
import { cellText } from './read/cells';
import { peekTable } from './read-source';
import { ImportFileError } from './read/types';
import { EXACT_UNDO_CHECK_ROWS, RUN_SELECT, TRANSITIONAL, appliedRows, fileNameHash, isInterrupted, toRunDto, undoStart, type RunRow } from './runs';
import { isSystemError } from '../lib/system-error';

/**
 * Excel/CSV import (issue 5): inspect (a query: the file's sheets, header and a suggested
 * mapping), preview and apply (jobs), history, error report, undo (a job), templates.
 *
 * Files arrive as handles (src-main/files/). The path behind a previewed file is kept in this
 * process's memory only (like the handle itself), for the apply: after a restart the file is
 * previewed again. An import is the importer's: only they apply it; everyone with the
 * permission sees (and may undo) the imports of their branch, HQ all of them.
 */

const paths = new WeakMap<AppContext, Map<string, string>>();
function pathsOf(app: AppContext): Map<string, string> {
  let m = paths.get(app);
  if (!m) paths.set(app, (m = new Map()));
  return m;
}

/** A file the reader refuses is a VALIDATION error on the handle, with the reader's reason. */
function refused(e: ImportFileError): AppError {
  const params = Object.keys(e.params).length ? e.params : undefined;
  return new AppError('VALIDATION', e.key, { ...(params ? { params } : {}), issues: [{ path: ['handle'], message: e.key, ...(params ? { params } : {}) }] });
}

/** The chosen file's size; a file moved, deleted or not readable since it was chosen is refused by name of the reason, not as an internal error. */
async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (e) {
    if (isSystemError(e)) throw gone();
    throw e;
  }
}

const gone = () => new AppError('VALIDATION', 'error.import.file.gone', { issues: [{ path: ['handle'], message: 'error.import.file.gone' }] });

function formatOf(name: string): FileFormat {
  const ext = extname(name).slice(1).toLowerCase();
  return ext === 'xls' || ext === 'csv' ? ext : 'xlsx';
}

/** A run the actor may see: their branch's, or any at HQ. */
function visibleRun(ctx: Pick<HandlerCtx, 'app' | 'actor'>, id: string): RunRow & { user_name: string } {
  const r = ctx.app.db.sqlite.prepare(`${RUN_SELECT} WHERE r.id = ?`).get(id) as (RunRow & { user_name: string }) | undefined;
  if (!r || !coversBranch(ctx.actor, r.branch_id)) throw new AppError('NOT_FOUND', 'error.import.notFound');
  return r;
}

function interrupted(app: AppContext, r: RunRow): boolean {
  if (!TRANSITIONAL.includes(r.status) || r.job_id === null) return false;
  const job = app.db.sqlite.prepare(`SELECT status, created_at FROM jobs WHERE id = ?`).get(r.job_id) as { status: string; created_at: string } | undefined;
  return isInterrupted(r, job, (id) => app.jobs.isLive(id), app.jobs.startedAt);
}

const dto = (app: AppContext, r: RunRow & { user_name: string }) => toRunDto(app.db.sqlite, r, interrupted(app, r));

function annotate(ctx: Pick<HandlerCtx, 'audit'>, r: { id: string; kind: string; file_name: string }, extra: Record<string, string | number | boolean> = {}) {
  ctx.audit.targetType = 'import';
  ctx.audit.targetId = r.id;
  // An import or export of personal data: kind, a hash of the file name, counts. Never row data.
  ctx.audit.detail = { kind: r.kind, fileNameHash: fileNameHash(r.file_name), personalData: true, ...extra };
}

const SAMPLES = 3;

export const importsHandlers = {
  'imports.kinds': async () =>
    IMPORT_KINDS.map((kind) => ({ kind, fields: kindDef(kind).fields.map((f) => ({ key: f.key, required: f.required === true, matchKey: f.matchKey === true })) })),

  /**
   * Reads the header and the first rows only (the readers stream; a big file in a reader
   * thread, read-source.ts peekTable), so main answers at once even for a 100,000-row file;
   * the whole file is read by the preview job.
   */
  'imports.inspect': async (input, { app, clientId }) => {
    const { path, name } = app.files.resolve(input.handle, clientId, 'read');
    const size = await fileSize(path);
    let peek;
    try {
      const options = { encoding: input.encoding, ...(input.sheet !== undefined ? { sheet: input.sheet } : {}), ...(input.headerRow !== undefined ? { headerRow: input.headerRow } : {}) };
      peek = await peekTable({ path, options, hints: headerHints(input.kind) }, SAMPLES);
    } catch (e) {
      if (e instanceof ImportFileError) throw refused(e);
      if (isSystemError(e)) throw gone();
      throw e;
    }
    const { info } = peek;
    const samples = info.headers.map((_h, i) => peek.rows.map((r) => cellText(r.cells[i] ?? null)));
    const template = templateForHeader(app.db.sqlite, input.kind, info.headers);
    const fits = template !== null && template.mapping.length === info.headers.length;
    const result: InspectResult = {
      fileName: name,
      size,
      format: info.format,
      sheets: info.sheets,
      sheet: info.sheet,
      encoding: info.encoding,
      detectedEncoding: info.detectedEncoding,
      headerRow: info.headerRow,
      headerSig: headerSignature(info.headers),
      columns: info.headers.map((header, index) => ({ index, header, samples: samples[index]! })),
      mapping: fits ? template.mapping : suggestMapping(input.kind, info.headers),
      template: fits ? { id: template.id, name: template.name } : null,
      warnings: info.warnings,
    };
    return result;
  },

  'imports.preview': async (input, ctx) => {
    const { app, clientId, db, actor, afterCommit } = ctx;
    const { path, name } = app.files.resolve(input.handle, clientId, 'read');
    const issues = mappingIssues(input.kind, input.mapping, null);
    if (issues.length) throw new AppError('VALIDATION', 'error.VALIDATION', { issues });
    const size = await fileSize(path);
    const id = uuidv7();
    const now = app.now().toISOString();
    await db
      .insertInto('import_runs')
      .values({
        id,
        kind: input.kind,
        status: 'previewing',
        user_id: actor.userId,
        branch_id: actor.branchId,
        file_name: name,
        file_sha256: '',
        file_size: size,
        format: formatOf(name),
        sheet: input.sheet ?? null,
        encoding: input.encoding,
        header_row: input.headerRow,
        mapping: JSON.stringify(input.mapping),
        template_id: null,
        mode: null,
        counts: null,
        first_errors: null,
        warnings: null,
        report_path: null,
        job_id: null,
        created_at: now,
        applied_at: null,
        undone_at: null,
        undone_by: null,
      })
      .execute();
    const jobId = await app.jobs.enqueue(db, afterCommit, {
      kind: 'imports.preview',
      params: { importId: id, scope: jobScopeOf(actor), userBranchId: actor.branchId, path, saveTemplateAs: input.saveTemplateAs ?? null, locale: input.locale, headerSig: input.headerSig ?? null },
      userId: actor.userId,
      clientId,
    });
    await db.updateTable('import_runs').set({ job_id: jobId }).where('id', '=', id).execute();
    afterCommit?.(() => pathsOf(app).set(id, path));
    annotate(ctx, { id, kind: input.kind, file_name: name }, { stage: 'preview', fileSize: size });
    return { importId: id, jobId };
  },

  'imports.apply': async (input, ctx) => {
    const { app, clientId, db, actor, afterCommit } = ctx;
    const run = visibleRun(ctx, input.importId);
    if (run.user_id !== actor.userId) throw new AppError('FORBIDDEN', 'error.import.notYours');
    annotate(ctx, run, { stage: 'apply', mode: input.mode });
    if (run.status !== 'previewed') throw new AppError('CONFLICT', 'error.import.apply.notPreviewed');
    const counts = JSON.parse(run.counts ?? 'null') as ImportCounts | null;
    if (input.mode === 'all' && counts && counts.error > 0) throw new AppError('CONFLICT', 'error.import.apply.hasErrors', { params: { count: counts.error } });
    const path = pathsOf(app).get(run.id);
    if (!path) throw new AppError('CONFLICT', 'error.import.apply.previewAgain');
    const jobId = await app.jobs.enqueue(db, afterCommit, { kind: 'imports.apply', params: { importId: run.id, scope: jobScopeOf(actor), userBranchId: actor.branchId, path }, userId: actor.userId, clientId });
    // applied_at is the stamp every row this apply writes carries (changes.ts: "touched since").
    await db.updateTable('import_runs').set({ status: 'applying', mode: input.mode, applied_at: app.now().toISOString(), job_id: jobId }).where('id', '=', run.id).where('status', '=', 'previewed').execute();
    if (counts) ctx.audit.detail = { ...ctx.audit.detail, rows: counts.total, errors: counts.error };
    return { jobId };
  },

  'imports.get': async (input, ctx) => dto(ctx.app, visibleRun(ctx, input.id)),

  'imports.list': async (input, { app, actor }) => {
    const where = [actor.scope === 'all' ? '1' : 'r.branch_id = $branch', input.before ? 'r.id < $before' : '1'].join(' AND ');
    const rows = app.db.sqlite
      .prepare(`${RUN_SELECT} WHERE ${where} ORDER BY r.id DESC LIMIT $limit`)
      .all({ ...(actor.scope === 'all' ? {} : { branch: actor.branchId }), ...(input.before ? { before: input.before } : {}), limit: input.limit }) as (RunRow & { user_name: string })[];
    return { rows: rows.map((r) => dto(app, r)) };
  },

  /** A copy of the stored report, written under the save handle's name only when complete. */
  'imports.errorReport': async (input, ctx) => {
    const run = visibleRun(ctx, input.id);
    annotate(ctx, run, { stage: 'errorReport' });
    if (!run.report_path) throw new AppError('NOT_FOUND', 'error.import.noReport');
    const { path } = ctx.app.files.resolve(input.handle, ctx.clientId, 'write');
    const part = `${path}.part`;
    try {
      await copyFile(run.report_path, part);
      await rename(part, path);
    } catch (e) {
      await rm(part, { force: true });
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('NOT_FOUND', 'error.import.noReport');
      throw e;
    }
    return OK;
  },

  'imports.undo': async (input, ctx) => {
    const { app, clientId, db, actor, afterCommit } = ctx;
    const run = visibleRun(ctx, input.id);
    annotate(ctx, run, { stage: 'undo' });
    // An apply or an undo cut off mid-way (the app quit) can be undone too (runs.ts `undoStart`).
    const start = undoStart(run, interrupted(app, run));
    if (start === null) throw new AppError('CONFLICT', 'error.import.undo.notApplied');
    // Products are HQ master data: taking an import of them back is a product change, as its apply was.
    if (run.kind === 'products' && !(actor.permissions.has('products.manage') && actor.scope === 'all')) throw new AppError('FORBIDDEN', 'error.FORBIDDEN');
    if (run.kind === 'products' && nodeInfo(app.db.sqlite).role !== 'hq') throw new AppError('FORBIDDEN', 'error.sync.hqDataAtBranch');
    // Checked here for the usual sizes (an answer at once); always again inside the job's transaction.
    if (start === 'fresh' && appliedRows(app.db.sqlite, run) <= EXACT_UNDO_CHECK_ROWS) refuseUndo(app.db.sqlite, run.id, run.applied_at!);
    const jobId = await app.jobs.enqueue(db, afterCommit, {
      kind: 'imports.undo',
      params: { importId: run.id, scope: jobScopeOf(actor), userBranchId: actor.branchId, from: run.status === 'applied' ? 'applied' : 'applying' },
      userId: actor.userId,
      clientId,
    });
    await db.updateTable('import_runs').set({ status: 'undoing', job_id: jobId }).where('id', '=', run.id).execute();
    return { jobId };
  },

  'imports.templates.list': async (input, { app }) =>
    listTemplates(app.db.sqlite, input.kind).map((t) => ({ id: t.id, kind: t.kind, name: t.name, headers: t.headers, mapping: t.mapping, updatedAt: t.updatedAt })),

  /** A template made at a branch is that branch's to remove (at HQ, every branch's). */
  'imports.templates.remove': async (input, { app, actor, audit }) => {
    const t = app.db.sqlite.prepare(`SELECT t.id, u.branch_id FROM import_templates t JOIN users u ON u.id = t.created_by WHERE t.id = ?`).get(input.id) as { id: string; branch_id: string } | undefined;
    if (!t || !coversBranch(actor, t.branch_id)) throw new AppError('NOT_FOUND', 'error.import.template.notFound');
    app.db.sqlite.prepare(`DELETE FROM import_templates WHERE id = ?`).run(t.id);
    audit.targetType = 'importTemplate';
    audit.targetId = t.id;
    return OK;
  },
} satisfies HandlersFor<typeof importsContract>;

