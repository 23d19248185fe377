import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { factKey, refreshInChunks, type ChangeRecorder, type FactTable } from '../changes';
import { ACCOUNT_NO_SYNONYMS } from './accounts';
import { CodeLengths, field, inScope } from './common';
import * as f from './fields';
import { err, type FieldDef, type KindDef, type Outcome, type TargetEnv, type ValidRow } from './types';

/**
 * Trading facts from the trading system's exports: daily assets, monthly commission and
 * volume, product holdings. Local tables, never synced (architecture.md): each node imports its
 * own. One declaration per kind (table, key, value columns) and one target for all three:
 *
 * * a row names a capital account; the account (live, in `accounts`) gives the customer and its
 *   branch, which are stored on the fact (scope, the customer page) and checked against the
 *   importer's scope; an optional customer-number column must agree with it;
 * * the fact's key (account + date, + month, + product) finds the stored row: none → new;
 *   the same values → unchanged; else an update that remembers the old values for undo.
 *
 * After daily assets are applied, each affected customer's `assets_fen` is refreshed from each
 * of their accounts' latest row (changes.ts refreshAssets), once at the end, not per batch. Until
 * then the run is marked (`import_runs.assets_stale`), so that an apply cut off before the end has
 * its customers refreshed at the next start (changes.ts `refreshStaleAssets`).
 */
type FactSpec = {
  table: FactTable;
  /** Field keys of the fact's key after accountNo, and their columns. */
  keyFields: readonly { key: string; col: string }[];
  /** Field key → value column. */
  values: Record<string, string>;
  refreshesAssets?: boolean;
};

const customerNoField = field({ key: 'customerNo', parse: f.customerNo, labelKeys: ['customer.field.customerNo'], synonyms: ['客户号', '客户编号', '客户代码', '客户号码', 'customerno', 'customer no', 'customer number'] });
const accountNoField = field({ key: 'accountNo', required: true, matchKey: true, parse: f.accountNo, labelKeys: ['customer.field.accountNo'], synonyms: ACCOUNT_NO_SYNONYMS });
const asOfField = field({ key: 'asOf', required: true, matchKey: true, parse: f.date, synonyms: ['日期', '资产日期', '交易日期', '统计日期', '业务日期', '清算日期', '持仓日期', '数据日期', 'date', 'as of', 'asof', 'trade date'] });

type Existing = { account_no: string; customer_id: string; branch_id: string; import_id: string; [col: string]: unknown };
type AccountHit = { account_no: string; customer_id: string; customer_no: string; branch_id: string; manager_id: string | null };
export type FactPlan = { op: 'insert' | 'update'; key: string[]; row: Record<string, unknown>; before?: Record<string, unknown> };

