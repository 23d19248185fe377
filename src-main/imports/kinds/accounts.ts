import { newRowId } from '../ids';
import { ACCOUNT_STATUSES, ACCOUNT_TYPES } from '../../../src-shared/customers/customers.contract';
import type { ChangeRecorder } from '../changes';
import { CodeLengths, customersByNo, field, inScope } from './common';
import * as f from './fields';
import { err, type KindDef, type Outcome, type TargetEnv, type ValidRow } from './types';

/**
 * Capital accounts (资金账号): matched by account number (unique per firm, checked here, not by a
 * constraint); the customer by customer number. An account that belongs to another customer is
 * refused: moving an account between customers is not an import's business.
 */
const COLUMNS: Record<string, string> = { type: 'type', status: 'status', openedAt: 'opened_at', closedAt: 'closed_at' };

export const ACCOUNT_NO_SYNONYMS = ['资金账号', '资金帐号', '资金账户', '账号', '帐号', '资产账户', '客户资金账号', 'account no', 'account number', 'accountno', 'capital account', 'fund account'];

export const accountFields = [
  field({ key: 'accountNo', required: true, matchKey: true, parse: f.accountNo, labelKeys: ['customer.field.accountNo'], synonyms: ACCOUNT_NO_SYNONYMS }),
  field({ key: 'customerNo', required: true, parse: f.customerNo, labelKeys: ['customer.field.customerNo'], synonyms: ['客户号', '客户编号', '客户代码', '客户号码', 'customerno', 'customer no', 'customer number'] }),
  field({ key: 'type', parse: f.enumOf(ACCOUNT_TYPES, 'customer.accountType.', { 普通: 'normal', 普通资金账户: 'normal', 信用: 'margin', 融资融券: 'margin', 两融: 'margin', 信用资金账户: 'margin', 期权: 'options', 衍生品: 'options', 股票期权: 'options' }), labelKeys: ['customer.field.accounts.type', 'customer.account.type'], synonyms: ['账户类型', '账户类别', '资金账户类型', 'account type', 'type'] }),
  field({ key: 'status', parse: f.enumOf(ACCOUNT_STATUSES, 'customer.accountStatus.', { 正常户: 'active', 有效: 'active', 冻结户: 'frozen', 销户: 'closed', 注销: 'closed', 已注销: 'closed' }), labelKeys: ['customer.field.accounts.status', 'customer.account.status'], synonyms: ['账户状态', '状态', 'account status', 'status'] }),
  field({ key: 'openedAt', parse: f.date, labelKeys: ['customer.field.openedAt'], synonyms: ['开户日期', '开户时间', '开立日期', 'opened', 'open date', 'opened at'] }),
  field({ key: 'closedAt', parse: f.date, labelKeys: ['customer.field.closedAt'], synonyms: ['销户日期', '销户时间', '注销日期', 'closed', 'close date', 'closed at'] }),
];

/** `branch_id`, `manager_id`: its customer's, for the scope check. */
type Existing = { id: string; customer_id: string; account_no: string; branch_id: string; manager_id: string | null; [col: string]: unknown };
export type AccountPlan =
  | { op: 'insert'; row: Record<string, unknown> }
  | { op: 'update'; id: string; set: Record<string, unknown>; before: Record<string, unknown> };

const INSERT_COLS = ['id', 'customer_id', 'branch_id', 'account_no', 'type', 'status', 'opened_at', 'closed_at', 'created_at', 'updated_at', 'deleted_at'];

