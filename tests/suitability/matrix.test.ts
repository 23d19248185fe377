import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app';
import { PRODUCT_RISK_LEVELS, RECOMMENDATION_KINDS, RISK_WARNING_VERSION, type ProductRiskLevel, type RecommendationKind } from '../../src-shared/suitability/suitability-fields';
import { assessed, count, customer, product, setProfessional } from './fixtures';

/**
 * The full matrix of issue 7, through `dispatch`, calling `recommendations.create` directly (no
 * UI): customer (C1…C5, lowest category, professional) × product R1…R5 × assessment valid or
 * expired × recommendation or customer-initiated × elderly or not: 280 cases. What the law
 * says, stated here on its own terms (domain.md "Investor suitability"):
 *
 * * a professional investor may be sold anything;
 * * otherwise an expired assessment blocks, whatever the kind;
 * * a lowest-category customer gets R1 only, never overridden;
 * * a product above the customer's level is blocked when recommended, and recorded with the
 *   signed warning (and a compliance review) when the customer insists;
 * * R4–R5 to an elderly investor needs a second person (recommendations.create refuses it;
 *   recommendations.createHighRisk goes through four-eyes).
 */
type Profile = { name: string; level: 'C1' | 'C2' | 'C3' | 'C4' | 'C5'; lowest: boolean; professional: boolean };
const PROFILES: Profile[] = [
  ...(['C1', 'C2', 'C3', 'C4', 'C5'] as const).map((level) => ({ name: level, level, lowest: false, professional: false })),
  { name: 'lowest', level: 'C1', lowest: true, professional: false },
  { name: 'professional', level: 'C3', lowest: false, professional: true },
];

type Expect = { kind: 'blocked'; code: string } | { kind: 'needsAck' } | { kind: 'allowed' } | { kind: 'approval'; ack: boolean };

function expected(p: Profile, r: ProductRiskLevel, valid: boolean, kind: RecommendationKind, elderly: boolean): Expect {
  if (p.professional) return { kind: 'allowed' };
  if (!valid) return { kind: 'blocked', code: 'assessment_expired' };
  if (p.lowest && r !== 'R1') return { kind: 'blocked', code: 'lowest_only_r1' };
  const above = Number(r[1]) > Number(p.level[1]);
  if (above && kind === 'recommend') return { kind: 'blocked', code: 'risk_exceeds' };
  if (elderly && Number(r[1]) >= 4) return { kind: 'approval', ack: above };
  return above ? { kind: 'needsAck' } : { kind: 'allowed' };
}

let t: TestApp;
let am1: string;
let bm1: string;
const customers = new Map<string, string>();
const products = new Map<ProductRiskLevel, string>();

beforeAll(async () => {
  t = await makeTestApp();
  am1 = await t.login('am1');
  bm1 = await t.login('bm1');
  for (const r of PRODUCT_RISK_LEVELS) products.set(r, await product(t, r));
  for (const p of PROFILES) {
    for (const valid of [true, false]) {
      for (const elderly of [false, true]) {
        const id = customer(t, { elderly });
        assessed(t, id, { level: p.level, lowest: p.lowest, expiresAt: valid ? '2099-12-31' : '2020-01-01' });
        if (p.professional) setProfessional(t, id);
        customers.set(`${p.name}/${valid}/${elderly}`, id);
      }
    }
  }
});
afterAll(() => t?.close());

const cases = PROFILES.flatMap((p) =>
  PRODUCT_RISK_LEVELS.flatMap((r) => [true, false].flatMap((valid) => RECOMMENDATION_KINDS.flatMap((kind) => [false, true].map((elderly) => ({ p, r, valid, kind, elderly }))))),
);

