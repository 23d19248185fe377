import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { jobScopeOf } from '../scope/scope';
import { COUNT_CAP, countCustomers } from '../customers/list-shapes';
import { shanghaiToday } from '../customers/customers.queries';
import { itemList, keyList } from '../../src-shared/i18n/catalogues';
import { exportsContract, type ExportFormat, type StagedExportDto } from '../../src-shared/exports/exports.contract';
import { AppError, fieldError } from '../../src-shared/rpc/errors';
import { OK } from '../../src-shared/lib/common';
import { fsyncAndRename } from '../lib/atomic-write';
import type { AppContext } from '../ipc/context';
import type { Actor, AuditNote, HandlersFor } from '../ipc/types';
import type { CustomerExportRequest } from './export-job-params';
import { stagedExportPath, stagedSince } from './staged-exports';

type Enqueue = { app: AppContext; db: Parameters<AppContext['jobs']['enqueue']>[0]; afterCommit: ((fn: () => void) => void) | undefined; actor: Actor; clientId: string; audit: AuditNote };

/** The export job for `request`, written to `path`, with the caller's scope fixed now; the call's audit detail (never a value or the search term). */
async function enqueueExport(c: Enqueue, path: string, format: ExportFormat, request: CustomerExportRequest): Promise<string> {
  const jobId = await c.app.jobs.enqueue(c.db, c.afterCommit, {
    kind: 'exports.customers',
    params: {
      path,
      format,
      scope: jobScopeOf(c.actor),
      request,
      by: { login: c.actor.login, displayName: c.actor.displayName, branchId: c.actor.branchId },
      requestedAt: c.app.now().toISOString(),
    },
    userId: c.actor.userId,
    clientId: c.clientId,
  });
  c.audit.targetType = 'job';
  c.audit.targetId = jobId;
  c.audit.detail = {
    personalData: true,
    kind: 'customers',
    format,
    unmasked: request.unmasked,
    columns: request.columns.join(','),
    filters: Object.entries(request.filter)
      .filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
      .map(([k]) => k)
      .sort()
      .join(','),
    search: Boolean(request.q),
    sort: `${request.sort.field} ${request.sort.dir}`,
  };
  return jobId;
}

/** A file name whose extension names the other format is refused (under `field`): an .xlsx full of CSV would not open. */
function refuseOtherFormat(name: string, format: ExportFormat, field: 'format' | 'handle'): void {
  const ext = extname(name).slice(1).toLowerCase();
  if ((ext === 'xlsx' || ext === 'csv') && ext !== format) throw fieldError([field], 'validation.exports.formatMismatch', { ext, format });
}

/** What the job repeats of the list: its search, filters, sort and columns (each once). */
function requestOf(input: Pick<CustomerExportRequest, 'filter' | 'sort' | 'columns'> & { q?: string | undefined }, unmasked: boolean): CustomerExportRequest {
  return { q: input.q ? input.q : null, filter: input.filter, sort: input.sort, columns: [...new Set(input.columns)], unmasked };
}

type StagedRow = { id: string; job_id: string; format: ExportFormat; path: string; created_at: string; saved_at: string | null; approver: string; status: string; result: string | null };

/**
 * List export to .xlsx/.csv as a job (export.jobs.ts runs it in a worker). The call itself is
 * audited by the dispatcher as an export of personal data (target: the job; detail: format,
 * masking, how many columns, which filters — never the search term or any value); the job
 * adds a closing row with the outcome and the row count. Unmasked only by four-eyes
 * (`exports.customersUnmasked`): the approved file waits in the app's folder for its maker.
 */
