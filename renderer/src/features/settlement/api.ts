import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../../shared/contract/channels';
import type { SettlementDetail } from '../../../../shared/contract/schemas/settlement';
import { call } from '../../app/api';
import { base64ToBlob, keptObjectUrl, saveArtifact } from '../../app/download';
import type { ReadyPdf } from '../../app/PdfReady';
import { useFeedback } from '../../app/feedback';

export type SettlementListParams = ChannelInput<'settlement:list'>;

export function useSettlementList(params: SettlementListParams) {
  return useQuery({
    queryKey: ['settlement', 'list', params],
    queryFn: () => call('settlement:list', params),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

export function useSettlement(id: number) {
  return useQuery({
    queryKey: ['settlement', 'get', id],
    queryFn: () => call('settlement:get', { id }),
    enabled: id > 0,
  });
}

/** What an institution may be paid for now; nothing is asked until one is chosen. */
export function useSettlementCandidates(institutionId: number | undefined) {
  return useQuery({
    queryKey: ['settlement', 'candidates', institutionId ?? null],
    queryFn: () => call('settlement:candidates', { institutionId: institutionId! }),
    enabled: institutionId !== undefined,
    staleTime: 0,
  });
}

export function useLedger() {
  return useQuery({ queryKey: ['ledger'], queryFn: () => call('ledger:get', {}), staleTime: 0 });
}

type SettlementMutation =
  | 'settlement:create'
  | 'settlement:approve'
  | 'settlement:return'
  | 'settlement:resubmit'
  | 'settlement:cancel'
  | 'settlement:pay'
  | 'settlement:recover';

/** Every change to a batch moves money and voucher states: the ledger and vouchers are refetched too. */
export function useSettlementMutation<K extends SettlementMutation>(channel: K) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<K>) => call(channel, input) as Promise<SettlementDetail>,
    onSuccess: (s) => {
      qc.setQueryData(['settlement', 'get', s.id], s);
      void qc.invalidateQueries({ queryKey: ['settlement'] });
      void qc.invalidateQueries({ queryKey: ['ledger'] });
      void qc.invalidateQueries({ queryKey: ['voucher'] });
    },
  });
}

/** 导出拨付明细 Excel: saved straight away under the server's file name. */
export function useSettlementXlsx() {
  const feedback = useFeedback();
  return useMutation({
    mutationFn: (id: number) => call('settlement:xlsx', { id }),
    onSuccess: (a) => {
      saveArtifact(a);
      feedback.success(`已导出：${a.name}`);
    },
    onError: (e) => feedback.error(e),
  });
}

export type PdfFile = ReadyPdf;

/** 打印拨付明细 PDF: the file is kept as an object URL to open or download. */
export function useSettlementPdf() {
  const feedback = useFeedback();
  return useMutation({
    mutationFn: async (id: number): Promise<PdfFile> => {
      const a = await call('settlement:pdf', { id });
      return { url: keptObjectUrl(base64ToBlob(a.base64, a.mime)), name: a.name, base64: a.base64 };
    },
    onError: (e) => feedback.error(e),
  });
}

/** Batches per status, and how many wait for the caller: the tabs' counts and the menu's badge. */
export function useSettlementCounts(enabled = true) {
  return useQuery({
    queryKey: ['settlement', 'counts'],
    queryFn: () => call('settlement:counts', {}),
    enabled,
    staleTime: 0,
    refetchInterval: 60_000,
  });
}

/** What a batch line rests on: the voucher's class, sessions (with 补签/更正), completion and certificate. */
export function useTrainingRecord(serial: string | null) {
  return useQuery({
    queryKey: ['settlement', 'training', serial],
    queryFn: () => call('training:record', { serial: serial! }),
    enabled: serial !== null,
    staleTime: 0,
  });
}
