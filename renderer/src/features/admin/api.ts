import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../../shared/contract/channels';
import { call } from '../../app/api';
import { base64ToBlob, keptObjectUrl } from '../../app/download';
import type { ReadyPdf } from '../../app/PdfReady';

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

/** 校验审计链, or 用见证文件核对 when a witness file's text is given. */
export function useVerifyAudit() {
  return useMutation({ mutationFn: (witness?: string) => call('audit:verify', witness ? { witness } : {}) });
}

/** 打印审计摘要: signs the head now; the PDF is kept as an object URL to print, open or save. */
export function useAuditDigest() {
  return useMutation({
    mutationFn: async (): Promise<ReadyPdf> => {
      const a = await call('audit:digest', {});
      return { url: keptObjectUrl(base64ToBlob(a.base64, a.mime)), name: a.name, base64: a.base64 };
    },
  });
}
