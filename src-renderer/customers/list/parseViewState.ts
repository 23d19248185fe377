import { z } from 'zod';
import { zCustomerFilter, zCustomerSort } from '../../../src-shared/customers/customers.contract';
import { customerColumns, type ColumnId } from './customerColumns';
import { useCustomerListStore, type CustomerViewState } from './useCustomerListStore';

const isColumnId = (s: string): s is ColumnId => customerColumns.some((c) => c.id === s);

/**
 * A saved view's state as stored by the server (`views.save` keeps any object): each part is
 * checked on its own, so a view saved by an older version keeps what still makes sense.
 */
export function parseViewState(state: Record<string, unknown>): CustomerViewState {
  const defaults = useCustomerListStore.getState().defaults();
  const filter = zCustomerFilter.safeParse(state.filter);
  const sort = zCustomerSort.safeParse(state.sort);
  const columns = z.array(z.string()).safeParse(state.columns);
  const known = columns.success ? columns.data.filter(isColumnId) : [];
  return {
    filter: filter.success ? filter.data : defaults.filter,
    sort: sort.success ? sort.data : defaults.sort,
    columns: known.length ? known : defaults.columns,
  };
}
