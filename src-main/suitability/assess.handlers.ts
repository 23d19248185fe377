import { v7 as uuidv7 } from 'uuid';
import type { suitabilityContract } from '../../src-shared/suitability/suitability.contract';
import { AppError } from '../../src-shared/rpc/errors';
import { RISK_WARNING_VERSION, zQuestionnaireDefinition } from '../../src-shared/suitability/suitability-fields';
import { expiryDate, scoreAnswers } from '../../src-shared/suitability/scoring';
import { checkSuitability } from '../../src-shared/suitability/rules';
import { shanghaiToday } from '../customers/customers.queries';
import type { HandlersFor } from '../ipc/types';
import {
  assessmentById,
  assessmentsOf,
  categoryChanges,
  customerInScope,
  productOrThrow,
  profileOf,
  questionnaireRow,
  readSuitabilitySettings,
  recomputeDerived,
  ruleCustomer,
  ruleProduct,
  run,
  writeSuitabilitySettings,
} from './suitability.queries';

type C = typeof suitabilityContract;
type Only<K extends keyof C> = { [M in K]: C[M] };

export const assessHandlers = {
  /**
   * An assessment is insert-only: answers, the questionnaire's id and version, the score and
   * level computed here. The customer's risk fields are then derived again from their latest
   * assessment, and their open re-assessment tasks are done.
   */
  'suitability.assess': async (input, { app, actor, audit }) => {
    const db = app.db.sqlite;
    const c = customerInScope(db, actor, input.customerId);
    const q = questionnaireRow(db, input.questionnaireId);
    if (!q) throw new AppError('NOT_FOUND', 'error.suitability.questionnaireNotFound');
    if (q.status !== 'active') throw new AppError('CONFLICT', 'error.suitability.questionnaireNotActive', { params: { version: q.version } });
    const def = zQuestionnaireDefinition.parse(JSON.parse(q.definition));
    const scored = scoreAnswers(def, input.answers);
    if (!scored.ok) throw new AppError('VALIDATION', 'error.VALIDATION', { issues: scored.problems });
    const now = app.now();
    const today = shanghaiToday(now);
    const { validityYears } = readSuitabilitySettings(db);
    const id = uuidv7();
    const at = now.toISOString();
    run(
      db,
      `INSERT INTO risk_assessments (id, customer_id, branch_id, questionnaire_id, questionnaire_version, answers, score, level, lowest, assessed_at, expires_at, assessed_by, created_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
      id, c.id, c.branch_id, q.id, q.version, JSON.stringify(input.answers), scored.score, scored.level, scored.lowest ? 1 : 0, at, expiryDate(today, validityYears), actor.userId, at,
    );
    recomputeDerived(db, c.id);
    run(db, `UPDATE tasks SET status = 'done', updated_at = ? WHERE customer_id = ? AND status = 'open' AND kind = 'reassess' AND deleted_at IS NULL`, at, c.id);
    audit.targetType = 'customer';
    audit.targetId = c.id;
    audit.detail = { assessmentId: id, questionnaireVersion: q.version };
    return { assessment: assessmentById(db, id, today), profile: profileOf(db, customerInScope(db, actor, c.id), today) };
  },

  'suitability.assessments': async (input, { app, actor }) => {
    const db = app.db.sqlite;
    const c = customerInScope(db, actor, input.customerId);
    return assessmentsOf(db, c.id, shanghaiToday(app.now()));
  },

  'suitability.profile': async (input, { app, actor }) => {
    const db = app.db.sqlite;
    return profileOf(db, customerInScope(db, actor, input.customerId), shanghaiToday(app.now()));
  },

  /** The rule's answer for this customer, product and kind today: the same function recommendations.create enforces. */
  'suitability.check': async (input, { app, actor }) => {
    const db = app.db.sqlite;
    const c = customerInScope(db, actor, input.customerId);
    const p = productOrThrow(db, input.productId);
    const today = shanghaiToday(app.now());
    const profile = profileOf(db, c, today);
    const r = checkSuitability(ruleCustomer(profile), ruleProduct(p), input.kind, today);
    return { ...r, warningVersion: r.requiresAck ? RISK_WARNING_VERSION : null, profile, productLevel: p.risk_level };
  },

  /**
   * Four-eyes (复核): the maker's request is stored with its evidence; a second person with
   * approvals.decide makes the change. Both names are kept on the change row and in the audit.
   */
  'investorCategory.requestProfessional': {
    prepare: async (input, { app, actor }) => {
      const c = customerInScope(app.db.sqlite, actor, input.customerId);
      if (c.investor_category === 'professional') throw new AppError('CONFLICT', 'error.suitability.alreadyProfessional');
      return { branchId: c.branch_id, summary: { customerNo: c.customer_no, to: 'professional', effectiveDate: input.effectiveDate } };
    },
    run: async (input, { app, actor, approver, audit }) => {
      const db = app.db.sqlite;
      const c = customerInScope(db, actor, input.customerId);
      if (c.investor_category === 'professional') throw new AppError('CONFLICT', 'error.suitability.alreadyProfessional');
      const now = app.now().toISOString();
      const id = uuidv7();
      run(
        db,
        `INSERT INTO investor_category_changes (id, customer_id, branch_id, from_category, to_category, evidence, effective_date, requested_by, approved_by, created_at, deleted_at)
         VALUES (?, ?, ?, 'ordinary', 'professional', ?, ?, ?, ?, ?, NULL)`,
        id, c.id, c.branch_id, input.evidence, input.effectiveDate, actor.userId, approver?.userId ?? null, now,
      );
      run(db, `UPDATE customers SET investor_category = 'professional', version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?`, now, actor.userId, c.id);
      audit.targetType = 'customer';
      audit.targetId = c.id;
      audit.detail = { from: 'ordinary', to: 'professional', changeId: id };
      return categoryChanges(db, 'id', id)[0]!;
    },
  },

  /** Back to ordinary at the customer's request: direct, recorded and audited (it only adds protection). */
  'investorCategory.revertToOrdinary': async (input, { app, actor, audit }) => {
    const db = app.db.sqlite;
    const c = customerInScope(db, actor, input.customerId);
    if (c.investor_category !== 'professional') throw new AppError('CONFLICT', 'error.suitability.notProfessional');
    const now = app.now().toISOString();
    const id = uuidv7();
    run(
      db,
      `INSERT INTO investor_category_changes (id, customer_id, branch_id, from_category, to_category, evidence, effective_date, requested_by, approved_by, created_at, deleted_at)
       VALUES (?, ?, ?, 'professional', 'ordinary', ?, ?, ?, NULL, ?, NULL)`,
      id, c.id, c.branch_id, input.evidence ?? null, input.effectiveDate, actor.userId, now,
    );
    run(db, `UPDATE customers SET investor_category = 'ordinary', version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?`, now, actor.userId, c.id);
    audit.targetType = 'customer';
    audit.targetId = c.id;
    audit.detail = { from: 'professional', to: 'ordinary', changeId: id };
    return categoryChanges(db, 'id', id)[0]!;
  },

  'investorCategory.history': async (input, { app, actor }) => {
    const db = app.db.sqlite;
    return categoryChanges(db, 'customer', customerInScope(db, actor, input.customerId).id);
  },

  'suitability.settings.get': async (_input, { app }) => readSuitabilitySettings(app.db.sqlite),

  'suitability.settings.update': async (input, { app, actor, audit }) => {
    writeSuitabilitySettings(app.db.sqlite, input, actor.userId, app.now().toISOString());
    audit.targetType = 'settings';
    audit.detail = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, v]));
    return readSuitabilitySettings(app.db.sqlite);
  },
} satisfies HandlersFor<
  Only<
    | 'suitability.assess'
    | 'suitability.assessments'
    | 'suitability.profile'
    | 'suitability.check'
    | 'investorCategory.requestProfessional'
    | 'investorCategory.revertToOrdinary'
    | 'investorCategory.history'
    | 'suitability.settings.get'
    | 'suitability.settings.update'
  >
>;
