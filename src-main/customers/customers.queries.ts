import { sql, type Kysely } from 'kysely';
import type { Database as Schema } from '../db/schema';
import type { Actor } from '../ipc/types';
import { customersInScope } from '../scope/scope';
import { maskIdNumber, maskPhone } from '../../src-shared/lib/mask';
import {
  ELDERLY_AGE,
  type CustomerDto,
  type CustomerListRow,
} from '../../src-shared/customers/customers.contract';
import { normalizeIdNumber, normalizePhone, toHalfWidth } from '../../src-shared/lib/normalize';

/** A term searched in the pinyin columns (initials or full pinyin). */
export function isPinyinTerm(rawTerm: string): boolean {
  return /^[a-zA-Z]+$/.test(toHalfWidth(rawTerm).trim());
}

/** The scope column a search's pinyin arms seek first (list-shapes.ts `searchPrefixFor`). */
export type SearchPrefix = { column: 'branch_id' | 'manager_id'; value: string } | null;

/**
 * Which index a search term goes to (architecture.md "Fast by construction"): Chinese of 3+
 * characters → trigram FTS; 1–2 characters → unigram/bigram FTS; latin letters → pinyin
 * columns (initials or full, prefix); digits → customer number prefix, phone tail or whole
 * phone, ID tail or whole ID number (PHONE_TAIL_MAX, ID_TAIL_MAX), capital account. Each branch is an index lookup; results are intersected with the scope.
 *
 * The result is only ever used as `seq IN (…)`, so the arms are joined with UNION ALL: a
 * duplicate changes nothing there, while UNION makes SQLite merge the arms in seq order, and
 * with sqlite_stat4 samples of a 1M table it then read a wide initials range (`ww`, `ly`: 4–28k
 * matches) by scanning the whole table in rowid order instead: 1.4 s instead of ~3 ms.
 *
 * Pinyin terms match the most rows (`zw`: 4,500–28,000 firm-wide; `zhang`: ~8% of everyone), so
 * their arms seek the scope column first ((branch_id|manager_id, name_initials|name_py), 0004)
 * and, given `cap`, stop after that many matches in index order: the list only ever shows the
 * first SEARCH_CAP matches of a term, and which ones is the list's rule (see list-shapes.ts).
 */
/**
 * The longest tails a search matches phones and ID numbers by. Lists show both masked
 * (138****5678, 110***********1234) to everyone, and seeing one whole is an audited act
 * (customers.revealPii); a longer tail would unmask them a digit at a time, unaudited. A phone:
 * the four digits its mask shows. An ID number: six, the four shown and the day of birth before
 * them, which the customer page shows anyway. A longer term finds the whole number only.
 */
const PHONE_TAIL_MAX = 4;
const ID_TAIL_MAX = 6;