function factTarget(spec: FactSpec) {
  const keyCols = ['account_no', ...spec.keyFields.map((k) => k.col)];
  const valueCols = Object.values(spec.values);
  const allCols = [...keyCols, 'customer_id', 'branch_id', ...valueCols, 'import_id'];
  return {
    open(env: TargetEnv) {
      const { sqlite, scope } = env;
      const accountsSql = sqlite.prepare(
        `SELECT a.account_no, c.id AS customer_id, c.customer_no, c.branch_id, c.manager_id
           FROM json_each(?) j CROSS JOIN accounts a ON a.account_no = j.value JOIN customers c ON c.id = a.customer_id
          WHERE a.deleted_at IS NULL AND c.deleted_at IS NULL`,
      );
      const existingSql = sqlite.prepare(
        `SELECT ${allCols.map((c) => `t.${c}`).join(', ')} FROM json_each(?) j CROSS JOIN ${spec.table} t ON ${keyCols.map((c, i) => `t.${c} = j.value ->> ${i}`).join(' AND ')}`,
      );
      const insert = sqlite.prepare(`INSERT INTO ${spec.table} (${allCols.join(', ')}) VALUES (${allCols.map(() => '?').join(', ')})`);
      const setCols = ['customer_id', 'branch_id', ...valueCols, 'import_id'];
      const update = sqlite.prepare(`UPDATE ${spec.table} SET ${setCols.map((c) => `${c} = ?`).join(', ')} WHERE ${keyCols.map((c) => `${c} = ?`).join(' AND ')}`);
      const affected = new Set<string>();
      // Set in every batch's transaction, cleared by the refresh: a run cut off between them is refreshed at the next start.
      const markStale = sqlite.prepare(`UPDATE import_runs SET assets_stale = 1 WHERE id = ? AND assets_stale = 0`);
      const accountNos = new CodeLengths(sqlite, 'accounts', 'account_no');
      const keyOf = (v: Record<string, unknown>) => [String(v.accountNo), ...spec.keyFields.map((k) => String(v[k.key]))];

      return {
        classify(rows: readonly ValidRow[]): Outcome<FactPlan>[] {
          const accounts = new Map<string, AccountHit[]>();
          for (const a of accountsSql.all(JSON.stringify(accountNos.withPaddings(rows.map((r) => r.values.accountNo as string)))) as AccountHit[]) {
            const l = accounts.get(a.account_no);
            if (l) l.push(a);
            else accounts.set(a.account_no, [a]);
          }
          const existing = new Map<string, Existing>();
          for (const e of existingSql.all(JSON.stringify(rows.map((r) => keyOf(r.values)))) as Existing[]) existing.set(factKey(keyCols.map((c) => String(e[c]))), e);
          return rows.map(({ values: v }): Outcome<FactPlan> => {
            const hits = accounts.get(v.accountNo as string) ?? [];
            if (hits.length === 0) return { status: 'error', issues: [accountNos.unknown(v.accountNo as string, accounts, scope, 'accountNo', 'error.import.account.notFound')] };
            if (hits.length > 1) return { status: 'error', issues: [err('accountNo', 'error.import.account.ambiguous', { count: hits.length })] };
            const a = hits[0]!;
            // Scope first: another branch's account tells nothing more (not whose it is).
            if (!inScope(scope, a)) return { status: 'error', issues: [err('accountNo', 'error.import.outOfScope')] };
            if (typeof v.customerNo === 'string' && v.customerNo !== a.customer_no) return { status: 'error', issues: [err('customerNo', 'error.import.account.customerMismatch')] };
            const key = keyOf(v);
            const e = existing.get(factKey(key));
            const row: Record<string, unknown> = { customer_id: a.customer_id, branch_id: a.branch_id, import_id: env.importId };
            for (const [k, col] of Object.entries(spec.values)) row[col] = v[k] ?? (e ? e[col] : null);
            if (!e) return { status: 'new', issues: [], plan: { op: 'insert', key, row } };
            const same = ['customer_id', 'branch_id', ...valueCols].every((c) => row[c] === e[c]);
            if (same) return { status: 'unchanged', issues: [] };
            const before: Record<string, unknown> = {};
            for (const c of setCols) before[c] = e[c];
            return { status: 'update', issues: [], plan: { op: 'update', key, row, before } };
          });
        },

        write(plans: readonly FactPlan[], rec: ChangeRecorder): void {
          if (spec.refreshesAssets && plans.length > 0) markStale.run(env.importId);
          for (const p of plans) {
            if (p.op === 'insert') {
              insert.run(...p.key, ...allCols.slice(keyCols.length).map((c) => p.row[c] ?? null));
              rec.insert(spec.table, factKey(p.key));
            } else {
              update.run(...setCols.map((c) => p.row[c] ?? null), ...p.key);
              rec.update(spec.table, factKey(p.key), p.before!);
              if (spec.refreshesAssets) affected.add(String(p.before!.customer_id));
            }
            if (spec.refreshesAssets) affected.add(String(p.row.customer_id));
          }
        },

        /** Daily assets: refresh the affected customers' assets, in chunks, each in its own write; the last clears the run's mark. */
        afterApply(inTx: (fn: () => void) => void): void {
          if (!spec.refreshesAssets || affected.size === 0) return;
          refreshInChunks(sqlite as BetterSqlite3.Database, env.importId, [...affected], inTx);
        },
      };
    },
  };
}

/**
 * Facts are cheap rows (a few columns, two B-trees) that come by the million: 25,000 a
 * transaction (about a second of work), parsed in the job's thread (a reader thread would cost
 * more memory than its parsing saves here: the 1,000,000-row import must stay under 400 MB).
 */
