import type { HandlersFor } from '../ipc/types';
import type { syncContract } from '../../src-shared/sync/sync.contract';

export const syncHandlers: HandlersFor<typeof syncContract> = {};
