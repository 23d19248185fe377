import { importsContract } from '../../src-shared/imports/imports.contract';
import { AppError } from '../../src-shared/rpc/errors';
import type { HandlersFor } from '../ipc/types';

const todo = async (): Promise<never> => {
  throw new AppError('INTERNAL');
};

/** Excel/CSV import: inspect, preview (job), apply (job), history, error report, undo (job), templates. */
export const importsHandlers = {
  'imports.kinds': todo,
  'imports.inspect': todo,
  'imports.preview': todo,
  'imports.apply': todo,
  'imports.get': todo,
  'imports.list': todo,
  'imports.errorReport': todo,
  'imports.undo': todo,
  'imports.templates.list': todo,
  'imports.templates.remove': todo,
} satisfies HandlersFor<typeof importsContract>;
