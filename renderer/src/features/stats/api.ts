import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../../shared/contract/channels';
import type { StatsDimension } from '../../../../shared/contract/schemas/stats';
import { call } from '../../app/api';
import { base64ToBlob, keptObjectUrl, saveArtifact } from '../../app/download';
import type { ReadyPdf } from '../../app/PdfReady';
import { useFeedback } from '../../app/feedback';

/** Months as 'YYYY-MM', both ends included; vouchers count in the month they were issued. */
export interface MonthRange {
  from?: string;
  to?: string;
}

export type AnomalyListParams = ChannelInput<'anomaly:list'>;

export function useStatsOverview(range: MonthRange) {
  return useQuery({
    queryKey: ['stats', 'overview', range],
    queryFn: () => call('stats:overview', range),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

export function useStatsBreakdown(dim: StatsDimension, range: MonthRange) {
  return useQuery({
    queryKey: ['stats', 'breakdown', dim, range],
    queryFn: () => call('stats:breakdown', { dim, ...range }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

/** 导出 Excel: one dimension, or every sheet when `dim` is left out; saved straight away. */
export function useStatsXlsx() {
  const feedback = useFeedback();
  return useMutation({
    mutationFn: (input: ChannelInput<'stats:xlsx'>) => call('stats:xlsx', input),
    onSuccess: (a) => {
      saveArtifact(a);
      feedback.success(`已导出：${a.name}`);
    },
    onError: (e) => feedback.error(e),
  });
}

export type StatsPdfFile = ReadyPdf;

/** 统计报表 PDF, kept as an object URL so it can be opened or downloaded. */
export function useStatsPdf() {
  const feedback = useFeedback();
  return useMutation({
    mutationFn: async (input: ChannelInput<'stats:pdf'>): Promise<StatsPdfFile> => {
      const a = await call('stats:pdf', input);
      return { url: keptObjectUrl(base64ToBlob(a.base64, a.mime)), name: a.name, base64: a.base64 };
    },
    onError: (e) => feedback.error(e),
  });
}

export function useAnomalies(params: AnomalyListParams, enabled = true) {
  return useQuery({
    queryKey: ['anomaly', 'list', params],
    queryFn: () => call('anomaly:list', params),
    placeholderData: keepPreviousData,
    staleTime: 0,
    enabled,
  });
}

/** Runs the anomaly rules now; every anomaly list on screen reads again once they have run. */
export async function scanAnomalies(qc: QueryClient) {
  const r = await call('anomaly:scan', {});
  void qc.invalidateQueries({ queryKey: ['anomaly'] });
  return r;
}

export function useAnomalyScan() {
  const qc = useQueryClient();
  const feedback = useFeedback();
  return useMutation({
    mutationFn: () => scanAnomalies(qc),
    onSuccess: ({ found, failed }) => {
      if (failed.length > 0)
        feedback.warning(
          `发现 ${found} 条异常提示；规则“${failed.join('”“')}”检查失败，保留了上次的结果，请联系信息科`,
        );
      else feedback.success(`发现 ${found} 条异常提示`);
    },
    onError: (e) => feedback.error(e),
  });
}
