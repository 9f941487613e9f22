import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { ChannelInput } from '../../../../shared/contract/channels';
import { call } from '../../app/api';
import { base64ToBlob, keptObjectUrl } from '../../app/download';
import type { ReadyPdf } from '../../app/PdfReady';
import { useJob } from '../../app/jobs';
import { printPdf } from '../../app/printPdf';

interface PdfJobResult {
  artifactId: string;
  name: string;
  count: number;
}

export interface PdfFile extends ReadyPdf {
  count: number;
}

/** voucher:pdf as a job: start, follow its progress, then fetch the file as an object URL. */
export function usePdfJob() {
  const [jobId, setJobId] = useState<string | null>(null);
  const [expected, setExpected] = useState(0);
  const start = useMutation({
    mutationFn: (input: ChannelInput<'voucher:pdf'>) => call('voucher:pdf', input),
    onMutate: () => setJobId(null),
    onSuccess: (job) => setJobId(job.id),
  });
  const job = useJob(jobId);
  const result = job.data?.state === 'done' ? (job.data.result as PdfJobResult) : null;
  const file = useQuery({
    queryKey: ['artifact', result?.artifactId ?? null],
    queryFn: async (): Promise<PdfFile> => {
      const a = await call('artifact:get', { id: result!.artifactId });
      return {
        url: keptObjectUrl(base64ToBlob(a.base64, a.mime)),
        name: a.name,
        base64: a.base64,
        count: result!.count,
      };
    },
    enabled: result !== null,
    staleTime: Infinity,
  });
  // 打印: the print dialog opens by itself once the file is there, once per request.
  const printWhenReady = useRef(false);
  useEffect(() => {
    if (file.data && printWhenReady.current) {
      printWhenReady.current = false;
      printPdf(file.data);
    }
  }, [file.data]);
  const shown = job.data && expected > 0 ? { ...job.data, total: Math.max(job.data.total, expected) } : job.data;
  return {
    /** `count` is how many vouchers the PDF will hold when the server cannot tell in advance (a batch). */
    start: (input: ChannelInput<'voucher:pdf'>, count?: number, opts: { print?: boolean } = {}) => {
      printWhenReady.current = opts.print ?? false;
      setExpected(count ?? input.ids?.length ?? 0);
      start.mutate(input);
    },
    starting: start.isPending,
    startError: start.error,
    job: shown ?? null,
    jobError: job.error,
    file: file.data ?? null,
    fileError: file.error,
    busy: start.isPending || job.data?.state === 'running' || (result !== null && file.isPending),
    active: start.isPending || start.isError || jobId !== null,
  };
}

export type PdfJob = ReturnType<typeof usePdfJob>;
