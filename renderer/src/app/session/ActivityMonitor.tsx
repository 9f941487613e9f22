import { useEffect } from 'react';
import { callResult } from '../api';
import { useSession } from './sessionContext';

const ACTIVITY_EVENTS = ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart'] as const;
const HEARTBEAT_MS = 60_000;
const IDLE_CHECK_MS = 5_000;

/**
 * Locks the screen after the configured idle time and, while the user is active, tells
 * the server at most once a minute so its own idle lock does not fire during long typing.
 */
export function ActivityMonitor() {
  const { idleLockMinutes, lock, heartbeat } = useSession();

  useEffect(() => {
    let lastActivity = Date.now();
    let lastBeat = Date.now();
    let beating = false;
    const onActivity = () => {
      const now = Date.now();
      lastActivity = now;
      if (beating || now - lastBeat < HEARTBEAT_MS) return;
      beating = true;
      lastBeat = now;
      void callResult('auth:session', {})
        .then((r) => {
          if (r.ok) heartbeat(r.value);
        })
        .finally(() => {
          beating = false;
        });
    };
    const timer = setInterval(() => {
      if (Date.now() - lastActivity >= idleLockMinutes * 60_000) void lock();
    }, IDLE_CHECK_MS);
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, onActivity, { capture: true, passive: true });
    return () => {
      clearInterval(timer);
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, onActivity, { capture: true });
    };
  }, [idleLockMinutes, lock, heartbeat]);

  return null;
}
