import { i18n } from '../i18n/i18n';
import { CUSTOMER_ENUM_PREFIX, fieldLabel } from '../customers/page/fieldLabel';

/** Enum fields of the contact and account forms and the catalogue prefix of their labels. */
const CHILD_ENUM_PREFIX: Readonly<Record<string, string>> = {
  'contacts.kind': 'customer.contactKind',
  'accounts.type': 'customer.accountType',
  'accounts.status': 'customer.accountStatus',
};

/** The catalogue prefix of an enum field (customers, contacts, accounts), or null. */
export function enumPrefixOf(table: string, field: string): string | null {
  return (table === 'customers' ? CUSTOMER_ENUM_PREFIX[field] : CHILD_ENUM_PREFIX[`${table}.${field}`]) ?? null;
}

/** A yes/no field of a form (a contact's primary flag). */
export const isFlagField = (table: string, field: string): boolean => table === 'contacts' && field === 'isPrimary';

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
  if (isFlagField(table, field)) return i18n.t(value === '1' || value === 'true' ? 'common.yes' : 'common.no');
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
