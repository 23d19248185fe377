import type { customersContract } from '../../src-shared/customers/customers.contract';
import type { HandlersFor } from '../ipc/types';
import { customersListHandlers } from './customers-list.handlers';
import { customersRecordHandlers } from './customers-record.handlers';
import { customersMergeHandlers } from './customers-merge.handlers';

/** The customer feature's handlers, kept in three files by concern. */
export const customersHandlers = {
  ...customersListHandlers,
  ...customersRecordHandlers,
  ...customersMergeHandlers,
} satisfies HandlersFor<typeof customersContract>;
