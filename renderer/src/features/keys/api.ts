import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../../shared/contract/channels';
import type { KeyStatus } from '../../../../shared/contract/schemas/keys';
import { call } from '../../app/api';

const statusKey = ['keys', 'status'] as const;

export function useKeyStatus() {
  return useQuery({ queryKey: statusKey, queryFn: () => call('keys:status', {}), staleTime: 0 });
}

export function useKeyMutation<K extends 'keys:create' | 'keys:rotate' | 'keys:unlock'>(channel: K) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<K>) => call(channel, input),
    onSuccess: (status) => {
      qc.setQueryData(statusKey, status);
      void qc.invalidateQueries({ queryKey: ['audit'] });
    },
  });
}

export function useTrustExport() {
  return useMutation({ mutationFn: () => call('trust:export', {}) });
}

/** A key kept by the operating system unlocks itself when first used; only a passphrase needs a person. */
export function needsAttention(s: KeyStatus): boolean {
  const active = s.keys.find((k) => k.active);
  return !active || (active.protection === 'passphrase' && !active.unlocked);
}
