import { create } from 'zustand';
import type { SessionInfo } from '../../src-shared/auth/auth.contract';

export type SessionPhase = 'loading' | 'setup' | 'signedOut' | 'signedIn';

type SessionState = {
  phase: SessionPhase;
  /**
   * Who is signed in, as main last told us. Main stays the authority (every call is checked
   * there); this copy only decides which screen to draw and which menu items to offer.
   */
  session: SessionInfo | null;
  lockReason: 'user' | 'idle' | null;
  setStatus(s: { needsSetup: boolean; session: SessionInfo | null }): void;
  signedIn(session: SessionInfo): void;
  locked(reason: 'user' | 'idle'): void;
  signedOut(): void;
};

export const useSessionStore = create<SessionState>((set) => ({
  phase: 'loading',
  session: null,
  lockReason: null,
  setStatus: ({ needsSetup, session }) =>
    set({
      phase: needsSetup ? 'setup' : session ? 'signedIn' : 'signedOut',
      session,
      lockReason: session?.locked ? 'user' : null,
    }),
  signedIn: (session) => set({ phase: 'signedIn', session, lockReason: session.locked ? 'user' : null }),
  locked: (reason) =>
    set((s) => (s.session ? { session: { ...s.session, locked: true }, lockReason: s.lockReason ?? reason } : {})),
  signedOut: () => set({ phase: 'signedOut', session: null, lockReason: null }),
}));
