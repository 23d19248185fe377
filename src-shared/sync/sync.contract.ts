import { method } from '../rpc/define';

/** Sync status per peer, the conflict inbox, sync settings (issue 6). */
export const syncContract = {} as const satisfies Record<string, ReturnType<typeof method>>;
