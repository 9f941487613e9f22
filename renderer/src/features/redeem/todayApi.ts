import { useMutation, useQuery } from '@tanstack/react-query';
import { call } from '../../app/api';
import { base64ToBlob, keptObjectUrl } from '../../app/download';
import { useFeedback } from '../../app/feedback';
import type { ReadyPdf } from '../../app/PdfReady';

/** Today's redemptions at the institution (an admin names the institution, as when redeeming). */
export function useTodayRedemptions(institutionCode: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['redeem', 'today', institutionCode ?? null],
    queryFn: () => call('redeem:today', institutionCode ? { institutionCode } : {}),
    enabled,
    staleTime: 0,
  });
}

/** 核销回执 PDF for the trainee, held as an object URL to print or save. */
export function useReceipt(institutionCode: string | undefined) {
  const feedback = useFeedback();
  return useMutation({
    mutationFn: async (serial: string): Promise<ReadyPdf> => {
      const a = await call('redeem:receipt', { serial, ...(institutionCode ? { institutionCode } : {}) });
      return { url: keptObjectUrl(base64ToBlob(a.base64, a.mime)), name: a.name, base64: a.base64 };
    },
    onError: (e) => feedback.error(e),
  });
}
