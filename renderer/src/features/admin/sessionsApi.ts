import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../app/api';

/** How often the list of 在线会话 is read again while it is open. */
export const SESSIONS_REFRESH_MS = 15_000;

/** Who is logged in now, most recently active first. */
export function useLiveSessions() {
  return useQuery({
    queryKey: ['session', 'list'],
    queryFn: () => call('session:list', {}),
    refetchInterval: SESSIONS_REFRESH_MS,
    staleTime: 0,
  });
}

/** 强制下线: ends one session by its id; the user is told why at their next call. */
export function useEndSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('session:end', { id }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['session'] });
      void qc.invalidateQueries({ queryKey: ['audit'] });
    },
  });
}
