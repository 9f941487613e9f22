import { useMutation } from '@tanstack/react-query';
import { call } from '../../app/api';
import { base64ToBlob, keptObjectUrl } from '../../app/download';
import { useFeedback } from '../../app/feedback';
import type { ReadyPdf } from '../../app/PdfReady';

/** 签收表 of a batch: recipients sign for their voucher on paper, which the bureau files. */
export function useSignList() {
  const feedback = useFeedback();
  return useMutation({
    mutationFn: async (batchId: number): Promise<ReadyPdf> => {
      const a = await call('voucher:signList', { batchId });
      return { url: keptObjectUrl(base64ToBlob(a.base64, a.mime)), name: a.name, base64: a.base64 };
    },
    onError: (e) => feedback.error(e),
  });
}
