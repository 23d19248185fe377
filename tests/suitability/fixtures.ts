import { v7 as uuidv7 } from 'uuid';
import { makeIdNumber, type TestApp } from '../helpers/app';
import { insertCustomers } from '../helpers/insert-customer';
import { writeTxSync } from '../../src-main/db/tx';
import { recomputeDerived } from '../../src-main/suitability/suitability.queries';
import type { MethodInput } from '../../src-shared/contract';
import type { CustomerRiskLevel, ProductRiskLevel, QuestionnaireDefinition } from '../../src-shared/suitability/suitability-fields';

/**
 * A small questionnaire with known boundaries: four single-choice questions (0/3/5/10 points;
 * q4 0/1/2/10) and one multi-choice question scoring its highest option (0/2/5). Bands: C1 from
 * 0, C2 from 10, C3 from 20, C4 from 30, C5 from 40. A total below 5 is the lowest category, and
 * so is option q1.none ("cannot bear any loss"), whatever the total.
 */
export const DEF: QuestionnaireDefinition = {
  questions: [
    { key: 'q1', text: '您能承受的最大损失？', options: [{ key: 'a', text: '0', score: 0 }, { key: 'b', text: '3', score: 3 }, { key: 'c', text: '5', score: 5 }, { key: 'd', text: '10', score: 10 }, { key: 'none', text: '不能承受任何损失', score: 10, lowest: true }] },
    { key: 'q2', text: '投资经验', options: [{ key: 'a', text: '0', score: 0 }, { key: 'b', text: '3', score: 3 }, { key: 'c', text: '5', score: 5 }, { key: 'd', text: '10', score: 10 }] },
    { key: 'q3', text: '投资目的', options: [{ key: 'a', text: '0', score: 0 }, { key: 'b', text: '3', score: 3 }, { key: 'c', text: '5', score: 5 }, { key: 'd', text: '10', score: 10 }] },
    { key: 'q4', text: '收入来源', options: [{ key: 'a', text: '0', score: 0 }, { key: 'b', text: '1', score: 1 }, { key: 'c', text: '2', score: 2 }, { key: 'd', text: '10', score: 10 }] },
    { key: 'q5', text: '了解的品种（多选）', multi: true, options: [{ key: 'a', text: '0', score: 0 }, { key: 'b', text: '2', score: 2 }, { key: 'c', text: '5', score: 5 }] },
  ],
  bands: [
    { level: 'C1', minScore: 0 },
    { level: 'C2', minScore: 10 },
    { level: 'C3', minScore: 20 },
    { level: 'C4', minScore: 30 },
    { level: 'C5', minScore: 40 },
  ],
  lowestBelow: 5,
};

/** Answers (q1…q4 single, q5 multi) as option keys. */
export const answers = (q1: string, q2: string, q3: string, q4: string, q5: string[] = ['a']) => [
  { question: 'q1', options: [q1] },
  { question: 'q2', options: [q2] },
  { question: 'q3', options: [q3] },
  { question: 'q4', options: [q4] },
  { question: 'q5', options: q5 },
];

/** An active questionnaire made the way HQ makes one (admin: draft, then activate). */
export async function activeQuestionnaire(t: TestApp, def: QuestionnaireDefinition = DEF): Promise<string> {
  const admin = await t.login('admin');
  const q = await t.ok(admin, 'questionnaires.saveDraft', { name: '个人投资者风险承受能力评估问卷', definition: def });
  await t.ok(admin, 'questionnaires.activate', { id: q.id });
  return q.id;
}

let productNo = 0;
export async function product(t: TestApp, level: ProductRiskLevel, extra: Partial<MethodInput<'products.save'>> = {}): Promise<string> {
  const analyst = await t.login('analyst');
  productNo += 1;
  const r = await t.ok(analyst, 'products.save', { code: `P${String(productNo).padStart(5, '0')}`, name: `测试产品${level}-${productNo}`, type: 'fund', riskLevel: level, status: 'on_sale', ...extra });
  return r.product.id;
}

let customerNo = 0;
/** A customer of branch 1 managed by am1 (unless said otherwise); elderly ones were born in 1940. */
export function customer(t: TestApp, opts: { elderly?: boolean; branch?: 'b1' | 'b2'; manager?: string | null; kind?: 'individual' | 'institution' } = {}): string {
  customerNo += 1;
  const birth = opts.elderly ? '19400505' : '19800808';
  const branch = opts.branch ?? 'b1';
  const manager = opts.manager === undefined ? (branch === 'b1' ? t.users.am1!.id : t.users.am2!.id) : opts.manager;
  const [id] = insertCustomers(t, [
    {
      customerNo: String(300000000 + customerNo),
      name: `客户${customerNo}`,
      idNo: makeIdNumber(birth, customerNo % 1000),
      birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`,
      branchId: t.org[branch],
      managerId: manager,
    },
  ]);
  if (opts.kind === 'institution') writeTxSync(t.db, 'test-fixture', () => t.db.sqlite.prepare(`UPDATE customers SET kind = 'institution' WHERE id = ?`).run(id), 'uncaptured');
  return id!;
}

/**
 * Give a customer an assessment (as if taken earlier: an insert-only row, then the derived
 * fields recomputed the way suitability.assess does).
 */
export function assessed(t: TestApp, customerId: string, a: { level: CustomerRiskLevel; lowest?: boolean; assessedAt?: string; expiresAt: string; questionnaireId?: string }): string {
  const id = uuidv7();
  writeTxSync(
    t.db,
    'test-fixture',
    () => {
      t.db.sqlite
        .prepare(
          `INSERT INTO risk_assessments (id, customer_id, branch_id, questionnaire_id, questionnaire_version, answers, score, level, lowest, assessed_at, expires_at, assessed_by, created_at, deleted_at)
           SELECT ?, id, branch_id, ?, 1, '[]', 0, ?, ?, ?, ?, ?, ?, NULL FROM customers WHERE id = ?`,
        )
        .run(id, a.questionnaireId ?? uuidv7(), a.level, a.lowest ? 1 : 0, a.assessedAt ?? '2024-01-01T02:00:00.000Z', a.expiresAt, t.users.am1!.id, a.assessedAt ?? '2024-01-01T02:00:00.000Z', customerId);
      recomputeDerived(t.db.sqlite, customerId);
    },
    'uncaptured',
  );
  return id;
}

export function setProfessional(t: TestApp, customerId: string): void {
  writeTxSync(t.db, 'test-fixture', () => t.db.sqlite.prepare(`UPDATE customers SET investor_category = 'professional' WHERE id = ?`).run(customerId), 'uncaptured');
}

/** Holdings rows as the trading import writes them (local, not synced). */
export function holds(t: TestApp, rows: { customerId: string; accountNo: string; productCode: string; asOf?: string; quantity?: number }[]): void {
  const ins = t.db.sqlite.prepare(
    `INSERT INTO holdings (account_no, as_of, product_code, product_name, customer_id, branch_id, quantity, market_value_fen, import_id)
     SELECT ?, ?, ?, NULL, id, branch_id, ?, NULL, 'test' FROM customers WHERE id = ?`,
  );
  writeTxSync(t.db, 'test-fixture', () => {
    for (const r of rows) ins.run(r.accountNo, r.asOf ?? '2025-05-30', r.productCode, r.quantity ?? 100, r.customerId);
  }, 'uncaptured');
}

export const count = (t: TestApp, sql: string, ...p: unknown[]) => (t.db.sqlite.prepare(sql).pluck().get(...p) as number);
