import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../../shared/contract/channels';
import { call } from '../../app/api';

const settingsKey = ['settings'] as const;

export function useSettings() {
  return useQuery({ queryKey: settingsKey, queryFn: () => call('settings:get', {}), staleTime: 5 * 60_000 });
}

export function useUpdateSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<'settings:update'>) => call('settings:update', input),
    onSuccess: (settings) => {
      qc.setQueryData(settingsKey, settings);
      // The backup card shows the folder and retention just saved.
      void qc.invalidateQueries({ queryKey: ['backup'] });
    },
  });
}
