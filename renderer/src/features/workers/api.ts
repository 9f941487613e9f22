import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../../shared/contract/channels';
import { call } from '../../app/api';
import { useCurrentUser } from '../../app/session/sessionContext';

export type WorkerSearchParams = {
  q: string;
  page: number;
  pageSize: number;
  townshipCode?: string | undefined;
  /** Only workers with fields still 待补充. */
  pending?: boolean;
};
export type WorkerSaveInput = ChannelInput<'worker:create'>;

const workerKeys = {
  all: ['worker'] as const,
  search: (p: WorkerSearchParams) => ['worker', 'search', p] as const,
  detail: (id: number, full = false) => ['worker', 'get', id, full] as const,
  history: (id: number) => ['worker', 'history', id] as const,
  checkId: (idNumber: string, allowUnlistedAddress: boolean) =>
    ['worker', 'checkId', idNumber, allowUnlistedAddress] as const,
};

export function useTownships() {
  return useQuery({ queryKey: ['townships'], queryFn: () => call('catalog:townships', {}), staleTime: Infinity });
}

/** The townships the user may register and pick workers in: their 所属乡镇, or all for county staff. */
export function useOwnTownships() {
  const mine = useCurrentUser().townships;
  return useQuery({
    queryKey: ['townships'],
    queryFn: () => call('catalog:townships', {}),
    staleTime: Infinity,
    select: (all) => (mine.length === 0 ? all : all.filter((t) => mine.includes(t.code))),
  });
}

export function useWorkerSearch(params: WorkerSearchParams) {
  return useQuery({
    queryKey: workerKeys.search(params),
    queryFn: () => call('worker:search', params),
    placeholderData: keepPreviousData,
  });
}

/** Masked unless `full`, which the server allows clerks and admins and writes to the audit log. */
export function useWorker(id: number, full = false) {
  return useQuery({
    queryKey: workerKeys.detail(id, full),
    queryFn: () => call('worker:get', { id, full }),
    enabled: id > 0,
    // A full view is audited each time it is fetched: fetch it once per opening, not on every focus.
    staleTime: full ? Infinity : 0,
    gcTime: full ? 0 : undefined,
  });
}

export function useWorkerHistory(id: number) {
  return useQuery({ queryKey: workerKeys.history(id), queryFn: () => call('worker:history', { id }), enabled: id > 0 });
}

/** Server check of an ID number; `idNumber` null means "nothing to check yet". */
export function useIdCheck(idNumber: string | null, allowUnlistedAddress: boolean) {
  return useQuery({
    queryKey: workerKeys.checkId(idNumber ?? '', allowUnlistedAddress),
    queryFn: () => call('worker:checkId', { idNumber: idNumber ?? '', allowUnlistedAddress }),
    enabled: idNumber !== null,
    staleTime: 5_000,
  });
}

export function useSaveWorker() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: number | null; input: WorkerSaveInput }) =>
      id === null ? call('worker:create', input) : call('worker:update', { ...input, id }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: workerKeys.all });
    },
  });
}
