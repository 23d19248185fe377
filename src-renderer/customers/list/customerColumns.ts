import type { SortField } from '../../../src-shared/customers/customers.contract';

import type { CustomerListColumn } from '../../../src-shared/customers/list-view';

export type ColumnId = CustomerListColumn;

export type ColumnDef = {
  id: ColumnId;
  /** One track of the row's CSS grid. */
  width: string;
  /** Minimum width in px, for the table's horizontal scroll. */
  min: number;
  sort?: SortField;
  align?: 'right';
  /** Always shown: the column chooser cannot hide it. */
  fixed?: boolean;
};

/**
 * The customer table's columns in display order. Widths are fixed where the content is
 * (badges, dates, masked numbers) and flexible for names. Header text is `customers.col.<id>`.
 */
export const customerColumns: readonly ColumnDef[] = [
  { id: 'customerNo', width: 'minmax(104px, 0.9fr)', min: 104, sort: 'customerNo' },
  { id: 'name', width: 'minmax(80px, 1fr)', min: 80, sort: 'name', fixed: true },
  { id: 'idNo', width: 'minmax(158px, 1.1fr)', min: 158 },
  { id: 'phone', width: 'minmax(100px, 0.9fr)', min: 100 },
  { id: 'branch', width: 'minmax(120px, 1.1fr)', min: 120 },
  { id: 'manager', width: 'minmax(80px, 0.9fr)', min: 80 },
  { id: 'level', width: 'minmax(70px, 0.4fr)', min: 70 },
  { id: 'status', width: 'minmax(80px, 0.4fr)', min: 80 },
  { id: 'risk', width: '56px', min: 56 },
  { id: 'alerts', width: 'minmax(64px, 1.8fr)', min: 64 },
  { id: 'openDate', width: '96px', min: 96, sort: 'openDate' },
  { id: 'lastContact', width: '104px', min: 104, sort: 'lastContact' },
  { id: 'assets', width: 'minmax(128px, 1fr)', min: 128, sort: 'assets', align: 'right' },
];

