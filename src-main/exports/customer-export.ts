import { zhCN, type CatalogueKey } from '../../src-shared/i18n/zh-CN';
import { catalogueText } from '../../src-shared/i18n/catalogues';
import { maskIdNumber, maskNumbersIn, maskPhone } from '../../src-shared/lib/mask';
import type { CustomerFilter, SortField } from '../../src-shared/customers/customers.contract';
import type { CustomerExportColumn } from '../../src-shared/exports/exports.contract';
import { elderlyCutoff } from '../customers/customers.queries';
import type { ListSegmentRow } from '../customers/list-shapes';
import { fenToPlainYuan, type ColumnType, type TableColumn } from './table-writer';

/**
 * What a customer-list export writes: its columns (header, cell type, value), the code →
 * Chinese label mapping, and the cover row. Pure: the job (export.jobs.ts) feeds it rows; the
 * tests and the bench use the same definitions.
 *
 * The file is written in Chinese whatever the app's language: it goes to colleagues, to Excel
 * and back into the importer, whose synonyms are Chinese first.
 */

/** Catalogue text (zh-CN) with `{{param}}` filled in. */
export function zh(key: CatalogueKey, params: Record<string, string | number> = {}): string {
  return catalogueText('zh-CN', key, params);
}

/** Label of a code by catalogue prefix (`customerLevel.gold` → 金卡); the code itself if the catalogue lacks it. */
function label(prefix: string, code: string): string {
  return (zhCN as Record<string, string>)[`${prefix}.${code}`] ?? code;
}

export type ExportRowCtx = { unmasked: boolean; elderlyCutoff: string };

type ColumnSpec = { type: ColumnType; value(r: ListSegmentRow, c: ExportRowCtx): unknown };

const yesNo = (b: boolean) => (b ? zhCN['exports.yes'] : zhCN['exports.no']);

/**
 * Every exportable column. ID numbers and phones are masked exactly as the list masks them
 * (src-shared/lib/mask.ts) unless the export is unmasked; they are always text cells.
 */
export const CUSTOMER_COLUMN_SPECS: Record<CustomerExportColumn, ColumnSpec> = {
  customerNo: { type: 'text', value: (r) => r.customer_no },
  name: { type: 'text', value: (r) => r.name },
  kind: { type: 'text', value: (r) => label('customerKind', r.kind) },
  idType: { type: 'text', value: (r) => label('idType', r.id_type) },
  idNo: { type: 'text', value: (r, c) => (c.unmasked ? r.id_no : maskIdNumber(r.id_no)) },
  phone: { type: 'text', value: (r, c) => (r.phone === null ? null : c.unmasked ? r.phone : maskPhone(r.phone)) },
  branchName: { type: 'text', value: (r) => r.branch_name },
  managerName: { type: 'text', value: (r) => r.manager_name },
  level: { type: 'text', value: (r) => label('customerLevel', r.level) },
  status: { type: 'text', value: (r) => label('customerStatus', r.status) },
  riskLevel: { type: 'text', value: (r) => (r.risk_level === null ? null : label('riskLevel', r.risk_level)) },
  riskExpiresAt: { type: 'date', value: (r) => r.risk_expires_at },
  idExpiry: { type: 'date', value: (r) => r.id_expiry },
  assetsFen: { type: 'money', value: (r) => r.assets_fen },
  openDate: { type: 'date', value: (r) => r.open_date },
  lastContactAt: { type: 'datetime', value: (r) => r.last_contact_at },
  // As the list computes it (toListRow): an individual aged ELDERLY_AGE or more today.
  elderly: { type: 'text', value: (r, c) => yesNo(r.kind === 'individual' && r.birth_date !== null && r.birth_date <= c.elderlyCutoff) },
};

export function customerTableColumns(columns: readonly CustomerExportColumn[]): TableColumn[] {
  return columns.map((k) => ({ header: zhCN[`exports.customers.col.${k}`], type: CUSTOMER_COLUMN_SPECS[k].type }));
}

