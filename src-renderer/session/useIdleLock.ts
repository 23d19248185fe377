import { useEffect, useRef } from 'react';
import { rpc } from '../platform/rpc';
import { useSessionStore } from './useSessionStore';

const TOUCH_EVERY_MS = 60_000;
const CHECK_EVERY_MS = 5_000;
const ACTIVITY_EVENTS = ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Idle auto-lock (architecture.md "Security baseline"). Main locks a session whose last call is
 * too old, but reading a screen makes no calls: so the renderer reports activity (auth.touch,
 * at most once a minute) and locks itself once the person has been away idleLockMinutes.
 */
export function useIdleLock(): void {
  const active = useSessionStore((s) => s.phase === 'signedIn' && !!s.session && !s.session.locked && !s.session.mustChangePassword);
  const minutes = useSessionStore((s) => s.session?.idleLockMinutes ?? 10);
  const lastActivity = useRef(Date.now());
  const lastTouch = useRef(Date.now());

  useEffect(() => {
    if (!active) return;
    lastActivity.current = Date.now();
    lastTouch.current = Date.now();
    const onActivity = () => {
      const now = Date.now();
      lastActivity.current = now;
      if (now - lastTouch.current >= TOUCH_EVERY_MS) {
        lastTouch.current = now;
        rpc.call('auth.touch', {}).catch(() => undefined);
      }
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, onActivity, { passive: true });
    const timer = window.setInterval(() => {
      if (Date.now() - lastActivity.current < minutes * 60_000) return;
      useSessionStore.getState().locked('idle');
      rpc.call('auth.lock', { reason: 'idle' }).catch(() => undefined);
    }, CHECK_EVERY_MS);
    return () => {
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, onActivity);
      window.clearInterval(timer);
    };
  }, [active, minutes]);
}
