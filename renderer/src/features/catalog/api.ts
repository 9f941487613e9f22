import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../../shared/contract/channels';
import { call } from '../../app/api';

const STALE = 5 * 60_000;

export function usePlans() {
  return useQuery({ queryKey: ['catalog', 'plans'], queryFn: () => call('catalog:plans', {}), staleTime: STALE });
}

export function useOccupations() {
  return useQuery({
    queryKey: ['catalog', 'occupations'],
    queryFn: () => call('catalog:occupations', {}),
    staleTime: STALE,
  });
}

export function useStandards() {
  return useQuery({
    queryKey: ['catalog', 'standards'],
    queryFn: () => call('catalog:standards', {}),
    staleTime: STALE,
  });
}

export function useInstitutions() {
  return useQuery({
    queryKey: ['catalog', 'institutions'],
    queryFn: () => call('catalog:institutions', {}),
    staleTime: STALE,
  });
}

export function useFundSources() {
  return useQuery({
    queryKey: ['catalog', 'fundSources'],
    queryFn: () => call('catalog:fundSources', {}),
    staleTime: Infinity,
  });
}

/** 最低学时 per skill level. */
export function useLevelHours() {
  return useQuery({
    queryKey: ['catalog', 'levelHours'],
    queryFn: () => call('catalog:levelHours', {}),
    staleTime: STALE,
  });
}

type CatalogSave =
  | 'catalog:planSave'
  | 'catalog:occupationSave'
  | 'catalog:standardSave'
  | 'catalog:institutionSave'
  | 'catalog:levelHoursSave';

export function useCatalogSave<K extends CatalogSave>(channel: K) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<K>) => call(channel, input),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['catalog'] });
      void qc.invalidateQueries({ queryKey: ['audit'] });
    },
  });
}
