import { CUSTOMER_EXPORT_COLUMNS, type CustomerExportColumn } from './exports.contract';
import type { CustomerListColumn } from '../customers/list-view';

/** What each column of the customer table is, in the export's columns (a table column can hold several facts). */
const FROM_LIST: Record<CustomerListColumn, readonly CustomerExportColumn[]> = {
  customerNo: ['customerNo'],
  name: ['name'],
  idNo: ['idNo'],
  phone: ['phone'],
  branch: ['branchName'],
  manager: ['managerName'],
  level: ['level'],
  status: ['status'],
  risk: ['riskLevel'],
  // The alerts column shows these three flags as badges; a sheet shows them as their own columns.
  alerts: ['elderly', 'riskExpiresAt', 'idExpiry'],
  openDate: ['openDate'],
  lastContact: ['lastContactAt'],
  assets: ['assetsFen'],
};

/** The export's default columns: the ones the list shows, in the export's order. */
export function exportColumnsFromList(columns: readonly CustomerListColumn[]): CustomerExportColumn[] {
  const wanted = new Set(columns.flatMap((c) => FROM_LIST[c] ?? []));
  // The name column is fixed in the list: it is always shown, so always exported.
  wanted.add('name');
  return CUSTOMER_EXPORT_COLUMNS.filter((c) => wanted.has(c));
}
