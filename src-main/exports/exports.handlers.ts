import { exportsContract } from '../../src-shared/exports/exports.contract';
import { AppError } from '../../src-shared/rpc/errors';
import type { HandlersFor } from '../ipc/types';

const todo = async (): Promise<never> => {
  throw new AppError('INTERNAL');
};

/** List export to .xlsx/.csv as a job. */
export const exportsHandlers = {
  'exports.customers': todo,
} satisfies HandlersFor<typeof exportsContract>;