function openAccounts(env: TargetEnv) {
  const { sqlite, scope } = env;
  const byNoSql = sqlite.prepare(
    `SELECT a.id, a.customer_id, a.account_no, a.type, a.status, a.opened_at, a.closed_at, c.branch_id, c.manager_id
       FROM json_each(?) j CROSS JOIN accounts a ON a.account_no = j.value JOIN customers c ON c.id = a.customer_id WHERE a.deleted_at IS NULL`,
  );
  const insert = sqlite.prepare(`INSERT INTO accounts (${INSERT_COLS.join(', ')}) VALUES (${INSERT_COLS.map(() => '?').join(', ')})`);
  const stmts = new Map<string, import('better-sqlite3-multiple-ciphers').Statement>();
  const customerNos = new CodeLengths(sqlite, 'customers', 'customer_no');
  const accountNos = new CodeLengths(sqlite, 'accounts', 'account_no');

  return {
    classify(rows: readonly ValidRow[]): Outcome<AccountPlan>[] {
      const customers = customersByNo(sqlite, customerNos.withPaddings(rows.map((r) => r.values.customerNo as string)));
      const existing = new Map<string, Existing[]>();
      for (const a of byNoSql.all(JSON.stringify(accountNos.withPaddings(rows.map((r) => r.values.accountNo as string)))) as Existing[]) {
        const l = existing.get(a.account_no);
        if (l) l.push(a);
        else existing.set(a.account_no, [a]);
      }
      return rows.map(({ values: v }): Outcome<AccountPlan> => {
        const hits = customers.get(v.customerNo as string) ?? [];
        if (hits.length === 0) return { status: 'error', issues: [customerNos.unknown(v.customerNo as string, customers, scope, 'customerNo', 'error.import.customer.notFound')] };
        if (hits.length > 1) return { status: 'error', issues: [err('customerNo', 'error.import.customer.noAmbiguous', { count: hits.length })] };
        const c = hits[0]!;
        if (!inScope(scope, c)) return { status: 'error', issues: [err('customerNo', 'error.import.outOfScope')] };
        const same = existing.get(v.accountNo as string) ?? [];
        if (same.length > 1) return { status: 'error', issues: [err('accountNo', 'error.import.account.ambiguous', { count: same.length })] };
        const e = same[0];
        // Another customer's account: said so only when that customer is the importer's to see.
        if (e && e.customer_id !== c.id) return { status: 'error', issues: [err('accountNo', inScope(scope, e) ? 'error.import.account.otherCustomer' : 'error.import.outOfScope')] };
        const zeros = e ? null : accountNos.zerosLostIssue(v.accountNo as string, existing, scope, 'accountNo');
        if (zeros !== null) return { status: 'error', issues: [zeros] };
        if (!e) {
          const row: Record<string, unknown> = { id: newRowId(), customer_id: c.id, branch_id: c.branch_id, account_no: v.accountNo, type: v.type ?? 'normal', status: v.status ?? 'active', created_at: env.stamp, updated_at: env.stamp, deleted_at: null };
          if (v.openedAt != null) row.opened_at = v.openedAt;
          if (v.closedAt != null) row.closed_at = v.closedAt;
          accountNos.noteCreated(v.accountNo as string);
          return { status: 'new', issues: [], plan: { op: 'insert', row } };
        }
        const set: Record<string, unknown> = {};
        const before: Record<string, unknown> = {};
        for (const [k, col] of Object.entries(COLUMNS)) {
          if (v[k] === undefined || v[k] === null) continue;
          if (v[k] !== e[col]) {
            set[col] = v[k];
            before[col] = e[col];
          }
        }
        if (Object.keys(set).length === 0) return { status: 'unchanged', issues: [] };
        // The dates as the account will hold them, one from the file and one stored, in order (the form's rule).
        const opened = (set.opened_at ?? e.opened_at) as string | null;
        const closed = (set.closed_at ?? e.closed_at) as string | null;
        if (opened !== null && closed !== null && closed < opened) return { status: 'error', issues: [err('closed_at' in set ? 'closedAt' : 'openedAt', 'validation.date.order')] };
        return { status: 'update', issues: [], plan: { op: 'update', id: e.id, set, before } };
      });
    },

    write(plans: readonly AccountPlan[], rec: ChangeRecorder): void {
      for (const p of plans) {
        if (p.op === 'insert') {
          insert.run(INSERT_COLS.map((c) => p.row[c] ?? null));
          rec.insert('accounts', p.row.id as string);
          continue;
        }
        const cols = Object.keys(p.set);
        const sql = `UPDATE accounts SET ${cols.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`;
        let st = stmts.get(sql);
        if (!st) stmts.set(sql, (st = sqlite.prepare(sql)));
        st.run(...cols.map((c) => p.set[c]), env.stamp, p.id);
        rec.update('accounts', p.id, p.before);
      }
    },
  };
}

export const accountsKind: KindDef<AccountPlan> = {
  kind: 'accounts',
  fields: accountFields,
  check(v) {
    if (typeof v.openedAt === 'string' && typeof v.closedAt === 'string' && v.closedAt < v.openedAt) return [err('closedAt', 'validation.date.order')];
    return [];
  },
  keys: (v) => [String(v.accountNo)],
  target: { open: openAccounts },
  readerThread: true,
};
