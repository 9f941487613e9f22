import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput, ChannelName } from '../../../../shared/contract/channels';
import type { InstallMode } from '../../../../shared/contract/schemas/exchange';
import { call } from '../../app/api';

const modeKey = ['mode'] as const;

/** Whether this install is the bureau's or one training institution's own (offline) install. */
export function useInstallMode() {
  return useQuery({ queryKey: modeKey, queryFn: () => call('mode:get', {}), staleTime: Infinity });
}

export const isInstitutionMode = (m: InstallMode | undefined) => m?.installMode === 'institution';

type ExchangeChannel =
  | 'institution:setup'
  | 'institution:registration'
  | 'institution:bind'
  | 'claims:export'
  | 'claims:import'
  | 'status:export'
  | 'status:import';

const CHANGES_DATA = new Set<ExchangeChannel>([
  'institution:setup',
  'institution:bind',
  'claims:import',
  'status:import',
]);

/** An imported file changes what the install knows: everything cached is refreshed afterwards. */
export function useExchange<K extends ExchangeChannel & ChannelName>(channel: K) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<K>) => call(channel, input),
    onSuccess: () => {
      if (CHANGES_DATA.has(channel)) void qc.invalidateQueries();
    },
  });
}

/** The institutions' keys the bureau has bound (refreshed after a registration is imported). */
export function useInstitutionKeys() {
  return useQuery({ queryKey: ['institution:keys'], queryFn: () => call('institution:keys', {}) });
}
