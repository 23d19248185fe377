import { viewsContract } from '../../src-shared/views/views.contract';
import { AppError } from '../../src-shared/rpc/errors';
import type { HandlersFor } from '../ipc/types';

// STUB: replaced by the real handlers.
function notYet(method: string): never {
  throw new AppError('INTERNAL', `error.notImplemented.${method}`);
}

export const viewsHandlers = {
  'views.list': async () => notYet('views.list'),
  'views.save': async () => notYet('views.save'),
  'views.remove': async () => notYet('views.remove'),
} satisfies HandlersFor<typeof viewsContract>;
