import type { Permission } from '../../src-shared/auth/roles';
import { useSessionStore } from './useSessionStore';

/**
 * For menus and buttons that change HQ's master data (users, products, questionnaires): the
 * permission, at HQ's installation only. Main refuses such a change at a branch's (dispatch
 * `hqData`), where HQ's staff sign in too.
 */
export function useCanHqData(p: Permission): boolean {
  return useSessionStore((s) => (s.session?.hqNode ?? false) && (s.session?.permissions.includes(p) ?? false));
}
