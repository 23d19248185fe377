import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app';
import { activeQuestionnaire, answers, assessed, count, customer, product } from './fixtures';

/**
 * Data scope and permissions on every customer-facing suitability method, and the four-eyes
 * path for becoming a professional investor.
 */
let t: TestApp;
let qid: string;
let pid: string;
let mine: string; // am1's customer at branch 1
let colleague: string; // am1b's customer at branch 1
let other: string; // branch 2
const clients: Record<string, string> = {};

beforeAll(async () => {
  t = await makeTestApp();
  qid = await activeQuestionnaire(t);
  pid = await product(t, 'R2');
  mine = customer(t);
  colleague = customer(t, { manager: t.users.am1b!.id });
  other = customer(t, { branch: 'b2' });
  for (const c of [mine, colleague, other]) assessed(t, c, { level: 'C3', expiresAt: '2099-12-31' });
  for (const u of ['am1', 'am1b', 'bm1', 'bm2', 'cs1', 'comp1', 'op1', 'hqcomp', 'analyst', 'admin']) clients[u] = await t.login(u);
});
afterAll(() => t?.close());

const codeOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

describe('scope: another branch’s or another manager’s customer is OUT_OF_SCOPE', () => {
  const calls: [string, (c: string) => Promise<{ ok: boolean; error?: { code: string } }>][] = [
    ['suitability.assess', (c) => t.call(clients.bm1!, 'suitability.assess', { customerId: c, questionnaireId: qid, answers: answers('d', 'd', 'a', 'a') })],
    ['suitability.check', (c) => t.call(clients.bm1!, 'suitability.check', { customerId: c, productId: pid, kind: 'recommend' })],
    ['suitability.profile', (c) => t.call(clients.bm1!, 'suitability.profile', { customerId: c })],
    ['suitability.assessments', (c) => t.call(clients.bm1!, 'suitability.assessments', { customerId: c })],
    ['recommendations.create', (c) => t.call(clients.bm1!, 'recommendations.create', { customerId: c, productId: pid, kind: 'recommend' })],
    ['recommendations.list', (c) => t.call(clients.bm1!, 'recommendations.list', { customerId: c })],
    ['investorCategory.revertToOrdinary', (c) => t.call(clients.bm1!, 'investorCategory.revertToOrdinary', { customerId: c, effectiveDate: '2025-01-01' })],
    ['investorCategory.requestProfessional', (c) => t.call(clients.bm1!, 'investorCategory.requestProfessional', { customerId: c, evidence: '金融资产证明', effectiveDate: '2025-01-01' })],
    ['investorCategory.history', (c) => t.call(clients.bm1!, 'investorCategory.history', { customerId: c })],
  ];
  it.each(calls)('%s: a branch manager and another branch’s customer', async (_m, call) => {
    const before = count(t, `SELECT count(*) FROM audit_log WHERE outcome = 'denied'`);
    expect(codeOf(await call(other))).toBe('OUT_OF_SCOPE');
    expect(count(t, `SELECT count(*) FROM audit_log WHERE outcome = 'denied'`)).toBe(before + 1);
  });

  it('an account manager works on their own customers only', async () => {
    expect(codeOf(await t.call(clients.am1!, 'recommendations.create', { customerId: colleague, productId: pid, kind: 'recommend' }))).toBe('OUT_OF_SCOPE');
    expect(codeOf(await t.call(clients.am1!, 'suitability.assess', { customerId: colleague, questionnaireId: qid, answers: answers('d', 'd', 'a', 'a') }))).toBe('OUT_OF_SCOPE');
    expect(codeOf(await t.call(clients.am1!, 'recommendations.create', { customerId: mine, productId: pid, kind: 'recommend' }))).toBe('ok');
    expect(codeOf(await t.call(clients.bm2!, 'recommendations.create', { customerId: other, productId: pid, kind: 'recommend' }))).toBe('ok');
  });

  it('lists in scope: a branch sees its own, HQ all, a manager only their customers’', async () => {
    expect(codeOf(await t.call(clients.am1b!, 'recommendations.create', { customerId: colleague, productId: pid, kind: 'recommend' }))).toBe('ok');
    const names = async (u: string) => (await t.ok(clients[u]!, 'recommendations.list', {})).rows.map((r) => r.customerId).sort();
    expect(await names('am1')).toEqual([mine]);
    expect(await names('bm1')).toEqual([mine, colleague].sort());
    expect(await names('comp1')).toEqual([mine, colleague].sort());
    expect(await names('bm2')).toEqual([other]);
    expect(await names('hqcomp')).toEqual([mine, colleague, other].sort());
    expect(codeOf(await t.call(clients.bm1!, 'recommendations.list', { branchId: t.org.b2 }))).toBe('OUT_OF_SCOPE');
    expect((await t.ok(clients.hqcomp!, 'recommendations.list', { branchId: t.org.b2 })).rows.map((r) => r.customerId)).toEqual([other]);
  });
});

