import { customersContract } from '../../src-shared/customers/customers.contract';
import { AppError } from '../../src-shared/rpc/errors';
import type { HandlersFor } from '../ipc/types';

type C = typeof customersContract;
type Only<K extends keyof C> = { [M in K]: C[M] };

// STUB: replaced by the real handlers. Answers INTERNAL so nothing pretends to work.
function notYet(method: string): never {
  throw new AppError('INTERNAL', `error.notImplemented.${method}`);
}

/** Duplicates: the finder job, candidate pairs, merge and undo. */
export const customersMergeHandlers = {
  'customers.duplicates.scan': async () => notYet('customers.duplicates.scan'),
  'customers.duplicates.list': async () => notYet('customers.duplicates.list'),
  'customers.duplicates.dismiss': async () => notYet('customers.duplicates.dismiss'),
  'customers.merge': {
    prepare: async () => notYet('customers.merge'),
    run: async () => notYet('customers.merge'),
  },
  'customers.unmerge': async () => notYet('customers.unmerge'),
} satisfies HandlersFor<Only<'customers.duplicates.scan' | 'customers.duplicates.list' | 'customers.duplicates.dismiss' | 'customers.merge' | 'customers.unmerge'>>;