export function searchSeqs(db: Kysely<Schema>, rawTerm: string, prefix: SearchPrefix = null, cap?: number) {
  const term = toHalfWidth(rawTerm).trim();
  const han = /^[\u3400-\u9fff\u00b7]+$/u;
  if (han.test(term)) {
    if ([...term].length >= 3) {
      return sql<number>`(SELECT rowid FROM customer_name_tri WHERE customer_name_tri MATCH ${`"${term}"`})`;
    }
    return sql<number>`(SELECT rowid FROM customer_name_gram WHERE customer_name_gram MATCH ${`"${term}"`})`;
  }
  if (isPinyinTerm(term)) {
    const t = term.toLowerCase();
    const hi = t + '\uffff';
    const scope = prefix ? sql`${sql.ref(prefix.column)} = ${prefix.value} AND ` : sql``;
    const limit = cap === undefined ? sql`` : sql` LIMIT ${cap}`;
    const arm = (column: 'name_initials' | 'name_py') =>
      sql`SELECT seq FROM (SELECT seq FROM customers WHERE ${scope}${sql.ref(column)} >= ${t} AND ${sql.ref(column)} < ${hi}${limit})`;
    return sql<number>`(${arm('name_initials')} UNION ALL ${arm('name_py')})`;
  }
  const digits = normalizePhone(normalizeIdNumber(term));
  if (/^\d{3,}X?$/.test(digits)) {
    const rev = [...digits].reverse().join('');
    // A tail up to its limit (above), else the whole number.
    const tail = (column: 'phone_rev' | 'id_no_rev', max: number) =>
      digits.length <= max ? sql`${sql.ref(column)} >= ${rev} AND ${sql.ref(column)} < ${rev + '\uffff'}` : sql`${sql.ref(column)} = ${rev}`;
    return sql<number>`(SELECT seq FROM customers WHERE customer_no >= ${digits} AND customer_no < ${digits + '\uffff'}
                       UNION ALL SELECT seq FROM customers WHERE ${tail('phone_rev', PHONE_TAIL_MAX)}
                       UNION ALL SELECT seq FROM customers WHERE ${tail('id_no_rev', ID_TAIL_MAX)}
                       UNION ALL SELECT c.seq FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.account_no = ${digits} AND a.deleted_at IS NULL)`;
  }
  // Anything else (mixed scripts, punctuation) matches nothing rather than scanning a million rows.
  return sql<number>`(SELECT seq FROM customers WHERE 0)`;
}

/**
 * The list columns, joined with branch and manager names, starting from the scope helper.
 * `withMergeTombstones`: the duplicate finder's merged pairs also show the merged-away customer.
 */
export function selectCustomerRows(db: Kysely<Schema>, actor: Actor, opts: { withMergeTombstones?: boolean } = {}) {
  return customersInScope(db, actor, opts)
    .innerJoin('org_units as b', 'b.id', 'customers.branch_id')
    .leftJoin('users as m', 'm.id', 'customers.manager_id')
    .select([
      'customers.seq',
      'customers.id',
      'customers.customer_no',
      'customers.kind',
      'customers.name',
      'customers.id_type',
      'customers.id_no',
      'customers.phone',
      'customers.branch_id',
      'b.name as branch_name',
      'customers.manager_id',
      'm.display_name as manager_name',
      'customers.level',
      'customers.status',
      'customers.risk_level',
      'customers.risk_expires_at',
      'customers.id_expiry',
      'customers.assets_fen',
      'customers.open_date',
      'customers.last_contact_at',
      'customers.birth_date',
    ]);
}

/** Everything the customer page shows. */
export function selectCustomerFull(db: Kysely<Schema>, actor: Actor) {
  return selectCustomerRows(db, actor)
    .leftJoin('users as ub', 'ub.id', 'customers.updated_by')
    .select([
      'customers.gender',
      'customers.nationality',
      'customers.occupation',
      'customers.education',
      'customers.income_band',
      'customers.address',
      'customers.phone2',
      'customers.email',
      'customers.wechat',
      'customers.source_channel',
      'customers.investor_category',
      'customers.risk_lowest',
      'customers.risk_assessed_at',
      'customers.invest_experience',
      'customers.invest_horizon',
      'customers.preferred_varieties',
      'customers.notes',
      'customers.merged_into',
      'customers.version',
      'customers.created_at',
      'customers.updated_at',
      'ub.display_name as updated_by_name',
    ]);
}

export type CustomerRow = {
  seq: number;
  id: string;
  customer_no: string;
  kind: CustomerListRow['kind'];
  name: string;
  id_type: CustomerListRow['idType'];
  id_no: string;
  phone: string | null;
  branch_id: string;
  branch_name: string;
  manager_id: string | null;
  manager_name: string | null;
  level: CustomerListRow['level'];
  status: CustomerListRow['status'];
  risk_level: CustomerListRow['riskLevel'];
  risk_expires_at: string | null;
  id_expiry: string | null;
  assets_fen: number;
  open_date: string | null;
  last_contact_at: string | null;
  birth_date: string | null;
};