describe('permissions', () => {
  it('who may assess, recommend and review', async () => {
    expect(codeOf(await t.call(clients.cs1!, 'suitability.assess', { customerId: mine, questionnaireId: qid, answers: answers('d', 'd', 'a', 'a') }))).toBe('ok');
    expect(codeOf(await t.call(clients.cs1!, 'recommendations.create', { customerId: mine, productId: pid, kind: 'recommend' }))).toBe('FORBIDDEN');
    expect(codeOf(await t.call(clients.op1!, 'suitability.assess', { customerId: mine, questionnaireId: qid, answers: answers('d', 'd', 'a', 'a') }))).toBe('FORBIDDEN');
    expect(codeOf(await t.call(clients.comp1!, 'recommendations.create', { customerId: mine, productId: pid, kind: 'recommend' }))).toBe('FORBIDDEN');
    expect(codeOf(await t.call(clients.bm1!, 'compliance.queue', {}))).toBe('FORBIDDEN');
    expect(codeOf(await t.call(clients.analyst!, 'products.list', {}))).toBe('ok');
    expect(codeOf(await t.call(clients.am1!, 'products.save', { code: 'X1', name: 'x', type: 'fund', riskLevel: 'R1' }))).toBe('FORBIDDEN');
    expect(codeOf(await t.call(clients.am1!, 'suitability.settings.update', { validityYears: 5 }))).toBe('FORBIDDEN');
  });
});

describe('investor category: becoming professional is four-eyes, going back is direct', () => {
  it('a request changes nothing until a second person approves; both are recorded', async () => {
    const c = customer(t);
    const pending = await t.ok(clients.am1!, 'investorCategory.requestProfessional', { customerId: c, evidence: '近三年金融资产不低于500万元，有两年以上投资经历', effectiveDate: '2025-06-01' });
    expect(t.db.sqlite.prepare(`SELECT investor_category FROM customers WHERE id = ?`).pluck().get(c)).toBe('ordinary');
    // The maker, who cannot read the approvals queue, still sees on the customer that a request waits.
    expect((await t.ok(clients.am1!, 'suitability.profile', { customerId: c })).professionalRequestedAt).not.toBeNull();
    expect(codeOf(await t.call(clients.am1!, 'approvals.approve', { id: pending.pendingApprovalId }))).toBe('FORBIDDEN');
    expect(codeOf(await t.call(clients.bm2!, 'approvals.approve', { id: pending.pendingApprovalId }))).toBe('OUT_OF_SCOPE');
    await t.ok(clients.bm1!, 'approvals.approve', { id: pending.pendingApprovalId });
    expect(t.db.sqlite.prepare(`SELECT investor_category FROM customers WHERE id = ?`).pluck().get(c)).toBe('professional');
    expect((await t.ok(clients.am1!, 'suitability.profile', { customerId: c })).professionalRequestedAt).toBeNull();
    const history = await t.ok(clients.am1!, 'investorCategory.history', { customerId: c });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ from: 'ordinary', to: 'professional', requestedByName: '李客户经理', approvedByName: '王经理', effectiveDate: '2025-06-01' });
    const audit = t.db.sqlite.prepare(`SELECT actor_id, approver_id, detail FROM audit_log WHERE action = 'investorCategory.requestProfessional' AND outcome = 'ok'`).get() as { actor_id: string; approver_id: string; detail: string };
    expect(audit).toMatchObject({ actor_id: t.users.am1!.id, approver_id: t.users.bm1!.id });
    // No evidence text in the audit (not '500' alone: the detail holds an id, uuidv7 hex, which can contain it).
    expect(audit.detail).not.toMatch(/金融资产|500万元|投资经历/);
    // A second request is refused on submission.
    expect(codeOf(await t.call(clients.am1!, 'investorCategory.requestProfessional', { customerId: c, evidence: '再次', effectiveDate: '2025-06-02' }))).toBe('CONFLICT');

    const back = await t.ok(clients.am1!, 'investorCategory.revertToOrdinary', { customerId: c, evidence: '客户申请转为普通投资者', effectiveDate: '2025-07-01' });
    expect(back).toMatchObject({ from: 'professional', to: 'ordinary', approvedByName: null });
    expect(t.db.sqlite.prepare(`SELECT investor_category FROM customers WHERE id = ?`).pluck().get(c)).toBe('ordinary');
    expect(count(t, `SELECT count(*) FROM audit_log WHERE action = 'investorCategory.revertToOrdinary' AND outcome = 'ok'`)).toBe(1);
    expect(codeOf(await t.call(clients.am1!, 'investorCategory.revertToOrdinary', { customerId: c, effectiveDate: '2025-07-02' }))).toBe('CONFLICT');
  });
});
