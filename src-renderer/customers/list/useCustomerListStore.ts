import { create } from 'zustand';
import type { z } from 'zod';
import type { CustomerFilter, SortField, zCustomerSort } from '../../../src-shared/customers/customers.contract';
import type { ColumnId } from './customerColumns';
import { DEFAULT_CUSTOMER_SORT, DEFAULT_LIST_COLUMNS } from '../../../src-shared/customers/list-view';

export type CustomerSort = z.infer<typeof zCustomerSort>;
/** What a saved view holds: the filters, the sort and the visible columns (not the search text). */
export type CustomerViewState = { filter: CustomerFilter; sort: CustomerSort; columns: ColumnId[] };

/** Money and dates read best newest/largest first; names and numbers from the start. */
const FIRST_DIR: Record<SortField, CustomerSort['dir']> = { assets: 'desc', lastContact: 'desc', openDate: 'desc', name: 'asc', customerNo: 'asc' };

const DEFAULTS: CustomerViewState = { filter: {}, sort: { ...DEFAULT_CUSTOMER_SORT }, columns: [...DEFAULT_LIST_COLUMNS] };

/** Drop keys that filter nothing (unset, empty lists, switched-off toggles), so equal filters compare equal. */
function compact(f: CustomerFilter): CustomerFilter {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === false || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out as CustomerFilter;
}

type CustomerListStore = CustomerViewState & {
  q: string;
  /** The saved view last applied or saved, if any. */
  viewId: string | null;
  setQ(q: string): void;
  setFilter(patch: Partial<CustomerFilter>): void;
  clearFilter(): void;
  /** A header click: a new field starts in its natural direction, the same field flips. */
  toggleSort(field: SortField): void;
  setColumns(columns: ColumnId[]): void;
  applyView(id: string | null, state: CustomerViewState): void;
  defaults(): CustomerViewState;
};

/** The customer list's UI state: kept across page switches (open a customer, come back), set by saved views. */
export const useCustomerListStore = create<CustomerListStore>((set) => ({
  ...DEFAULTS,
  q: '',
  viewId: null,
  setQ: (q) => set({ q }),
  setFilter: (patch) => set((s) => ({ filter: compact({ ...s.filter, ...patch }) })),
  clearFilter: () => set({ filter: {} }),
  toggleSort: (field) =>
    set((s) => ({ sort: s.sort.field === field ? { field, dir: s.sort.dir === 'asc' ? 'desc' : 'asc' } : { field, dir: FIRST_DIR[field] } })),
  setColumns: (columns) => set({ columns }),
  applyView: (viewId, state) => set({ viewId, filter: compact(state.filter), sort: state.sort, columns: state.columns }),
  defaults: () => DEFAULTS,
}));
