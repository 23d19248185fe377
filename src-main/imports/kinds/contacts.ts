import { newRowId } from '../ids';
import { CONTACT_KINDS } from '../../../src-shared/customers/customers.contract';
import type { ChangeRecorder } from '../changes';
import { CodeLengths, customersByNo, DEFER_MIN_ROWS, field, inScope } from './common';
import * as f from './fields';
import { err, type KindDef, type Outcome, type TargetEnv, type ValidRow } from './types';
import { deferInsertCapture } from '../../sync/capture';

/**
 * Contacts (联系人) of customers: a row names its customer by customer number and is matched to
 * that customer's live contact of the same name (a second contact of one name would be
 * ambiguous: refused). A contact marked primary makes the customer's other contacts
 * non-primary, as the contact form does.
 */
const COLUMNS: Record<string, string> = { kind: 'kind', relation: 'relation', position: 'position', phone: 'phone', email: 'email', notes: 'notes', isPrimary: 'is_primary' };

export const contactFields = [
  field({ key: 'customerNo', required: true, matchKey: true, parse: f.customerNo, labelKeys: ['customer.field.customerNo'], synonyms: ['客户号', '客户编号', '客户代码', '客户号码', 'customerno', 'customer no', 'customer number'] }),
  field({ key: 'name', required: true, matchKey: true, parse: f.personName, synonyms: ['联系人', '联系人姓名', '联系人名称', '姓名', '名称', 'contact', 'contact name', 'name'] }),
  field({ key: 'kind', parse: f.enumOf(CONTACT_KINDS, 'customer.contactKind.', { 家属: 'relative', 紧急: 'emergency', 紧急联络人: 'emergency', 普通联系人: 'contact', 授权人: 'contact', 经办人: 'contact' }), labelKeys: ['customer.field.contacts.kind'], synonyms: ['联系人类别', '联系人类型', '类别', '类型', 'contact kind', 'kind', 'type'] }),
  field({ key: 'relation', parse: f.text(30), labelKeys: ['customer.field.relation'], synonyms: ['关系', '与客户关系', '与本人关系', 'relation', 'relationship'] }),
  field({ key: 'position', parse: f.text(40), labelKeys: ['customer.field.position'], synonyms: ['职务', '职位', 'position', 'title'] }),
  field({ key: 'phone', parse: f.phone, labelKeys: ['customer.field.phone'], synonyms: ['手机', '手机号码', '手机号', '联系电话', '移动电话', '电话', 'mobile', 'phone'] }),
  field({ key: 'email', parse: f.email, labelKeys: ['customer.field.email'], synonyms: ['邮箱', '电子邮箱', '电子邮件', 'email', 'e-mail'] }),
  field({ key: 'notes', parse: f.text(500), labelKeys: ['customer.field.notes'], synonyms: ['备注', '说明', 'notes', 'remark', 'remarks'] }),
  field({ key: 'isPrimary', parse: f.bool, labelKeys: ['customer.field.isPrimary'], synonyms: ['主要联系人', '是否主要联系人', '首要联系人', 'primary', 'is primary'] }),
];

type Existing = { id: string; customer_id: string; name: string; [col: string]: unknown };
export type ContactPlan =
  | { op: 'insert'; row: Record<string, unknown> }
  | { op: 'update'; id: string; customerId: string; set: Record<string, unknown>; before: Record<string, unknown> };

const INSERT_COLS = ['id', 'customer_id', 'branch_id', 'kind', 'name', 'relation', 'position', 'phone', 'email', 'notes', 'is_primary', 'created_at', 'updated_at', 'deleted_at'];

