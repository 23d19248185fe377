import type { HandlersFor } from '../ipc/types';
import type { bundlesContract } from '../../src-shared/sync/bundles.contract';

export const bundlesHandlers: HandlersFor<typeof bundlesContract> = {};
