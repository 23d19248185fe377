import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber, makeTestApp, type TestApp } from '../helpers/app';
import { insertCustomers } from '../helpers/insert-customer';

/** customers.trading: the assets tab's imported facts, in scope only, every read audited. */
let t: TestApp;
let id: string;
beforeAll(async () => {
  t = await makeTestApp();
  [id] = insertCustomers(t, [{ customerNo: '310000777', name: '钱多多', idNo: makeIdNumber('19800101', 7), branchId: t.org.b1, managerId: t.users.am1!.id }]) as [string];
  const b1 = t.org.b1;
  const ins = (sql: string, ...rows: unknown[][]) => {
    const st = t.db.sqlite.prepare(sql);
    for (const r of rows) st.run(...r);
  };
  ins(
    `INSERT INTO daily_assets (account_no, as_of, customer_id, branch_id, total_fen, market_value_fen, cash_fen, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, 'imp')`,
    ['6310000777', '2026-10-30', id, b1, 100_00, 60_00, 40_00],
    ['6310000777', '2026-10-31', id, b1, 120_00, 70_00, 50_00],
    ['8310000777', '2026-10-29', id, b1, 30_00, null, 30_00],
  );
  ins(
    `INSERT INTO monthly_trading (account_no, month, customer_id, branch_id, commission_fen, volume_fen, import_id) VALUES (?, ?, ?, ?, ?, ?, 'imp')`,
    ['6310000777', '2026-09', id, b1, 12_34, 1_000_00],
    ['8310000777', '2026-09', id, b1, 1_00, 100_00],
    ['6310000777', '2026-10', id, b1, 5_00, 500_00],
  );
  ins(
    `INSERT INTO holdings (account_no, as_of, product_code, product_name, customer_id, branch_id, quantity, market_value_fen, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'imp')`,
    ['6310000777', '2026-10-30', '000001', '旧持仓', id, b1, 10, 10_00],
    ['6310000777', '2026-10-31', '600000', '浦发银行', id, b1, 100, 70_00],
  );
});
afterAll(() => t?.close());

describe('customers.trading', () => {
  it('answers each account’s latest assets, the totals by date, monthly commission and volume, and the latest holdings', async () => {
    const am1 = await t.login('am1');
    const r = await t.ok(am1, 'customers.trading', { id });
    expect(r.assets).toEqual({
      asOf: '2026-10-31',
      totalFen: 150_00,
      marketValueFen: 70_00,
      cashFen: 80_00,
      accounts: [
        { accountNo: '6310000777', asOf: '2026-10-31', totalFen: 120_00, marketValueFen: 70_00, cashFen: 50_00 },
        { accountNo: '8310000777', asOf: '2026-10-29', totalFen: 30_00, marketValueFen: null, cashFen: 30_00 },
      ],
    });
    expect(r.series).toEqual([
      { asOf: '2026-10-29', totalFen: 30_00 },
      { asOf: '2026-10-30', totalFen: 100_00 },
      { asOf: '2026-10-31', totalFen: 120_00 },
    ]);
    expect(r.monthly).toEqual([
      { month: '2026-10', commissionFen: 5_00, volumeFen: 500_00 },
      { month: '2026-09', commissionFen: 13_34, volumeFen: 1_100_00 },
    ]);
    expect(r.holdings).toEqual([{ accountNo: '6310000777', asOf: '2026-10-31', productCode: '600000', productName: '浦发银行', quantity: 100, marketValueFen: 70_00 }]);
    const audit = t.db.sqlite.prepare(`SELECT outcome, target_type, target_id, detail FROM audit_log WHERE action = 'customers.trading'`).all();
    expect(audit).toEqual([{ outcome: 'ok', target_type: 'customer', target_id: id, detail: null }]);
  });

  it('another manager or branch is refused, and the refusal is audited', async () => {
    for (const login of ['am1b', 'bm2']) {
      const c = await t.login(login);
      const r = await t.call(c, 'customers.trading', { id });
      expect(r.ok ? null : r.error.code).toBe('OUT_OF_SCOPE');
    }
    expect(t.db.sqlite.prepare(`SELECT count(*) FROM audit_log WHERE action = 'customers.trading' AND outcome = 'denied'`).pluck().get()).toBe(2);
  });
});
