/**
 * The customer list's defaults, shared by the list (renderer), its contract, and the export of
 * it (the dialog and the CLI), so that a list exported without saying how is the list a person
 * sees before changing anything.
 */

/** The columns of the customer list (a column can show several facts: `alerts`). */
export type CustomerListColumn = 'customerNo' | 'name' | 'idNo' | 'phone' | 'branch' | 'manager' | 'level' | 'status' | 'risk' | 'alerts' | 'openDate' | 'lastContact' | 'assets';

/** Largest assets first. */
export const DEFAULT_CUSTOMER_SORT = { field: 'assets', dir: 'desc' } as const;

export const DEFAULT_LIST_COLUMNS: readonly CustomerListColumn[] = ['customerNo', 'name', 'idNo', 'phone', 'manager', 'level', 'status', 'risk', 'alerts', 'assets'];