/** A row mapper for the chosen columns (built once: the hot loop runs it a million times). */
export function customerRowMapper(columns: readonly CustomerExportColumn[], ctx: ExportRowCtx): (r: ListSegmentRow) => unknown[] {
  const fns = columns.map((k) => CUSTOMER_COLUMN_SPECS[k].value);
  return (r) => {
    const out = new Array<unknown>(fns.length);
    for (let i = 0; i < fns.length; i++) out[i] = fns[i]!(r, ctx);
    return out;
  };
}

export function exportRowCtx(today: string, unmasked: boolean): ExportRowCtx {
  return { unmasked, elderlyCutoff: elderlyCutoff(today) };
}

/** A Shanghai wall-clock `YYYY-MM-DD HH:mm` for an instant (UTC+8, no daylight saving since 1991). */
export function shanghaiMinute(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Names the filter's ids point at (branches, managers), looked up by the job. */
export type FilterNames = { branch?: string | null; manager?: string | null };

const FLAG_KEYS = ['unassigned', 'riskExpired', 'idExpired', 'elderly'] as const;

/**
 * The filter as the cover row says it: `客户等级：金卡、白金；证件已过期`. Never the ids themselves;
 * in a masked file the search term's numbers masked too (a phone or ID searched for would
 * otherwise stand in full beside its masked row).
 */
export function describeFilter(q: string | null, filter: CustomerFilter, names: FilterNames, masked: boolean): string {
  const sep = zhCN['exports.cover.listSep'];
  const parts: string[] = [];
  if (q) parts.push(zh('exports.cover.q', { q: masked ? maskNumbersIn(q) : q }));
  if (filter.branchId !== undefined) parts.push(zh('exports.cover.branchId', { value: names.branch ?? '—' }));
  if (filter.managerId !== undefined) parts.push(zh('exports.cover.managerId', { value: names.manager ?? '—' }));
  const lists: [keyof CustomerFilter & ('kinds' | 'levels' | 'statuses' | 'riskLevels'), string][] = [
    ['kinds', 'customerKind'],
    ['levels', 'customerLevel'],
    ['statuses', 'customerStatus'],
    ['riskLevels', 'riskLevel'],
  ];
  for (const [key, prefix] of lists) {
    const vs = filter[key];
    if (vs?.length) parts.push(zh(`exports.cover.${key}`, { value: vs.map((v) => label(prefix, v)).join(sep) }));
  }
  if (filter.tags?.length) parts.push(zh('exports.cover.tags', { value: filter.tags.join(sep) }));
  if (filter.assetsMinFen !== undefined) parts.push(zh('exports.cover.assetsMinFen', { value: fenToPlainYuan(filter.assetsMinFen) }));
  if (filter.assetsMaxFen !== undefined) parts.push(zh('exports.cover.assetsMaxFen', { value: fenToPlainYuan(filter.assetsMaxFen) }));
  for (const key of ['openFrom', 'openTo', 'lastContactFrom', 'lastContactTo'] as const) {
    const v = filter[key];
    if (v !== undefined) parts.push(zh(`exports.cover.${key}`, { value: v }));
  }
  for (const key of FLAG_KEYS) {
    const v = filter[key];
    if (v !== undefined) parts.push(zhCN[`exports.cover.${key}.${v}`]);
  }
  return parts.length ? zh('exports.cover.filter', { conditions: parts.join(zhCN['exports.cover.condSep']) }) : zhCN['exports.cover.all'];
}

export function customerCover(opts: {
  user: string;
  at: string;
  q: string | null;
  filter: CustomerFilter;
  sort: { field: SortField; dir: 'asc' | 'desc' };
  unmasked: boolean;
  names: FilterNames;
}): string {
  return zh('exports.cover', {
    title: zhCN['exports.customers.sheet'],
    user: opts.user,
    at: shanghaiMinute(opts.at),
    filter: describeFilter(opts.q, opts.filter, opts.names, !opts.unmasked),
    sort: zh('exports.cover.sort', { field: zhCN[`exports.sort.${opts.sort.field}`], dir: zhCN[`exports.cover.${opts.sort.dir}`] }),
    masking: opts.unmasked ? zhCN['exports.cover.unmasked'] : zhCN['exports.cover.masked'],
  });
}
