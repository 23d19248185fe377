import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { makeTestApp, type TestApp } from '../helpers/app';
import { DEMO_PRODUCTS, DEMO_QUESTIONNAIRE, seedSuitabilityDemo } from '../../src-main/suitability/demo-seed';
import { scoreAnswers } from '../../src-shared/suitability/scoring';
import { customer } from './fixtures';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
  seedSuitabilityDemo(t.db, { hqId: t.org.hq, authorId: t.users.admin!.id, now: Date.parse('2025-01-02T03:04:05Z'), newId: uuidv7 });
});
afterAll(() => t?.close());

describe('the demo’s suitability master data', () => {
  it('one active questionnaire spanning C1…C5, with a lowest-category answer', () => {
    const all = (o: string) => DEMO_QUESTIONNAIRE.questions.map((q) => ({ question: q.key, options: [o] }));
    expect(scoreAnswers(DEMO_QUESTIONNAIRE, all('d'))).toMatchObject({ ok: true, level: 'C5', lowest: false });
    expect(scoreAnswers(DEMO_QUESTIONNAIRE, all('a'))).toMatchObject({ ok: true, level: 'C1', lowest: true });
    expect(scoreAnswers(DEMO_QUESTIONNAIRE, all('b'))).toMatchObject({ ok: true, score: 57, level: 'C3', lowest: false });
    expect(scoreAnswers(DEMO_QUESTIONNAIRE, all('c'))).toMatchObject({ ok: true, level: 'C4', lowest: false });
  });

  it('is usable at once: a branch assesses with it and recommends from the shelf', async () => {
    const am1 = await t.login('am1');
    const q = await t.ok(am1, 'questionnaires.active', {});
    expect(q?.version).toBe(1);
    const products = await t.ok(am1, 'products.list', { status: 'on_sale', limit: 200 });
    expect(products.rows.map((p) => p.code)).toEqual(DEMO_PRODUCTS.map((p) => p.code).sort());
    expect(new Set(products.rows.map((p) => p.riskLevel))).toEqual(new Set(['R1', 'R2', 'R3', 'R4', 'R5']));
    const c = customer(t);
    const r = await t.ok(am1, 'suitability.assess', { customerId: c, questionnaireId: q!.id, answers: DEMO_QUESTIONNAIRE.questions.map((x) => ({ question: x.key, options: ['c'] })) });
    expect(r.profile.riskLevel).toBe('C4');
    const r4 = products.rows.find((p) => p.riskLevel === 'R4' && p.type === 'fund')!;
    const check = await t.ok(am1, 'suitability.check', { customerId: c, productId: r4.id, kind: 'recommend' });
    expect(check.outcome).toBe('allowed');
  });
});
