import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app';
import { CASCADE_REVIEWS_SQL, CASCADE_TASK_GROUPS_SQL, HOLDERS_SQL } from '../../src-main/suitability/suitability.jobs';
import { RISK_WARNING_VERSION } from '../../src-shared/suitability/suitability-fields';
import { activeQuestionnaire, answers, assessed, customer, product } from './fixtures';

/**
 * Every list and hot path of the suitability module is served by its index (architecture.md
 * "Fast by construction"). The statements are the ones the handlers really prepare: the test
 * records them while calling the method through dispatch, then asks SQLite for their plans.
 */
let t: TestApp;
let recorded: string[] = [];
const clients: Record<string, string> = {};
let cust: string;
let pid: string;

beforeAll(async () => {
  t = await makeTestApp();
  const prepare = t.db.sqlite.prepare.bind(t.db.sqlite);
  t.db.sqlite.prepare = ((sql: string) => {
    recorded.push(sql);
    return prepare(sql);
  }) as typeof t.db.sqlite.prepare;
  for (const u of ['am1', 'comp1', 'hqcomp', 'analyst']) clients[u] = await t.login(u);
  pid = await product(t, 'R2');
  cust = customer(t);
  assessed(t, cust, { level: 'C3', expiresAt: '2099-12-31' });
  await activeQuestionnaire(t);
});
afterAll(() => t?.close());

function plan(sql: string): string[] {
  const names = [...new Set([...sql.matchAll(/@(\w+)/g)].map((m) => m[1]!))];
  const positional = (sql.match(/\?/g) ?? []).length;
  const stmt = t.db.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const rows = (names.length ? stmt.all(Object.fromEntries(names.map((n) => [n, null]))) : stmt.all(...Array<null>(positional).fill(null))) as { detail: string }[];
  return rows.map((r) => r.detail);
}

/** The statements a call prepared (the first call of each shape: statements are cached per connection afterwards). */
async function statementsOf(f: () => Promise<unknown>): Promise<string[]> {
  recorded = [];
  await f();
  return recorded.filter((s) => /^\s*(SELECT|UPDATE|INSERT|WITH)/i.test(s) && !s.startsWith('EXPLAIN'));
}

const mainSelect = (stmts: string[], table: string) => {
  const s = stmts.find((x) => new RegExp(`^\\s*(SELECT|WITH)[\\s\\S]*FROM ${table}\\b`).test(x));
  if (!s) throw new Error(`no SELECT from ${table} among:\n${stmts.join('\n---\n')}`);
  return s;
};

/** Big tables (customers, recommendations, reviews, tasks, assessments, holdings) are never scanned whole, and keyset lists never sort. */
function expectIndexed(p: string[], index: string, opts: { sorted?: boolean } = {}) {
  expect(p.join('\n')).toContain(`INDEX ${index}`);
  expect(p.filter((d) => /^SCAN (c|r|v|t|a|customers|recommendations|compliance_reviews|tasks|risk_assessments|holdings)$/.test(d))).toEqual([]);
  if (!opts.sorted) expect(p.filter((d) => d.includes('TEMP B-TREE FOR ORDER BY'))).toEqual([]);
}

