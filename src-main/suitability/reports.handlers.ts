import { statSync } from 'node:fs';
import { jobScopeOf } from '../scope/scope';
import type { suitabilityContract, SuitabilityReportRowDto } from '../../src-shared/suitability/suitability.contract';
import { AppError } from '../../src-shared/rpc/errors';
import { shanghaiToday } from '../customers/customers.queries';
import type { Actor, HandlersFor } from '../ipc/types';
import { addDays, expiredPage, opinionRows, reportRows, shanghaiDateTime, type ExpiredRow } from './reports.queries';
import { branchFilter, customerInScope, decodeCursor, one, page } from './suitability.queries';
import { suitabilityZhCN } from '../../src-shared/i18n/parts/suitability';

type C = typeof suitabilityContract;
type Only<K extends keyof C> = { [M in K]: C[M] };

export const reportHandlers = {
  /** Soonest expiry first, keyset on (risk_expires_at, seq): the branch expiry index (0004), merged across branches firm-wide. */
  'suitability.expired': async (input, { app, actor }) => {
    const db = app.db.sqlite;
    const branchId = branchFilter(actor, input.branchId);
    const after = decodeCursor(input.after, 2) as [string, number] | undefined;
    const cutoff = addDays(shanghaiToday(app.now()), input.withinDays);
    const rows = expiredPage(db, jobScopeOf(actor), branchId ?? null, cutoff, after ?? null, input.limit + 1);
    return page(rows, input.limit, (r: ExpiredRow) => [r.risk_expires_at, r.seq], (r: ExpiredRow) => ({
      customerId: r.id,
      customerNo: r.customer_no,
      customerName: r.name,
      branchId: r.branch_id,
      branchName: r.branch_name,
      managerName: r.manager_name,
      riskLevel: r.risk_level,
      riskExpiresAt: r.risk_expires_at,
    }));
  },

  'suitability.report': async (input, { app, actor }) => {
    const branchId = branchFilter(actor, input.branchId);
    const today = shanghaiToday(app.now());
    const rows: SuitabilityReportRowDto[] = reportRows(app.db.sqlite, jobScopeOf(actor), branchId ?? null, today);
    return { asOf: today, rows };
  },

  /** A compliance view to a file, as a job (a branch's expired assessments can run to 100,000s). */
  'suitability.export': async (input, { app, actor, audit, clientId, db, afterCommit }) => {
    const branchId = branchFilter(actor, input.branchId);
    const { path } = app.files.resolve(input.handle, clientId, 'write');
    const jobId = await app.jobs.enqueue(db, afterCommit, {
      kind: 'suitability.export',
      params: { view: input.view, format: input.format, path, scope: jobScopeOf(actor), branchId: branchId ?? null, userName: actor.displayName },
      userId: actor.userId,
      clientId,
    });
    audit.targetType = 'suitabilityExport';
    audit.detail = { view: input.view, format: input.format, jobId };
    return { jobId };
  },

  /**
   * The suitability-match opinion (适当性匹配意见) of one recommendation: what was checked,
   * against which assessment, the outcome and why, the warning and who acknowledged it, who
   * approved. One small sheet (two columns), written in Chinese (the firm's record).
   */
  'suitability.opinion': async (input, { app, actor, audit, clientId }) => {
    const db = app.db.sqlite;
    const rec = one<{ customer_id: string }>(db, `SELECT customer_id FROM recommendations WHERE id = ? AND deleted_at IS NULL`, input.recommendationId);
    if (!rec) throw new AppError('NOT_FOUND', 'error.suitability.recommendationNotFound');
    customerInScope(db, actor, rec.customer_id);
    const { path } = app.files.resolve(input.handle, clientId, 'write');
    const rows = opinionRows(db, input.recommendationId);
    const L = suitabilityZhCN;
    // Loaded on use: exceljs is heavy, and only this and the export job need it.
    const { openTableWriter } = await import('../exports/table-writer');
    const w = await openTableWriter(path, 'xlsx', {
      sheetName: L['suitability.opinion.sheet'],
      cover: L['suitability.opinion.cover'].replace('{{at}}', shanghaiDateTime(app.now().toISOString())).replace('{{by}}', actor.displayName),
      columns: [
        { header: L['suitability.opinion.col.item'], type: 'text' },
        { header: L['suitability.opinion.col.value'], type: 'text' },
      ],
    });
    try {
      for (const r of rows) await w.add(r);
      await w.close();
    } catch (e) {
      await w.abort();
      throw e;
    }
    audit.targetType = 'recommendation';
    audit.targetId = input.recommendationId;
    audit.detail = { document: 'opinion' };
    return { bytes: statSync(path).size };
  },
} satisfies HandlersFor<Only<'suitability.expired' | 'suitability.report' | 'suitability.export' | 'suitability.opinion'>>;
