import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ChannelInput } from '../../../../shared/contract/channels';
import type { Archive } from '../../../../shared/contract/schemas/archive';
import { call } from '../../app/api';
import { base64ToBlob, keptObjectUrl } from '../../app/download';
import type { ReadyPdf } from '../../app/PdfReady';
import { useJob } from '../../app/jobs';

export const archiveKey = (workerId: number) => ['archive', workerId] as const;

export function useArchive(workerId: number) {
  return useQuery({
    queryKey: archiveKey(workerId),
    queryFn: () => call('archive:get', { id: workerId }),
    enabled: workerId > 0,
    staleTime: 0,
  });
}

export type ArchiveAddChannel =
  'archive:addHonour' | 'archive:addEmployment' | 'archive:addHistoricalTraining' | 'archive:addHistoricalCertificate';

/** Each addition answers with the whole archive; its audit row also belongs to 修改记录. */
export function useArchiveAdd<K extends ArchiveAddChannel>(channel: K) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<K>) => call(channel, input) as Promise<Archive>,
    onSuccess: (a) => {
      qc.setQueryData(archiveKey(a.worker.id), a);
      void qc.invalidateQueries({ queryKey: ['worker', 'history', a.worker.id] });
    },
  });
}

interface ExtractJobResult {
  artifactId: string;
  name: string;
  number: string;
}

export interface ExtractFile extends ReadyPdf {
  number: string;
}

/** archive:extract as a job: start, follow it, then fetch the PDF as an object URL. */
export function useExtractJob() {
  const qc = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: (input: ChannelInput<'archive:extract'>) => call('archive:extract', input),
    onMutate: () => setJobId(null),
    onSuccess: (job, input) => {
      setJobId(job.id);
      void qc.invalidateQueries({ queryKey: ['worker', 'history', input.workerId] });
    },
  });
  const job = useJob(jobId);
  const result = job.data?.state === 'done' ? (job.data.result as ExtractJobResult) : null;
  const file = useQuery({
    queryKey: ['artifact', result?.artifactId ?? null],
    queryFn: async (): Promise<ExtractFile> => {
      const a = await call('artifact:get', { id: result!.artifactId });
      return {
        url: keptObjectUrl(base64ToBlob(a.base64, a.mime)),
        name: a.name,
        base64: a.base64,
        number: result!.number,
      };
    },
    enabled: result !== null,
    staleTime: Infinity,
  });
  return {
    start: (input: ChannelInput<'archive:extract'>) => start.mutate(input),
    reset: () => {
      start.reset();
      setJobId(null);
    },
    job: job.data ?? null,
    error: start.error ?? job.error ?? file.error,
    file: file.data ?? null,
    busy: start.isPending || job.data?.state === 'running' || (result !== null && file.isPending),
    active: start.isPending || start.isError || jobId !== null,
  };
}