export type CustomerFullRow = CustomerRow & {
  gender: 'M' | 'F' | null;
  nationality: string | null;
  occupation: string | null;
  education: string | null;
  income_band: string | null;
  address: string | null;
  phone2: string | null;
  email: string | null;
  wechat: string | null;
  source_channel: string | null;
  investor_category: 'ordinary' | 'professional';
  risk_lowest: number;
  risk_assessed_at: string | null;
  invest_experience: string | null;
  invest_horizon: string | null;
  preferred_varieties: string | null;
  notes: string | null;
  merged_into: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  updated_by_name: string | null;
};

/** Today in Asia/Shanghai as YYYY-MM-DD (domain.md: dates are local to the branch). */
export function shanghaiToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The birth date on or before which a customer counts as elderly today. */
export function elderlyCutoff(today: string): string {
  return `${Number(today.slice(0, 4)) - ELDERLY_AGE}${today.slice(4)}`;
}

export function maskEmail(e: string): string {
  const at = e.indexOf('@');
  return at <= 1 ? `*${e.slice(Math.max(at, 0))}` : `${e[0]}***${e.slice(at)}`;
}

export function maskAddress(a: string): string {
  // Keep the first 6 characters (province/city/district), mask the street and number.
  const chars = [...a];
  return chars.length <= 6 ? '*'.repeat(chars.length) : chars.slice(0, 6).join('') + '*'.repeat(Math.min(chars.length - 6, 12));
}

/** Personal data is masked here, at the one place rows become DTOs. */
export function toListRow(r: CustomerRow, today: string): CustomerListRow {
  return {
    id: r.id,
    customerNo: r.customer_no,
    kind: r.kind,
    name: r.name,
    idType: r.id_type,
    idNo: maskIdNumber(r.id_no),
    phone: r.phone === null ? null : maskPhone(r.phone),
    branchId: r.branch_id,
    branchName: r.branch_name,
    managerId: r.manager_id,
    managerName: r.manager_name,
    level: r.level,
    status: r.status,
    riskLevel: r.risk_level,
    riskExpiresAt: r.risk_expires_at,
    idExpiry: r.id_expiry,
    assetsFen: r.assets_fen,
    openDate: r.open_date,
    lastContactAt: r.last_contact_at,
    elderly: r.kind === 'individual' && r.birth_date !== null && r.birth_date <= elderlyCutoff(today),
  };
}

export function toCustomerDto(r: CustomerFullRow, tags: string[], today: string): CustomerDto {
  return {
    ...toListRow(r, today),
    gender: r.gender,
    birthDate: r.birth_date,
    nationality: r.nationality,
    occupation: r.occupation,
    education: r.education as CustomerDto['education'],
    incomeBand: r.income_band as CustomerDto['incomeBand'],
    address: r.address === null ? null : maskAddress(r.address),
    phone2: r.phone2 === null ? null : maskPhone(r.phone2),
    email: r.email === null ? null : maskEmail(r.email),
    wechat: r.wechat,
    sourceChannel: r.source_channel as CustomerDto['sourceChannel'],
    investorCategory: r.investor_category,
    riskLowest: r.risk_lowest === 1,
    riskAssessedAt: r.risk_assessed_at,
    investExperience: r.invest_experience as CustomerDto['investExperience'],
    investHorizon: r.invest_horizon as CustomerDto['investHorizon'],
    preferredVarieties: r.preferred_varieties ? (JSON.parse(r.preferred_varieties) as CustomerDto['preferredVarieties']) : [],
    notes: r.notes,
    tags,
    mergedInto: r.merged_into,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    updatedByName: r.updated_by_name,
  };
}

export async function tagsOf(db: Kysely<Schema>, customerId: string): Promise<string[]> {
  const rows = await db.selectFrom('customer_tags').select('tag').where('customer_id', '=', customerId).where('deleted_at', 'is', null).orderBy('tag').execute();
  return rows.map((r) => r.tag);
}