describe('suitability matrix through dispatch (recommendations.create called directly)', () => {
  it('has 280 cases', () => expect(cases.length).toBe(280));

  it.each(cases.map((c) => [`${c.p.name} × ${c.r} × ${c.valid ? 'valid' : 'expired'} × ${c.kind} × ${c.elderly ? 'elderly' : 'not elderly'}`, c] as const))('%s', async (_name, c) => {
    const customerId = customers.get(`${c.p.name}/${c.valid}/${c.elderly}`)!;
    const productId = products.get(c.r)!;
    const input = { customerId, productId, kind: c.kind };
    const before = count(t, `SELECT count(*) FROM recommendations`);
    const exp = expected(c.p, c.r, c.valid, c.kind, c.elderly);
    const res = await t.call(am1, 'recommendations.create', input);

    switch (exp.kind) {
      case 'blocked': {
        expect(res.ok).toBe(false);
        if (res.ok) return;
        expect(res.error.code).toBe('CONFLICT');
        expect(res.error.message).toBe('error.suitability.blocked');
        expect(String(res.error.params?.reasons).split(',')).toContain(exp.code);
        expect(res.error.issues?.map((i) => i.message)).toContain(`suitability.rule.${exp.code}`);
        // Nothing overrides a block: not the acknowledged warning, not the four-eyes path.
        const withAck = await t.call(am1, 'recommendations.create', { ...input, warningAck: { version: RISK_WARNING_VERSION } });
        expect(withAck.ok ? 'ok' : withAck.error.code).toBe('CONFLICT');
        const viaApproval = await t.call(am1, 'recommendations.createHighRisk', { ...input, warningAck: { version: RISK_WARNING_VERSION } });
        expect(viaApproval.ok ? 'ok' : viaApproval.error.code).toBe('CONFLICT');
        expect(count(t, `SELECT count(*) FROM recommendations`)).toBe(before);
        expect(count(t, `SELECT count(*) FROM approvals WHERE status = 'pending' AND method = 'recommendations.createHighRisk'`)).toBe(0);
        return;
      }
      case 'allowed': {
        expect(res.ok ? 'ok' : `${res.error.code} ${res.error.message}`).toBe('ok');
        if (!res.ok) return;
        expect(res.value.outcome).toBe('allowed');
        expect(res.value.reviewStatus).toBeNull();
        expect(res.value.productLevel).toBe(c.r);
        expect(res.value.category).toBe(c.p.professional ? 'professional' : 'ordinary');
        expect(res.value.assessmentId).not.toBeNull();
        return;
      }
      case 'needsAck': {
        expect(res.ok).toBe(false);
        if (res.ok) return;
        expect(res.error.code).toBe('VALIDATION');
        expect(res.error.issues).toEqual([{ path: ['warningAck'], message: 'validation.suitability.warningAck', params: { version: RISK_WARNING_VERSION } }]);
        const wrongVersion = await t.call(am1, 'recommendations.create', { ...input, warningAck: { version: 'v0' } });
        expect(wrongVersion.ok ? 'ok' : wrongVersion.error.code).toBe('VALIDATION');
        const acked = await t.ok(am1, 'recommendations.create', { ...input, warningAck: { version: RISK_WARNING_VERSION } });
        expect(acked).toMatchObject({ outcome: 'warn', reasons: ['risk_exceeds'], warningVersion: RISK_WARNING_VERSION, ackByName: '李客户经理', reviewStatus: 'open', customerLevel: c.p.level, productLevel: c.r });
        expect(acked.ackAt).not.toBeNull();
        expect(count(t, `SELECT count(*) FROM compliance_reviews WHERE recommendation_id = ? AND reason = 'customer_initiated_mismatch' AND status = 'open'`, acked.id)).toBe(1);
        return;
      }
      case 'approval': {
        expect(res.ok).toBe(false);
        if (res.ok) return;
        expect(res.error.code).toBe('CONFLICT');
        expect(res.error.message).toBe('error.suitability.needsApproval');
        expect(count(t, `SELECT count(*) FROM recommendations`)).toBe(before);
        if (exp.ack) {
          const noAck = await t.call(am1, 'recommendations.createHighRisk', input);
          expect(noAck.ok ? 'ok' : noAck.error.code).toBe('VALIDATION');
        }
        const pending = await t.ok(am1, 'recommendations.createHighRisk', exp.ack ? { ...input, warningAck: { version: RISK_WARNING_VERSION } } : input);
        expect(count(t, `SELECT count(*) FROM recommendations`)).toBe(before);
        // The maker cannot approve their own request; the branch manager can.
        const self = await t.call(am1, 'approvals.approve', { id: pending.pendingApprovalId });
        expect(self.ok ? 'ok' : self.error.code).toBe('FORBIDDEN');
        await t.ok(bm1, 'approvals.approve', { id: pending.pendingApprovalId });
        const rec = t.db.sqlite.prepare(`SELECT outcome, approved_by, created_by, warning_version FROM recommendations WHERE customer_id = ? AND product_id = ? ORDER BY created_at DESC LIMIT 1`).get(customerId, productId);
        expect(rec).toEqual({ outcome: 'needs_approval', approved_by: t.users.bm1!.id, created_by: t.users.am1!.id, warning_version: exp.ack ? RISK_WARNING_VERSION : null });
        return;
      }
    }
  });
});
