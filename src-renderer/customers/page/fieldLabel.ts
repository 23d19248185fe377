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

/** Enum-valued customer fields (camelCase) and the catalogue prefix of their labels: shown by name, not code. */
export const CUSTOMER_ENUM_PREFIX: Readonly<Record<string, string>> = {
  kind: 'customerKind',
  gender: 'gender',
  idType: 'idType',
  education: 'customer.education',
  incomeBand: 'customer.incomeBand',
  sourceChannel: 'customer.sourceChannel',
  investExperience: 'customer.investExperience',
  investHorizon: 'customer.investHorizon',
  investorCategory: 'customer.investorCategory',
  status: 'customerStatus',
  level: 'customerLevel',
};
