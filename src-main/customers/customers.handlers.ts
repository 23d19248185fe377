import type { customersContract } from '../../src-shared/customers/customers.contract';
import type { HandlersFor } from '../ipc/types';
import { customersListHandlers } from './customers-list.handlers';
import { customersRecordHandlers } from './customers-record.handlers';
import { customersMergeHandlers } from './customers-merge.handlers';
import { customersTradingHandlers } from './customers-trading.handlers';
import { customersTransferHandlers } from './customers-transfer.handlers';

/** The customer feature's handlers, kept in files by concern. */
export const customersHandlers = {
  ...customersListHandlers,
  ...customersRecordHandlers,
  ...customersMergeHandlers,
  ...customersTradingHandlers,
  ...customersTransferHandlers,
} satisfies HandlersFor<typeof customersContract>;
