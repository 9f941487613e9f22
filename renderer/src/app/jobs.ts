import { useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
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

/**
 * The id of a page's running job, kept in the tab's sessionStorage: a reload (or a browser that lost
 * its connection to the county server for a moment) picks the job's progress up again. The job
 * itself lives on the server and belongs to the user who started it.
 */
export function useStoredJobId(page: string) {
  const key = `longling.job.${page}`;
  const [id, setId] = useState<string | null>(() => sessionStorage.getItem(key));
  const update = useCallback(
    (next: string | null) => {
      if (next) sessionStorage.setItem(key, next);
      else sessionStorage.removeItem(key);
      setId(next);
    },
    [key],
  );
  return [id, update] as const;
}
