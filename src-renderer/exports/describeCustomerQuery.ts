import type { CustomerFilter, SortField } from '../../src-shared/customers/customers.contract';
import type { Formatter } from '../format/makeFormatter';
import { i18n } from '../i18n/i18n';

type Names = { branches: ReadonlyMap<string, string>; managers: ReadonlyMap<string, string> };

const SORT_COLUMN: Record<SortField, string> = { assets: 'assets', name: 'name', openDate: 'openDate', lastContact: 'lastContact', customerNo: 'customerNo' };
/** Filter keys whose label is not `customers.filter.<key>`. */
const LABEL: Partial<Record<string, string>> = {
  levels: 'customers.filter.level',
  statuses: 'customers.filter.status',
  riskLevels: 'customers.filter.risk',
  kinds: 'exportUi.filter.kinds',
  branchId: 'customers.filter.branch',
  managerId: 'customers.filter.manager',
  assetsMinFen: 'customers.filter.assetsMin',
  assetsMaxFen: 'customers.filter.assetsMax',
};
/** List-valued filters of codes, and the catalogue prefix of the codes' names. */
const CODES: Partial<Record<string, string>> = { levels: 'customerLevel', statuses: 'customerStatus', riskLevels: 'riskLevel', kinds: 'customerKind' };

const text = (key: string) => (i18n.exists(key) ? i18n.t(key) : key);

/**
 * The list's search, filters and sort in words, for the export dialog and the person checking
 * what will be exported. A filter field this version does not know is still shown (by its key):
 * nothing the export will apply is hidden.
 */
export function describeCustomerQuery(q: string, filter: CustomerFilter, sort: { field: SortField; dir: 'asc' | 'desc' }, names: Names, fmt: Formatter): { search: string | null; filters: string[]; sort: string } {
  const filters: string[] = [];
  for (const [key, value] of Object.entries(filter) as [string, unknown][]) {
    if (value === undefined || value === false || (Array.isArray(value) && value.length === 0)) continue;
    const label = text(LABEL[key] ?? `customers.filter.${key}`);
    let shown: string | null;
    if (value === true) shown = null;
    else if (key === 'branchId') shown = names.branches.get(String(value)) ?? i18n.t('common.unknown');
    else if (key === 'managerId') shown = names.managers.get(String(value)) ?? i18n.t('common.unknown');
    else if (Array.isArray(value)) {
      const prefix = CODES[key];
      shown = value.map((v) => (prefix ? text(`${prefix}.${String(v)}`) : String(v))).join('、');
    } else if (key.endsWith('Fen') && typeof value === 'number') shown = fmt.money(value);
    else shown = String(value);
    filters.push(shown === null ? label : `${label}：${shown}`);
  }
  const column = text(`customers.col.${SORT_COLUMN[sort.field]}`);
  return {
    search: q.trim() ? q.trim() : null,
    filters,
    sort: i18n.t(sort.dir === 'asc' ? 'exportUi.sort.asc' : 'exportUi.sort.desc', { column }),
  };
}
