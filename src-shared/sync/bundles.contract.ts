import { method } from '../rpc/define';

/**
 * Bundles and enrollment (issue 6): create and receive bundles (jobs), enroll a branch, keys.
 * Owned by the bundles work; src-shared/sync/sync.contract.ts holds status and the inbox.
 */
export const bundlesContract = {} as const satisfies Record<string, ReturnType<typeof method>>;
