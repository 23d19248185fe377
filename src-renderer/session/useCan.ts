import type { Permission } from '../../src-shared/auth/roles';
import { useSessionStore } from './useSessionStore';

/** For menus and buttons only; main enforces the same permission on the call. */
export function useCan(p: Permission): boolean {
  return useSessionStore((s) => s.session?.permissions.includes(p) ?? false);
}