export const exportsHandlers = {
  'exports.customers': async (input, { app, db, actor, clientId, audit, afterCommit }) => {
    const { path, name } = app.files.resolve(input.handle, clientId, 'write');
    refuseOtherFormat(name, input.format, 'format');
    if (input.unmasked) {
      if (!actor.permissions.has('exports.unmasked')) throw new AppError('FORBIDDEN', 'error.exports.unmaskedForbidden');
      // Full personal data leaves the app only with a second person's approval.
      throw new AppError('FORBIDDEN', 'error.exports.unmaskedNeedsApproval');
    }
    const request = requestOf(input, false);
    return { jobId: await enqueueExport({ app, db, afterCommit, actor, clientId, audit }, path, input.format, request) };
  },

  /** Four-eyes: `prepare` on the maker's call (and again at approval), `run` once approved, as the maker. */
  'exports.customersUnmasked': {
    prepare: async (input, { app, db, actor }) => {
      // What the checker approves: whose customers, and how many the list holds now (as its count
      // shows it, capped), besides the format and how many columns and filters.
      const n = await countCustomers(db, actor, { q: input.q ? input.q : undefined, filter: input.filter }, shanghaiToday(app.now()));
      return {
        branchId: actor.branchId,
        summary: {
          format: input.format.toUpperCase(),
          columns: new Set(input.columns).size,
          filters: Object.keys(input.filter).length,
          search: input.q ? 1 : 0,
          // A branch by its name (the checker may be HQ's); the requester's own, or the whole firm, by label.
          ...(actor.scope === 'branch'
            ? { whereItems: itemList([(app.db.sqlite.prepare(`SELECT name FROM org_units WHERE id = ?`).pluck().get(actor.branchId) as string | undefined) ?? '—']) }
            : { whereKeys: keyList([`approval.scope.${actor.scope}`]) }),
          rows: Math.min(n, COUNT_CAP),
          more: n > COUNT_CAP ? '+' : '',
        },
      };
    },
    run: async (input, { app, db, actor, audit, afterCommit, approver }) => {
      if (!approver) throw new AppError('FORBIDDEN', 'error.exports.unmaskedNeedsApproval');
      const request = requestOf(input, true);
      const id = uuidv7();
      const path = stagedExportPath(app.db.file, id, input.format);
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      // Its progress goes to no window: the checker's is not the maker's, who sees it in the dialog's list.
      const jobId = await enqueueExport({ app, db, afterCommit, actor, clientId: '', audit }, path, input.format, request);
      app.db.sqlite
        .prepare(`INSERT INTO staged_exports (id, job_id, maker_id, approver_id, format, path, created_at, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)`)
        .run(id, jobId, actor.userId, approver.userId, input.format, path, app.now().toISOString());
      return { jobId };
    },
    // The search term (a name or a phone, as typed) was needed to run the export, not to keep.
    settle: ({ q: _q, ...rest }) => rest,
  },

  'exports.staged.list': async (_input, { app, actor }) => {
    const rows = app.db.sqlite
      .prepare(
        `SELECT s.id, s.job_id, s.format, s.path, s.created_at, s.saved_at, u.display_name AS approver, j.status, j.result
         FROM staged_exports s JOIN users u ON u.id = s.approver_id LEFT JOIN jobs j ON j.id = s.job_id
         WHERE s.maker_id = ? AND s.created_at >= ? ORDER BY s.created_at DESC LIMIT 50`,
      )
      .all(actor.userId, stagedSince(app.now())) as StagedRow[];
    return rows.map((r): StagedExportDto => {
      // A job left queued or running by an earlier process (cut off by a restart) has failed.
      const live = (r.status === 'queued' || r.status === 'running') && (app.jobs.isLive(r.job_id) || r.created_at >= app.jobs.startedAt);
      const status = r.saved_at ? 'saved' : r.status === 'done' && existsSync(r.path) ? 'ready' : live ? 'running' : 'failed';
      const rowsDone = r.result ? Number((JSON.parse(r.result) as { rows?: number }).rows ?? 0) : null;
      return { id: r.id, jobId: r.job_id, format: r.format, createdAt: r.created_at, approverName: r.approver, status, rows: rowsDone, savedAt: r.saved_at };
    });
  },

  'exports.staged.save': async (input, { app, actor, clientId, audit, afterCommit }) => {
    const r = app.db.sqlite
      .prepare(`SELECT s.id, s.job_id, s.format, s.path, s.created_at, s.saved_at, j.status FROM staged_exports s LEFT JOIN jobs j ON j.id = s.job_id WHERE s.id = ? AND s.maker_id = ?`)
      .get(input.id, actor.userId) as Omit<StagedRow, 'approver' | 'result'> | undefined;
    // Another user's export is as unknown as a missing one.
    if (!r || r.created_at < stagedSince(app.now())) throw new AppError('NOT_FOUND', 'error.exports.stagedNotFound');
    if (r.saved_at) throw new AppError('CONFLICT', 'error.exports.stagedSaved');
    if (r.status !== 'done' || !existsSync(r.path)) throw new AppError('CONFLICT', 'error.exports.stagedNotReady');
    const { path, name } = app.files.resolve(input.handle, clientId, 'write');
    refuseOtherFormat(name, r.format, 'handle');
    // Claimed first, in this transaction: a second save waiting behind this one finds it saved.
    // Should the copy fail, the claim rolls back with it.
    if (app.db.sqlite.prepare(`UPDATE staged_exports SET saved_at = ? WHERE id = ? AND saved_at IS NULL`).run(app.now().toISOString(), r.id).changes !== 1) {
      throw new AppError('CONFLICT', 'error.exports.stagedSaved');
    }
    try {
      // Complete under its name or not at all.
      await copyFile(r.path, `${path}.part`);
      await fsyncAndRename(`${path}.part`, path);
    } catch {
      rmSync(`${path}.part`, { force: true });
      throw new AppError('INTERNAL', 'error.exports.writeFailed');
    }
    // The app's copy goes once the save is committed: rolled back, it can be saved again.
    afterCommit?.(() => rmSync(r.path, { force: true }));
    audit.targetType = 'job';
    audit.targetId = r.job_id;
    audit.detail = { personalData: true, unmasked: true, format: r.format };
    return OK;
  },
} satisfies HandlersFor<typeof exportsContract>;
