import { customersContract } from '../../src-shared/customers/customers.contract';
import type { HandlersFor } from '../ipc/types';
import { customerInScope } from './customers-record.handlers';

type C = typeof customersContract;

/**
 * The customer page's assets tab: facts imported from the trading system (daily assets,
 * monthly commission and volume, holdings; migration 0005, never synced). Every query is a
 * search of the (customer_id, date) index of its table, so the tab costs the same on a
 * million customers as on ten. The read is audited (the contract's `auditReads`).
 */
export const customersTradingHandlers = {
  'customers.trading': async (input, { db, actor, audit }) => {
    audit.targetType = 'customer';
    audit.targetId = input.id;
    await customerInScope(db, actor, input.id);
    const accounts = await db
      .selectFrom('daily_assets as d')
      .select(['d.account_no', 'd.as_of', 'd.total_fen', 'd.market_value_fen', 'd.cash_fen'])
      .where('d.customer_id', '=', input.id)
      .where((eb) => eb('d.as_of', '=', eb.selectFrom('daily_assets as l').select((x) => x.fn.max('l.as_of').as('m')).where('l.customer_id', '=', input.id).whereRef('l.account_no', '=', 'd.account_no')))
      .orderBy('d.account_no')
      .execute();
    const series = await db
      .selectFrom('daily_assets')
      .select(['as_of', (eb) => eb.fn.sum<number>('total_fen').as('total')])
      .where('customer_id', '=', input.id)
      .groupBy('as_of')
      .orderBy('as_of', 'desc')
      .limit(90)
      .execute();
    const monthly = await db
      .selectFrom('monthly_trading')
      .select(['month', (eb) => eb.fn.sum<number>('commission_fen').as('commission'), (eb) => eb.fn.sum<number>('volume_fen').as('volume')])
      .where('customer_id', '=', input.id)
      .groupBy('month')
      .orderBy('month', 'desc')
      .limit(12)
      .execute();
    const holdings = await db
      .selectFrom('holdings as h')
      .select(['h.account_no', 'h.as_of', 'h.product_code', 'h.product_name', 'h.quantity', 'h.market_value_fen'])
      .where('h.customer_id', '=', input.id)
      .where((eb) => eb('h.as_of', '=', eb.selectFrom('holdings as l').select((x) => x.fn.max('l.as_of').as('m')).where('l.customer_id', '=', input.id).whereRef('l.account_no', '=', 'h.account_no')))
      .orderBy('h.market_value_fen', 'desc')
      .orderBy('h.product_code')
      .limit(500)
      .execute();
    const sum = (f: (r: (typeof accounts)[number]) => number | null) => accounts.reduce((n, r) => n + (f(r) ?? 0), 0);
    return {
      assets: {
        asOf: accounts.reduce<string | null>((m, r) => (m === null || r.as_of > m ? r.as_of : m), null),
        totalFen: sum((r) => r.total_fen),
        marketValueFen: sum((r) => r.market_value_fen),
        cashFen: sum((r) => r.cash_fen),
        accounts: accounts.map((r) => ({ accountNo: r.account_no, asOf: r.as_of, totalFen: r.total_fen, marketValueFen: r.market_value_fen, cashFen: r.cash_fen })),
      },
      series: series.reverse().map((r) => ({ asOf: r.as_of, totalFen: Number(r.total) })),
      monthly: monthly.map((r) => ({ month: r.month, commissionFen: Number(r.commission), volumeFen: Number(r.volume) })),
      holdings: holdings.map((r) => ({ accountNo: r.account_no, asOf: r.as_of, productCode: r.product_code, productName: r.product_name, quantity: r.quantity, marketValueFen: r.market_value_fen })),
    };
  },
} satisfies HandlersFor<{ 'customers.trading': C['customers.trading'] }>;
