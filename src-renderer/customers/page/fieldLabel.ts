import { i18n } from '../../i18n/i18n';

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * A field name from change capture or the timeline (`id_no` or `idNo`, of `customers` or a child
 * table) in the user's language; an unknown one (a newer column) is shown as it is.
 */
export function fieldLabel(field: string, table = 'customers'): string {
  const name = camel(field);
  const keys = table === 'customers' ? [`customer.field.${name}`] : [`customer.field.${camel(table)}.${name}`, `customer.field.${name}`];
  const key = keys.find((k) => i18n.exists(k));
  return key ? i18n.t(key) : field;
}
