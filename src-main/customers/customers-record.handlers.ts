import { customersContract } from '../../src-shared/customers/customers.contract';
import { AppError } from '../../src-shared/rpc/errors';
import type { HandlersFor } from '../ipc/types';

type C = typeof customersContract;
type Only<K extends keyof C> = { [M in K]: C[M] };

// STUB: replaced by the real handlers. Answers INTERNAL so nothing pretends to work.
function notYet(method: string): never {
  throw new AppError('INTERNAL', `error.notImplemented.${method}`);
}

/** One customer: the page, edits, personal data, children, tags, assignment, bulk actions. */
export const customersRecordHandlers = {
  'customers.get': async () => notYet('customers.get'),
  'customers.timeline': async () => notYet('customers.timeline'),
  'customers.history': async () => notYet('customers.history'),
  'customers.revealPii': async () => notYet('customers.revealPii'),
  'customers.checkDuplicates': async () => notYet('customers.checkDuplicates'),
  'customers.create': async () => notYet('customers.create'),
  'customers.update': async () => notYet('customers.update'),
  'customers.setTags': async () => notYet('customers.setTags'),
  'customers.assign': async () => notYet('customers.assign'),
  'customers.bulkAssign': {
    prepare: async () => notYet('customers.bulkAssign'),
    run: async () => notYet('customers.bulkAssign'),
  },
  'customers.bulkTags': async () => notYet('customers.bulkTags'),
  'customers.bulkStatus': async () => notYet('customers.bulkStatus'),
  'customers.contacts.save': async () => notYet('customers.contacts.save'),
  'customers.contacts.remove': async () => notYet('customers.contacts.remove'),
  'customers.accounts.save': async () => notYet('customers.accounts.save'),
  'customers.accounts.remove': async () => notYet('customers.accounts.remove'),
  'customers.feedback.add': async () => notYet('customers.feedback.add'),
} satisfies HandlersFor<Only<'customers.get' | 'customers.timeline' | 'customers.history' | 'customers.revealPii' | 'customers.checkDuplicates' | 'customers.create' | 'customers.update' | 'customers.setTags' | 'customers.assign' | 'customers.bulkAssign' | 'customers.bulkTags' | 'customers.bulkStatus' | 'customers.contacts.save' | 'customers.contacts.remove' | 'customers.accounts.save' | 'customers.accounts.remove' | 'customers.feedback.add'>>;
