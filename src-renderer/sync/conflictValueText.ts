import { i18n } from '../i18n/i18n';
import { CUSTOMER_ENUM_PREFIX, fieldLabel } from '../customers/page/fieldLabel';

/** The catalogue prefix of an enum field of `customers`, or null. */
export function enumPrefixOf(table: string, field: string): string | null {
  return table === 'customers' ? (CUSTOMER_ENUM_PREFIX[field] ?? null) : null;
}

/** A conflict's field, as a person reads it (an unknown one as it is). */
export function conflictFieldLabel(table: string, field: string): string {
  return fieldLabel(field, table);
}

/** Which record kind a conflict is on, for rows with no name to show. */
export function tableLabel(table: string): string {
  const key = `syncUi.table.${table}`;
  return i18n.exists(key) ? i18n.t(key) : table;
}

/** A conflict's side as shown (main masked personal data): enum codes by name, lists by their labels, empty said so. */
export function conflictValueText(table: string, field: string, value: string | null): string {
  if (value === null || value === '') return i18n.t('syncUi.inbox.empty');
  const prefix = enumPrefixOf(table, field);
  if (prefix && i18n.exists(`${prefix}.${value}`)) return i18n.t(`${prefix}.${value}`);
  if (table === 'customers' && field === 'preferredVarieties') {
    try {
      const list: unknown = JSON.parse(value);
      if (Array.isArray(list)) return list.length ? list.map((v) => (i18n.exists(`customer.variety.${String(v)}`) ? i18n.t(`customer.variety.${String(v)}`) : String(v))).join('、') : i18n.t('syncUi.inbox.empty');
    } catch {
      return value;
    }
  }
  return value;
}
