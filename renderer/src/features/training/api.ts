import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../../shared/contract/channels';
import { call } from '../../app/api';

export function useClasses() {
  return useQuery({ queryKey: ['class', 'list'], queryFn: () => call('class:list', {}), staleTime: 0 });
}

export function useClass(uid: string) {
  return useQuery({ queryKey: ['class', 'get', uid], queryFn: () => call('class:get', { uid }), staleTime: 0 });
}

export function useCandidates(uid: string, enabled: boolean) {
  return useQuery({
    queryKey: ['class', 'candidates', uid],
    queryFn: () => call('class:candidates', { uid }),
    enabled,
    staleTime: 0,
  });
}

/** One trainee's sessions in a class, each with its 补签 and 更正. */
export function useSessions(classUid: string, serial: string | null) {
  return useQuery({
    queryKey: ['class', 'sessions', classUid, serial],
    queryFn: () => call('attendance:sessions', { classUid, serial: serial! }),
    enabled: serial !== null,
    staleTime: 0,
  });
}

type TrainingMutation =
  | 'class:create'
  | 'class:addMembers'
  | 'attendance:sign'
  | 'attendance:signAll'
  | 'attendance:signById'
  | 'attendance:makeup'
  | 'attendance:correct'
  | 'completion:record'
  | 'certificate:record';

/** Every training record changes the class views (and, at the bureau, the voucher's status). */
export function useTrainingMutation<K extends TrainingMutation>(channel: K) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<K>) => call(channel, input),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['class'] });
      void qc.invalidateQueries({ queryKey: ['voucher'] });
    },
  });
}
