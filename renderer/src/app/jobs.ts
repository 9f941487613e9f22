import { useQuery } from '@tanstack/react-query';
import type { Job } from '../../../shared/contract/schemas/voucher';
import { call } from './api';

const POLL_MS = 300;

/** Follows a background job until it ends; `id` null means no job yet. */
export function useJob(id: string | null) {
  return useQuery({
    queryKey: ['job', id],
    queryFn: () => call('job:get', { id: id ?? '' }),
    enabled: id !== null,
    staleTime: 0,
    refetchInterval: (q) => {
      if (q.state.status === 'error') return false;
      return q.state.data && q.state.data.state !== 'running' ? false : POLL_MS;
    },
  });
}

export function jobPercent(job: Job): number {
  if (job.state === 'done') return 100;
  return job.total > 0 ? Math.min(99, Math.floor((job.done * 100) / job.total)) : 0;
}
