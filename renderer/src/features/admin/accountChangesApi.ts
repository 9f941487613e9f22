import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../app/api';

/** 账号变更, newest first: only those still waiting for a second admin, or all. */
export function useAccountChanges(pendingOnly: boolean) {
  return useQuery({
    queryKey: ['user', 'changes', pendingOnly],
    queryFn: () => call('user:changes', { pendingOnly }),
    staleTime: 0,
  });
}

export function useConfirmChange() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => call('user:confirm', { id }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['user'] });
      void qc.invalidateQueries({ queryKey: ['audit'] });
    },
  });
}
