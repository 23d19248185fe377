import type { z } from 'zod';
import { customerFieldShape } from '../customers/customer-fields';
import { zAccountInput, zContactInput } from '../customers/customers.contract';

/**
 * The fields a conflict resolution may write ("take the other value", "type a value"): the
 * ones a person edits in the record's own form, each with that form's schema, so a value
 * written from the inbox is checked as the form checks it (here in the renderer, and by the
 * form's handler in main). Field names as the forms have them (camelCase). Other synced
 * tables' conflicts are kept as they stand: their rows are written by workflows (approvals,
 * imports, merges), not by a form.
 */
const CONTACT_FIELDS = ['kind', 'name', 'relation', 'position', 'phone', 'email', 'notes', 'isPrimary'] as const;
const ACCOUNT_FIELDS = ['accountNo', 'type', 'status', 'openedAt', 'closedAt'] as const;

const pick = <S extends Record<string, z.ZodType>, K extends keyof S & string>(shape: S, keys: readonly K[]): Readonly<Record<string, z.ZodType>> =>
  Object.fromEntries(keys.map((k): [string, z.ZodType] => [k, shape[k] as z.ZodType]));

const FORMS: Readonly<Record<string, Readonly<Record<string, z.ZodType>>>> = {
  customers: customerFieldShape,
  contacts: pick(zContactInput.shape, CONTACT_FIELDS),
  accounts: pick(zAccountInput.shape, ACCOUNT_FIELDS),
};

/** The form schema of a field a resolution may write, or null (keep only). */
export function conflictFieldSchema(table: string, field: string): z.ZodType | null {
  const form = FORMS[table];
  return form && Object.hasOwn(form, field) ? form[field]! : null;
}