function openContacts(env: TargetEnv) {
  const { sqlite, scope } = env;
  const existingSql = sqlite.prepare(
    `SELECT k.id, k.customer_id, k.name, k.kind, k.relation, k.position, k.phone, k.email, k.notes, k.is_primary
       FROM json_each(?) j CROSS JOIN contacts k ON k.customer_id = j.value WHERE k.deleted_at IS NULL`,
  );
  const insert = sqlite.prepare(`INSERT INTO contacts (${INSERT_COLS.join(', ')}) VALUES (${INSERT_COLS.map(() => '?').join(', ')})`);
  const primaries = sqlite.prepare(`SELECT id FROM contacts WHERE customer_id = ? AND is_primary = 1 AND deleted_at IS NULL AND id <> ?`);
  const demote = sqlite.prepare(`UPDATE contacts SET is_primary = 0, updated_at = ? WHERE id = ?`);
  const stmts = new Map<string, import('better-sqlite3-multiple-ciphers').Statement>();
  const customerNos = new CodeLengths(sqlite, 'customers', 'customer_no');
  /**
   * Per customer, the contact an earlier row of this run made primary (by name). A later row that
   * names another contact primary takes it back even when that contact's stored flag is still set
   * (a preview writes nothing, and in one batch the earlier row is not written yet): an update of
   * the flag, so the write demotes the earlier one. Without it the earlier row won.
   */
  const primaryClaims = new Map<string, string>();
  const claim = (customerId: string, v: ValidRow['values'], o: Outcome<ContactPlan>): Outcome<ContactPlan> => {
    if (v.isPrimary === true) primaryClaims.set(customerId, v.name as string);
    else if (v.isPrimary === false && primaryClaims.get(customerId) === v.name) primaryClaims.delete(customerId);
    return o;
  };

  return {
    classify(rows: readonly ValidRow[]): Outcome<ContactPlan>[] {
      const customers = customersByNo(sqlite, customerNos.withPaddings(rows.map((r) => r.values.customerNo as string)));
      const ids = [...customers.values()].flatMap((l) => l.map((c) => c.id));
      const byCustomer = new Map<string, Existing[]>();
      for (const k of ids.length ? (existingSql.all(JSON.stringify(ids)) as Existing[]) : []) {
        const l = byCustomer.get(k.customer_id);
        if (l) l.push(k);
        else byCustomer.set(k.customer_id, [k]);
      }
      return rows.map(({ values: v }): Outcome<ContactPlan> => {
        const hits = customers.get(v.customerNo as string) ?? [];
        if (hits.length === 0) return { status: 'error', issues: [customerNos.unknown(v.customerNo as string, customers, scope, 'customerNo', 'error.import.customer.notFound')] };
        if (hits.length > 1) return { status: 'error', issues: [err('customerNo', 'error.import.customer.noAmbiguous', { count: hits.length })] };
        const c = hits[0]!;
        if (!inScope(scope, c)) return { status: 'error', issues: [err('customerNo', 'error.import.outOfScope')] };
        const same = (byCustomer.get(c.id) ?? []).filter((k) => k.name === v.name);
        if (same.length > 1) return { status: 'error', issues: [err('name', 'error.import.contact.ambiguous', { count: same.length })] };
        const e = same[0];
        if (!e) {
          const row: Record<string, unknown> = { id: newRowId(), customer_id: c.id, branch_id: c.branch_id, name: v.name, kind: v.kind ?? 'contact', is_primary: v.isPrimary ? 1 : 0, created_at: env.stamp, updated_at: env.stamp, deleted_at: null };
          for (const [k, col] of Object.entries(COLUMNS)) if (k !== 'kind' && k !== 'isPrimary' && v[k] !== undefined) row[col] = v[k];
          return claim(c.id, v, { status: 'new', issues: [], plan: { op: 'insert', row } });
        }
        const set: Record<string, unknown> = {};
        const before: Record<string, unknown> = {};
        for (const [k, col] of Object.entries(COLUMNS)) {
          if (v[k] === undefined || v[k] === null) continue;
          const nv = k === 'isPrimary' ? (v[k] ? 1 : 0) : v[k];
          if (nv !== e[col]) {
            set[col] = nv;
            before[col] = e[col];
          }
        }
        const taken = primaryClaims.get(c.id);
        if (v.isPrimary === true && set.is_primary === undefined && taken !== undefined && taken !== v.name) {
          set.is_primary = 1;
          before.is_primary = e.is_primary;
        }
        if (Object.keys(set).length === 0) return claim(c.id, v, { status: 'unchanged', issues: [] });
        return claim(c.id, v, { status: 'update', issues: [], plan: { op: 'update', id: e.id, customerId: c.id, set, before } });
      });
    },

    write(plans: readonly ContactPlan[], rec: ChangeRecorder): void {
      // Per customer, the last plan that makes a contact primary: that contact is primary at the
      // end of the batch, every other one is not. A contact this batch inserts as primary and a
      // later row demotes is inserted non-primary at once (the same end state), so the batch
      // never updates a row it inserted: its inserts can be captured together (capture.ts
      // deferInsertCapture), and each one's insert op carries the row as the batch leaves it.
      const customerOf = (p: ContactPlan) => (p.op === 'insert' ? (p.row.customer_id as string) : p.customerId);
      const makesPrimary = (p: ContactPlan) => (p.op === 'insert' ? p.row.is_primary : p.set.is_primary) === 1;
      const lastPrimary = new Map<string, number>();
      plans.forEach((p, i) => {
        if (makesPrimary(p)) lastPrimary.set(customerOf(p), i);
      });
      const inserts = plans.reduce((n, p) => n + (p.op === 'insert' ? 1 : 0), 0);
      const captured = inserts >= DEFER_MIN_ROWS ? deferInsertCapture(sqlite, ['contacts']) : null;
      plans.forEach((p, i) => {
        const customerId = customerOf(p);
        let id: string;
        let primary = makesPrimary(p);
        if (p.op === 'insert') {
          id = p.row.id as string;
          if (primary && lastPrimary.get(customerId) !== i) {
            primary = false;
            p.row.is_primary = 0;
          }
          const info = insert.run(INSERT_COLS.map((c) => p.row[c] ?? null));
          captured?.record('contacts', info.lastInsertRowid);
          rec.insert('contacts', id);
        } else {
          const cols = Object.keys(p.set);
          const sql = `UPDATE contacts SET ${cols.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`;
          let st = stmts.get(sql);
          if (!st) stmts.set(sql, (st = sqlite.prepare(sql)));
          st.run(...cols.map((c) => p.set[c]), env.stamp, p.id);
          rec.update('contacts', p.id, p.before);
          id = p.id;
        }
        // Only contacts that were there before the batch can be primary here besides this one.
        if (primary) {
          for (const o of primaries.all(customerId, id) as { id: string }[]) {
            demote.run(env.stamp, o.id);
            rec.update('contacts', o.id, { is_primary: 1 });
          }
        }
      });
      captured?.finish();
    },
  };
}

export const contactsKind: KindDef<ContactPlan> = {
  kind: 'contacts',
  fields: contactFields,
  keys: (v) => [`${String(v.customerNo)}\u0001${String(v.name)}`],
  target: { open: openContacts },
  readerThread: true,
};
