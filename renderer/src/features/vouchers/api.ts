import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../../shared/contract/channels';
import { call } from '../../app/api';

export type VoucherListParams = ChannelInput<'voucher:list'>;
export type VoucherCheckInput = ChannelInput<'voucher:check'>;
export type BatchInput = ChannelInput<'voucher:batchPreview'>;

export function useVoucherList(params: VoucherListParams, enabled = true) {
  return useQuery({
    queryKey: ['voucher', 'list', params],
    queryFn: () => call('voucher:list', params),
    placeholderData: keepPreviousData,
    staleTime: 0,
    enabled,
  });
}

export function useVoucher(id: number) {
  return useQuery({ queryKey: ['voucher', 'get', id], queryFn: () => call('voucher:get', { id }), enabled: id > 0 });
}

/** The id of the voucher with exactly this serial (the search also matches partial serials). */
export function useVoucherIdBySerial(serial: string | null) {
  return useQuery({
    queryKey: ['voucher', 'bySerial', serial],
    queryFn: async () => {
      const page = await call('voucher:list', { q: serial ?? '', page: 1, pageSize: 10 });
      return page.items.find((v) => v.serial === serial)?.id ?? null;
    },
    enabled: serial !== null,
    staleTime: Infinity,
  });
}

export function useEligibility(input: VoucherCheckInput | null) {
  return useQuery({
    queryKey: ['voucher', 'check', input],
    queryFn: () => call('voucher:check', input!),
    enabled: input !== null,
    staleTime: 0,
    gcTime: 0,
  });
}

function useVoucherMutation<K extends 'voucher:issue' | 'voucher:revoke' | 'voucher:reissue'>(channel: K) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<K>) => call(channel, input),
    onSuccess: (v) => {
      qc.setQueryData(['voucher', 'get', v.id], v);
      void qc.invalidateQueries({ queryKey: ['voucher'] });
    },
  });
}

export const useIssueVoucher = () => useVoucherMutation('voucher:issue');
export const useRevokeVoucher = () => useVoucherMutation('voucher:revoke');
export const useReissueVoucher = () => useVoucherMutation('voucher:reissue');

export function useBatchPreview() {
  return useMutation({ mutationFn: (input: BatchInput) => call('voucher:batchPreview', input) });
}

export function useStartBatch() {
  return useMutation({ mutationFn: (input: BatchInput) => call('voucher:issueBatch', input) });
}

export function useReleaseHold() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<'voucher:release'>) => call('voucher:release', input),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['voucher'] });
      void qc.invalidateQueries({ queryKey: ['anomaly'] });
    },
  });
}