describe('query plans', () => {
  it('products.list: by code, or after one enumerated filter', async () => {
    const s1 = await statementsOf(() => t.ok(clients.am1!, 'products.list', { status: 'on_sale' }));
    expectIndexed(plan(mainSelect(s1, 'products')), 'products_status_code');
    const s2 = await statementsOf(() => t.ok(clients.am1!, 'products.list', {}));
    expectIndexed(plan(mainSelect(s2, 'products')), 'products_code');
  });

  it('recommendations: per customer, per branch, firm-wide', async () => {
    const s1 = await statementsOf(() => t.ok(clients.am1!, 'recommendations.list', { customerId: cust }));
    expectIndexed(plan(mainSelect(s1, 'recommendations')), 'recommendations_customer');
    const s2 = await statementsOf(() => t.ok(clients.comp1!, 'recommendations.list', {}));
    expectIndexed(plan(mainSelect(s2, 'recommendations')), 'recommendations_branch');
    const s3 = await statementsOf(() => t.ok(clients.hqcomp!, 'recommendations.list', {}));
    expectIndexed(plan(mainSelect(s3, 'recommendations')), 'recommendations_created');
    // The review status of each row: one index seek.
    expect(plan(mainSelect(s1, 'recommendations')).join('\n')).toContain('compliance_reviews_recommendation');
  });

  it('recording a recommendation reads and writes by key only', async () => {
    const stmts = await statementsOf(() => t.ok(clients.am1!, 'recommendations.create', { customerId: cust, productId: pid, kind: 'recommend', warningAck: { version: RISK_WARNING_VERSION } }));
    expect(stmts.length).toBeGreaterThan(3);
    for (const s of stmts) expect(plan(s).filter((d) => /^SCAN /.test(d) && !/USING (COVERING )?INDEX/.test(d)), s).toEqual([]);
  });

  it('assessing reads and writes by key only', async () => {
    const q = (await t.ok(clients.am1!, 'questionnaires.active', {}))!;
    const stmts = await statementsOf(() => t.ok(clients.am1!, 'suitability.assess', { customerId: cust, questionnaireId: q.id, answers: answers('d', 'd', 'a', 'a') }));
    for (const s of stmts.filter((x) => !x.includes('FROM users u JOIN'))) expect(plan(s).filter((d) => /^SCAN /.test(d) && !/USING (COVERING )?INDEX/.test(d)), s).toEqual([]);
  });

  it('the compliance queue: per branch and firm-wide', async () => {
    const s1 = await statementsOf(() => t.ok(clients.comp1!, 'compliance.queue', {}));
    expectIndexed(plan(mainSelect(s1, 'compliance_reviews')), 'compliance_reviews_branch');
    const s2 = await statementsOf(() => t.ok(clients.hqcomp!, 'compliance.queue', {}));
    expectIndexed(plan(mainSelect(s2, 'compliance_reviews')), 'compliance_reviews_status');
  });

  it('tasks: mine, and a branch’s', async () => {
    const s1 = await statementsOf(() => t.ok(clients.am1!, 'tasks.list', {}));
    expectIndexed(plan(mainSelect(s1, 'tasks')), 'tasks_owner');
    const s2 = await statementsOf(() => t.ok(clients.comp1!, 'tasks.list', { mine: false }));
    expectIndexed(plan(mainSelect(s2, 'tasks')), 'tasks_branch');
  });

  it('expired assessments of a branch walk the branch expiry index in order', async () => {
    const s = await statementsOf(() => t.ok(clients.comp1!, 'suitability.expired', {}));
    expectIndexed(plan(mainSelect(s, 'customers')), 'customers_branch_risk_exp');
  });

  it('firm-wide, each branch’s first keys from that index in order, then only the page’s rows by rowid', async () => {
    const s = await statementsOf(() => t.ok(clients.hqcomp!, 'suitability.expired', {}));
    const keys = s.find((x) => x.startsWith('SELECT c.seq, c.risk_expires_at FROM customers'))!;
    expect(plan(keys).join('\n')).toContain('INDEX customers_branch_risk_exp');
    expect(plan(keys).filter((d) => d.includes('TEMP B-TREE'))).toEqual([]);
    const rows = s.find((x) => x.includes('json_each(?) j CROSS JOIN customers c'))!;
    expect(plan(rows).join('\n')).toMatch(/SEARCH c USING INTEGER PRIMARY KEY/);
  });

  it('the cascade finds a product’s holders by its code, and each account’s latest date by key', () => {
    const p = plan(HOLDERS_SQL);
    expect(p.join('\n')).toContain('holdings_product');
    expect(p.filter((d) => /^SCAN h\b/.test(d) && !d.includes('INDEX'))).toEqual([]);
  });

  it('the cascade’s batch inserts check for an earlier review by (change, customer), its per-manager tasks by change', () => {
    const r = plan(CASCADE_REVIEWS_SQL).join('\n');
    expect(r).toContain('compliance_reviews_source');
    expect(r).not.toMatch(/SCAN v\b(?! USING)/);
    const t2 = plan(CASCADE_TASK_GROUPS_SQL).join('\n');
    expect(t2).toContain('compliance_reviews_source');
    expect(t2).toContain('tasks_source');
    expect(t2).not.toMatch(/SCAN r\b(?! USING)/);
    expect(t2).not.toMatch(/SCAN t\b(?! USING)/);
  });

  it('the report counts from indexes', async () => {
    const s = await statementsOf(() => t.ok(clients.comp1!, 'suitability.report', {}));
    const counts = s.filter((x) => x.includes('count(*)'));
    expect(counts.length).toBeGreaterThanOrEqual(7);
    for (const c of counts) expect(plan(c).every((d) => /USING (COVERING )?INDEX/.test(d)), `${c}\n${plan(c).join('\n')}`).toBe(true);
  });
});
