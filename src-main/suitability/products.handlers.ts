import { v7 as uuidv7 } from 'uuid';
import type { suitabilityContract } from '../../src-shared/suitability/suitability.contract';
import { AppError, fieldError } from '../../src-shared/rpc/errors';
import { levelNumber } from '../../src-shared/suitability/rules';
import type { Actor, HandlersFor } from '../ipc/types';
import {
  PRODUCT_COLUMNS,
  QUESTIONNAIRE_COLUMNS,
  activeQuestionnaire,
  all,
  decodeCursor,
  one,
  page,
  productOrThrow,
  questionnaireRow,
  riskHistory,
  run,
  toProductDto,
  toQuestionnaireDto,
  toQuestionnaireSummary,
  type ProductRow,
  type QuestionnaireRow,
} from './suitability.queries';

type C = typeof suitabilityContract;
type Only<K extends keyof C> = { [M in K]: C[M] };

/** Products and questionnaires are HQ-owned master data (architecture.md "Merge"): changed only at HQ. */
function assertHq(actor: Actor): void {
  if (actor.scope !== 'all' || actor.orgKind !== 'hq') throw new AppError('FORBIDDEN', 'error.suitability.hqOnly');
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export const productHandlers = {
  /**
   * Keyset by (code, id). One enumerated filter seeks its index (status, type or risk level
   * first, then code); `q` matches a code prefix or a name substring within what that yields
   * (products are master data: thousands, not millions).
   */
  'products.list': async (input, { app }) => {
    const db = app.db.sqlite;
    const after = decodeCursor(input.after, 2);
    const where: string[] = ['deleted_at IS NULL'];
    const params: unknown[] = [];
    if (input.status) (where.push('status = ?'), params.push(input.status));
    if (input.type) (where.push('type = ?'), params.push(input.type));
    if (input.riskLevel) (where.push('risk_level = ?'), params.push(input.riskLevel));
    if (input.q) {
      const q = likeEscape(input.q);
      where.push(`(code LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\')`);
      params.push(`${q}%`, `%${q}%`);
    }
    if (after) (where.push('(code, id) > (?, ?)'), params.push(after[0], after[1]));
    const rows = all<ProductRow>(db, `SELECT ${PRODUCT_COLUMNS} FROM products WHERE ${where.join(' AND ')} ORDER BY code, id LIMIT ?`, ...params, input.limit + 1);
    return page(rows, input.limit, (r) => [r.code, r.id], toProductDto);
  },

  'products.get': async (input, { app }) => {
    const p = productOrThrow(app.db.sqlite, input.id);
    return { product: toProductDto(p), riskHistory: riskHistory(app.db.sqlite, p.id) };
  },

  /**
   * Create or update. Product codes are checked here, not by a UNIQUE index (synced table). A
   * change of risk level is written to the insert-only history with its reason; a rise starts
   * the cascade (products.riskRise): holders and open recommendations that no longer match get
   * a compliance review and a task.
   */
  'products.save': async (input, { app, db: kdb, actor, audit, clientId, afterCommit }) => {
    assertHq(actor);
    const db = app.db.sqlite;
    const now = app.now().toISOString();
    const taken = one<{ id: string }>(db, `SELECT id FROM products WHERE code = ? AND deleted_at IS NULL AND id IS NOT ? LIMIT 1`, input.code, input.id ?? null);
    if (taken) throw new AppError('CONFLICT', 'error.suitability.productCodeTaken', { params: { code: input.code }, issues: [{ path: ['code'], message: 'validation.suitability.productCodeTaken', params: { code: input.code } }] });
    const cols = {
      code: input.code,
      name: input.name,
      type: input.type,
      issuer: input.issuer ?? null,
      risk_level: input.riskLevel,
      variety: input.variety ?? null,
      horizon: input.horizon ?? null,
      term_days: input.termDays ?? null,
      min_amount_fen: input.minAmountFen ?? null,
      sale_start: input.saleStart ?? null,
      sale_end: input.saleEnd ?? null,
      status: input.status,
      documents: JSON.stringify(input.documents),
    };
    let id: string;
    let from: ProductRow['risk_level'] | null = null;
    if (input.id === undefined) {
      id = uuidv7();
      run(
        db,
        `INSERT INTO products (id, code, name, type, issuer, risk_level, variety, horizon, term_days, min_amount_fen, sale_start, sale_end, status, documents, branch_id, version, created_at, updated_at, updated_by, deleted_at)
         VALUES (@id, @code, @name, @type, @issuer, @risk_level, @variety, @horizon, @term_days, @min_amount_fen, @sale_start, @sale_end, @status, @documents, @branch_id, 1, @now, @now, @by, NULL)`,
        { ...cols, id, branch_id: actor.branchId, now, by: actor.userId },
      );
    } else {
      const p = productOrThrow(db, input.id);
      id = p.id;
      if (p.version !== input.version) {
        const by = p.updated_by ? one<{ display_name: string }>(db, `SELECT display_name FROM users WHERE id = ?`, p.updated_by) : undefined;
        throw new AppError('STALE', 'error.suitability.productStale', { params: { by: by?.display_name ?? '', at: p.updated_at } });
      }
      from = p.risk_level;
      if (from !== input.riskLevel && !input.riskChangeReason) throw fieldError(['riskChangeReason'], 'validation.suitability.riskChangeReason');
      const r = run(
        db,
        `UPDATE products SET code = @code, name = @name, type = @type, issuer = @issuer, risk_level = @risk_level, variety = @variety, horizon = @horizon,
           term_days = @term_days, min_amount_fen = @min_amount_fen, sale_start = @sale_start, sale_end = @sale_end, status = @status, documents = @documents,
           version = version + 1, updated_at = @now, updated_by = @by
         WHERE id = @id AND version = @version`,
        { ...cols, id, now, by: actor.userId, version: input.version },
      );
      if (r.changes !== 1) throw new AppError('STALE', 'error.suitability.productStale', { params: { by: '', at: now } });
    }
    let cascadeJobId: string | null = null;
    if (from !== input.riskLevel) {
      const changeId = uuidv7();
      run(
        db,
        `INSERT INTO product_risk_changes (id, product_id, branch_id, from_level, to_level, changed_at, changed_by, reason, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
        changeId, id, actor.branchId, from, input.riskLevel, now, actor.userId, input.riskChangeReason ?? null,
      );
      if (from !== null && levelNumber(input.riskLevel) > levelNumber(from)) {
        cascadeJobId = await app.jobs.enqueue(kdb, afterCommit, {
          kind: 'products.riskRise',
          params: { productId: id, riskChangeId: changeId },
          userId: actor.userId,
          clientId,
        });
      }
    }
    audit.targetType = 'product';
    audit.targetId = id;
    audit.detail = { created: input.id === undefined, riskFrom: from ?? '', riskTo: input.riskLevel, ...(cascadeJobId ? { cascadeJobId } : {}) };
    return { product: toProductDto(productOrThrow(db, id)), cascadeJobId };
  },

  'questionnaires.list': async (input, { app }) => {
    const rows = input.status
      ? all<QuestionnaireRow>(app.db.sqlite, `SELECT ${QUESTIONNAIRE_COLUMNS} FROM questionnaires WHERE status = ? AND deleted_at IS NULL ORDER BY version DESC`, input.status)
      : all<QuestionnaireRow>(app.db.sqlite, `SELECT ${QUESTIONNAIRE_COLUMNS} FROM questionnaires WHERE deleted_at IS NULL ORDER BY version DESC`);
    return rows.map(toQuestionnaireSummary);
  },

  'questionnaires.get': async (input, { app }) => {
    const q = questionnaireRow(app.db.sqlite, input.id);
    if (!q) throw new AppError('NOT_FOUND', 'error.suitability.questionnaireNotFound');
    return toQuestionnaireDto(q);
  },

  'questionnaires.active': async (_input, { app }) => {
    const q = activeQuestionnaire(app.db.sqlite);
    return q ? toQuestionnaireDto(q) : null;
  },

  /**
   * A draft is edited in place; anything else is a new draft with the next version (the form
   * to change the active questionnaire copies it). An active or retired version never changes:
   * assessments point at it and their answers must keep their meaning.
   */
  'questionnaires.saveDraft': async (input, { app, actor, audit }) => {
    assertHq(actor);
    const db = app.db.sqlite;
    const now = app.now().toISOString();
    const definition = JSON.stringify(input.definition);
    let id: string;
    if (input.id !== undefined) {
      const q = questionnaireRow(db, input.id);
      if (!q) throw new AppError('NOT_FOUND', 'error.suitability.questionnaireNotFound');
      if (q.status !== 'draft') throw new AppError('CONFLICT', 'error.suitability.questionnaireImmutable', { params: { status: q.status, version: q.version } });
      id = q.id;
      run(db, `UPDATE questionnaires SET name = ?, definition = ?, updated_at = ? WHERE id = ? AND status = 'draft'`, input.name, definition, now, id);
    } else {
      id = uuidv7();
      const version = (one<{ v: number | null }>(db, `SELECT max(version) AS v FROM questionnaires`)?.v ?? 0) + 1;
      run(
        db,
        `INSERT INTO questionnaires (id, name, version, status, definition, branch_id, created_by, created_at, activated_at, retired_at, updated_at, deleted_at)
         VALUES (?, ?, ?, 'draft', ?, ?, ?, ?, NULL, NULL, ?, NULL)`,
        id, input.name, version, definition, actor.branchId, actor.userId, now, now,
      );
    }
    audit.targetType = 'questionnaire';
    audit.targetId = id;
    return toQuestionnaireDto(questionnaireRow(db, id)!);
  },

  /** The draft becomes the one active questionnaire; whichever was active is retired in the same transaction. */
  'questionnaires.activate': async (input, { app, actor, audit }) => {
    assertHq(actor);
    const db = app.db.sqlite;
    const q = questionnaireRow(db, input.id);
    if (!q) throw new AppError('NOT_FOUND', 'error.suitability.questionnaireNotFound');
    if (q.status !== 'draft') throw new AppError('CONFLICT', 'error.suitability.questionnaireNotDraft', { params: { status: q.status, version: q.version } });
    const now = app.now().toISOString();
    const retired = run(db, `UPDATE questionnaires SET status = 'retired', retired_at = ?, updated_at = ? WHERE status = 'active' AND deleted_at IS NULL`, now, now).changes;
    run(db, `UPDATE questionnaires SET status = 'active', activated_at = ?, updated_at = ? WHERE id = ?`, now, now, q.id);
    audit.targetType = 'questionnaire';
    audit.targetId = q.id;
    audit.detail = { version: q.version, retired };
    return toQuestionnaireDto(questionnaireRow(db, q.id)!);
  },
} satisfies HandlersFor<
  Only<'products.list' | 'products.get' | 'products.save' | 'questionnaires.list' | 'questionnaires.get' | 'questionnaires.active' | 'questionnaires.saveDraft' | 'questionnaires.activate'>
>;