const kindOf = (kind: 'dailyAssets' | 'monthlyTrading' | 'holdings', spec: FactSpec, fields: FieldDef[]): KindDef<FactPlan> => ({
  kind,
  fields: [accountNoField, ...fields, customerNoField],
  keys: (v) => [[v.accountNo, ...spec.keyFields.map((k) => v[k.key])].join('\u0001')],
  target: factTarget(spec),
  // A batch's rows live until it is written (the job collects garbage every 25,000 rows): at
  // 25,000 rows the 1,000,000-row import peaked at 407-408 MiB (stop 25, past the 400 MB goal),
  // at 12,500 at 354-359 MiB, in the same time (45.0 against 46.1 s).
  applyBatchRows: 12_500,
  // Two small B-trees and the customers' assets: the job's usual 64 MiB cache only held pages
  // not needed again. At 24 MiB the 1,000,000-row import peaked at 343 MiB instead of 397-406,
  // and applied in 91 s instead of 100-108.
  jobCacheMiB: 24,
  readerThread: false,
});

export const dailyAssetsKind = kindOf('dailyAssets', { table: 'daily_assets', keyFields: [{ key: 'asOf', col: 'as_of' }], values: { total: 'total_fen', marketValue: 'market_value_fen', cash: 'cash_fen' }, refreshesAssets: true }, [
  asOfField,
  field({ key: 'total', required: true, parse: f.nonNegativeMoney, unit: 'yuan', synonyms: ['总资产', '资产总值', '资产合计', '资产总额', '总资产(元)', '账户总资产', 'total assets', 'total', 'assets'] }),
  field({ key: 'marketValue', parse: f.nonNegativeMoney, unit: 'yuan', synonyms: ['市值', '证券市值', '持仓市值', '总市值', '股票市值', 'market value', 'mv'] }),
  field({ key: 'cash', parse: f.money, unit: 'yuan', synonyms: ['资金余额', '可用资金', '现金余额', '资金', '余额', '资金可用', '可用余额', 'cash', 'cash balance', 'balance'] }),
]);

export const monthlyTradingKind = kindOf('monthlyTrading', { table: 'monthly_trading', keyFields: [{ key: 'month', col: 'month' }], values: { commission: 'commission_fen', volume: 'volume_fen' } }, [
  field({ key: 'month', required: true, matchKey: true, parse: f.month, synonyms: ['月份', '统计月份', '年月', '交易月份', '期间', '统计期间', '月度', 'month', 'period'] }),
  field({ key: 'commission', required: true, parse: f.money, unit: 'yuan', synonyms: ['佣金', '净佣金', '佣金收入', '手续费', '佣金(元)', '交易佣金', 'commission', 'fee'] }),
  field({ key: 'volume', required: true, parse: f.nonNegativeMoney, unit: 'yuan', synonyms: ['交易量', '成交金额', '成交额', '交易金额', '交易额', '累计成交金额', 'volume', 'turnover', 'trading volume'] }),
]);

export const holdingsKind = kindOf(
  'holdings',
  { table: 'holdings', keyFields: [{ key: 'asOf', col: 'as_of' }, { key: 'productCode', col: 'product_code' }], values: { productName: 'product_name', quantity: 'quantity', marketValue: 'market_value_fen' } },
  [
    asOfField,
    field({ key: 'productCode', required: true, matchKey: true, parse: f.productCode, synonyms: ['产品代码', '证券代码', '基金代码', '理财产品代码', '代码', '产品编号', 'product code', 'security code', 'code'] }),
    field({ key: 'productName', parse: f.text(100), synonyms: ['产品名称', '证券名称', '基金名称', '理财产品名称', '名称', 'product name', 'security name', 'name'] }),
    field({ key: 'quantity', required: true, parse: f.nonNegativeDecimal, synonyms: ['持有数量', '持仓数量', '份额', '持有份额', '数量', '持仓', '股份余额', 'quantity', 'shares', 'units'] }),
    field({ key: 'marketValue', parse: f.nonNegativeMoney, unit: 'yuan', synonyms: ['市值', '参考市值', '持仓市值', '最新市值', '持有市值', 'market value'] }),
  ],
);
