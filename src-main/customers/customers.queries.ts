import { sql, type Kysely } from 'kysely';
import type { Database as Schema } from '../db/schema';
import type { Actor } from '../ipc/types';
import { customersInScope } from '../scope/scope';
import { maskIdNumber, maskPhone } from '../../src-shared/lib/mask';
import type { CustomerDto, CustomerListRow } from '../../src-shared/customers/customers.contract';
import { normalizeIdNumber, normalizePhone, toHalfWidth } from '../../src-shared/lib/normalize';

/**
 * Which index a search term goes to (architecture.md "Fast by construction"): Chinese of 3+
 * characters → trigram FTS; 1–2 characters → unigram/bigram FTS; latin letters → pinyin
 * columns (initials or full, prefix); digits → customer number prefix, phone tail, ID tail.
 * Each branch is an index lookup; results are intersected with the caller's scope.
 */
export function searchSeqs(db: Kysely<Schema>, rawTerm: string) {
  const term = toHalfWidth(rawTerm).trim();
  const han = /^[\u3400-\u9fff\u00b7]+$/u;
  if (han.test(term)) {
    if ([...term].length >= 3) {
      return sql<number>`(SELECT rowid FROM customer_name_tri WHERE customer_name_tri MATCH ${`"${term}"`})`;
    }
    return sql<number>`(SELECT rowid FROM customer_name_gram WHERE customer_name_gram MATCH ${`"${term}"`})`;
  }
  if (/^[a-zA-Z]+$/.test(term)) {
    const t = term.toLowerCase();
    const hi = t + '\uffff';
    return sql<number>`(SELECT seq FROM customers WHERE name_initials >= ${t} AND name_initials < ${hi}
                       UNION SELECT seq FROM customers WHERE name_py >= ${t} AND name_py < ${hi})`;
  }
  const digits = normalizePhone(normalizeIdNumber(term));
  if (/^\d{3,}X?$/.test(digits)) {
    const rev = [...digits].reverse().join('');
    const revHi = rev + '\uffff';
    return sql<number>`(SELECT seq FROM customers WHERE customer_no >= ${digits} AND customer_no < ${digits + '\uffff'}
                       UNION SELECT seq FROM customers WHERE phone_rev >= ${rev} AND phone_rev < ${revHi}
                       UNION SELECT seq FROM customers WHERE id_no_rev >= ${rev} AND id_no_rev < ${revHi})`;
  }
  // Anything else (mixed scripts, punctuation) matches nothing rather than scanning a million rows.
  return sql<number>`(SELECT seq FROM customers WHERE 0)`;
}

export function selectCustomerRows(db: Kysely<Schema>, actor: Actor) {
  return customersInScope(db, actor)
    .leftJoin('users as m', 'm.id', 'customers.manager_id')
    .select([
      'customers.seq',
      'customers.id',
      'customers.customer_no',
      'customers.name',
      'customers.id_type',
      'customers.id_no',
      'customers.phone',
      'customers.branch_id',
      'customers.manager_id',
      'm.display_name as manager_name',
      'customers.level',
      'customers.status',
      'customers.assets_fen',
      'customers.version',
      'customers.created_at',
      'customers.updated_at',
    ]);
}

type Row = {
  seq: number;
  id: string;
  customer_no: string;
  name: string;
  id_type: CustomerListRow['idType'];
  id_no: string;
  phone: string | null;
  branch_id: string;
  manager_id: string | null;
  manager_name: string | null;
  level: CustomerListRow['level'];
  status: CustomerListRow['status'];
  assets_fen: number;
  version: number;
  created_at: string;
  updated_at: string;
};

/** Personal data is masked here, at the one place rows become DTOs. */
export function toListRow(r: Row): CustomerListRow {
  return {
    id: r.id,
    customerNo: r.customer_no,
    name: r.name,
    idType: r.id_type,
    idNo: maskIdNumber(r.id_no),
    phone: r.phone === null ? null : maskPhone(r.phone),
    branchId: r.branch_id,
    managerId: r.manager_id,
    managerName: r.manager_name,
    level: r.level,
    status: r.status,
    assetsFen: r.assets_fen,
  };
}

export function toCustomerDto(r: Row): CustomerDto {
  return { ...toListRow(r), version: r.version, createdAt: r.created_at, updatedAt: r.updated_at };
}
