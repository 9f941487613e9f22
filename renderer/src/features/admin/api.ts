import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../../shared/contract/channels';
import { call } from '../../app/api';

type UserMutation = 'user:create' | 'user:update' | 'user:setDisabled' | 'user:resetPassword';
export type AuditListParams = ChannelInput<'audit:list'>;

export function useUsers() {
  return useQuery({ queryKey: ['user', 'list'], queryFn: () => call('user:list', {}) });
}

export function useUserMutation<K extends UserMutation>(channel: K) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<K>) => call(channel, input),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['user'] });
      void qc.invalidateQueries({ queryKey: ['audit'] });
    },
  });
}

export function useAuditList(params: AuditListParams) {
  return useQuery({
    queryKey: ['audit', 'list', params],
    queryFn: () => call('audit:list', params),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

/** 按号码核对: each check is itself audited, so it runs on demand rather than as the admin types. */
export function useAuditPersonSearch() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<'audit:searchPerson'>) => call('audit:searchPerson', input),
    // The check wrote its own audit row.
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['audit'] }),
  });
}

export function useVerifyAudit() {
  return useMutation({ mutationFn: () => call('audit:verify', {}) });
}
