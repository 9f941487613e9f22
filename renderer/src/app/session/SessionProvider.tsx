import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Result } from '../../../../shared/contract/result';
import type { LoginResult, SessionInfo } from '../../../../shared/contract/schemas/auth';
import { callResult, onSessionError } from '../api';
import { refocusLastField } from './lastField';
import { SessionContext, type SessionPhase, type SessionState } from './sessionContext';

const EXPIRED_NOTICE = '登录已失效，请重新登录';

function phaseOf(info: SessionInfo): SessionPhase {
  if (info.needsSetup) return { kind: 'setup' };
  if (!info.user) return { kind: 'login', ...(info.notice ? { notice: info.notice } : {}) };
  if (info.locked) return { kind: 'locked', user: info.user };
  return info.mustChangePassword ? { kind: 'newPassword', user: info.user } : { kind: 'ready', user: info.user };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<SessionState>({
    phase: { kind: 'loading' },
    jurisdiction: '',
    idleLockMinutes: 10,
  });

  const applyResult = useCallback((r: Result<SessionInfo>) => {
    if (r.ok)
      setState({
        phase: phaseOf(r.value),
        jurisdiction: r.value.jurisdiction,
        idleLockMinutes: r.value.idleLockMinutes,
      });
    else
      setState((s) => ({
        ...s,
        phase: { kind: 'offline', message: r.error.message, unreachable: r.error.code === 'UNREACHABLE' },
      }));
  }, []);

  const reload = useCallback(async () => applyResult(await callResult('auth:session', {})), [applyResult]);

  const expired = useCallback(
    (notice?: string) => {
      queryClient.clear();
      setState((s) =>
        s.phase.kind === 'ready' || s.phase.kind === 'locked' || s.phase.kind === 'newPassword'
          ? { ...s, phase: { kind: 'login', ...(notice ? { notice } : {}) } }
          : s,
      );
    },
    [queryClient],
  );

  const markLocked = useCallback(() => {
    setState((s) => (s.phase.kind === 'ready' ? { ...s, phase: { kind: 'locked', user: s.phase.user } } : s));
  }, []);

  const signedIn = useCallback(
    (result: LoginResult) => {
      queryClient.clear();
      setState((s) => ({
        ...s,
        idleLockMinutes: result.idleLockMinutes,
        phase: { kind: result.mustChangePassword ? 'newPassword' : 'ready', user: result.user },
      }));
    },
    [queryClient],
  );

  const lock = useCallback(async () => {
    markLocked();
    const r = await callResult('auth:lock', {});
    if (!r.ok && r.error.code === 'UNAUTHENTICATED') expired(EXPIRED_NOTICE);
  }, [markLocked, expired]);

  const unlocked = useCallback(() => {
    setState((s) => (s.phase.kind === 'locked' ? { ...s, phase: { kind: 'ready', user: s.phase.user } } : s));
    void queryClient.invalidateQueries();
    refocusLastField();
  }, [queryClient]);

  const passwordChanged = useCallback(() => {
    setState((s) => (s.phase.kind === 'newPassword' ? { ...s, phase: { kind: 'ready', user: s.phase.user } } : s));
  }, []);

  const logout = useCallback(async () => {
    await callResult('auth:logout', {});
    expired();
  }, [expired]);

  const heartbeat = useCallback(
    (info: SessionInfo) => {
      if (!info.user) {
        expired(info.notice ?? EXPIRED_NOTICE);
        return;
      }
      if (info.locked) markLocked();
      setState((s) =>
        s.idleLockMinutes === info.idleLockMinutes && s.jurisdiction === info.jurisdiction
          ? s
          : { ...s, idleLockMinutes: info.idleLockMinutes, jurisdiction: info.jurisdiction },
      );
    },
    [expired, markLocked],
  );

  useEffect(() => {
    let live = true;
    void callResult('auth:session', {}).then((r) => {
      if (live) applyResult(r);
    });
    return () => {
      live = false;
    };
  }, [applyResult]);

  useEffect(
    () =>
      onSessionError((error) => {
        if (error.code === 'LOCKED') markLocked();
        // The server says why when it ended the session itself (account disabled, role changed, too old).
        else expired(error.detail?.sessionEnded ? error.message : EXPIRED_NOTICE);
      }),
    [markLocked, expired],
  );

  const value = useMemo(
    () => ({ ...state, reload, signedIn, lock, unlocked, passwordChanged, logout, expired, heartbeat }),
    [state, reload, signedIn, lock, unlocked, passwordChanged, logout, expired, heartbeat],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
