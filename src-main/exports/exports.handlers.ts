import { extname } from 'node:path';
import { jobScopeOf } from '../scope/scope';
import { exportsContract } from '../../src-shared/exports/exports.contract';
import { AppError, fieldError } from '../../src-shared/rpc/errors';
import type { Actor, HandlersFor } from '../ipc/types';

/** The data scope an export covers: the caller's, fixed when it starts (as the duplicate finder's). */
/**
 * List export to .xlsx/.csv as a job (export.jobs.ts runs it in a worker). The call itself is
 * audited by the dispatcher as an export of personal data (target: the job; detail: format,
 * masking, how many columns, which filters — never the search term or any value); the job
 * adds a closing row with the outcome and the row count.
 */
export const exportsHandlers = {
  'exports.customers': async (input, { app, db, actor, clientId, audit, afterCommit }) => {
    const { path, name } = app.files.resolve(input.handle, clientId, 'write');
    const ext = extname(name).slice(1).toLowerCase();
    if ((ext === 'xlsx' || ext === 'csv') && ext !== input.format) {
      throw fieldError(['format'], 'validation.exports.formatMismatch', { ext, format: input.format });
    }
    if (input.unmasked && !actor.permissions.has('exports.unmasked')) {
      throw new AppError('FORBIDDEN', 'error.exports.unmaskedForbidden');
    }
    const jobId = await app.jobs.enqueue(db, afterCommit, {
      kind: 'exports.customers',
      params: {
        path,
        format: input.format,
        scope: jobScopeOf(actor),
        request: { q: input.q ? input.q : null, filter: input.filter, sort: input.sort, columns: [...new Set(input.columns)], unmasked: input.unmasked },
        by: { login: actor.login, displayName: actor.displayName, branchId: actor.branchId },
        requestedAt: app.now().toISOString(),
      },
      userId: actor.userId,
      clientId,
    });
    audit.targetType = 'job';
    audit.targetId = jobId;
    audit.detail = {
      personalData: true,
      kind: 'customers',
      format: input.format,
      unmasked: input.unmasked,
      columns: input.columns.join(','),
      filters: Object.entries(input.filter)
        .filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
        .map(([k]) => k)
        .sort()
        .join(','),
      search: Boolean(input.q),
      sort: `${input.sort.field} ${input.sort.dir}`,
    };
    return { jobId };
  },
} satisfies HandlersFor<typeof exportsContract>;
