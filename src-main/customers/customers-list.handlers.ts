import { customersContract } from '../../src-shared/customers/customers.contract';
import { AppError } from '../../src-shared/rpc/errors';
import type { HandlersFor } from '../ipc/types';

type C = typeof customersContract;
type Only<K extends keyof C> = { [M in K]: C[M] };

// STUB: replaced by the real handlers. Answers INTERNAL so nothing pretends to work.
function notYet(method: string): never {
  throw new AppError('INTERNAL', `error.notImplemented.${method}`);
}

/** The customer list: declared filter and sort shapes, keyset pages, counts. */
export const customersListHandlers = {
  'customers.list': async () => notYet('customers.list'),
  'customers.count': async () => notYet('customers.count'),
  'customers.tagsInUse': async () => notYet('customers.tagsInUse'),
} satisfies HandlersFor<Only<'customers.list' | 'customers.count' | 'customers.tagsInUse'>>;
