// The dashboard's ECharts options, built from the API's rows.
import type { BreakdownRow, PlanProgress, StatsDimension } from '../../../../shared/contract/schemas/stats';
import type { ChartOption } from './EChart';

export const SERIES_COLORS = {
  issued: '#1677ff',
  redeemed: '#52c41a',
  expired: '#faad14',
  settled: '#722ed1',
  target: '#d9d9d9',
};

const BREAKDOWN_SERIES = [
  { key: 'issued', name: '发券数' },
  { key: 'redeemed', name: '核销数' },
  { key: 'expired', name: '过期数' },
  { key: 'settled', name: '结算数' },
] as const;

const LABEL_WIDTH = 150;

/** 计划进度: trained against target per plan, one bar pair per plan, plans read top to bottom. */
export function planChartOption(plans: PlanProgress[]): ChartOption {
  const shown = [...plans].reverse();
  return {
    color: [SERIES_COLORS.target, SERIES_COLORS.issued],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 36, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: shown.map((p) => p.plan),
      axisLabel: { width: LABEL_WIDTH, overflow: 'truncate' },
    },
    series: [
      { name: '目标', type: 'bar', barGap: '-100%', data: shown.map((p) => p.target ?? '-') },
      {
        name: '已培训',
        type: 'bar',
        barWidth: '45%',
        // Early on the trained bars are too short to see next to the targets: their numbers say it.
        label: { show: true, position: 'right', formatter: ({ value }) => (value ? String(value) : '') },
        data: shown.map((p) => p.trained),
      },
    ],
  };
}

/** 发券、核销、过期、结算 by one dimension: grouped bars, or lines over the months. */
export function breakdownChartOption(rows: BreakdownRow[], dim: StatsDimension): ChartOption {
  const line = dim === 'month';
  const crowded = rows.length > 6;
  return {
    color: BREAKDOWN_SERIES.map((s) => SERIES_COLORS[s.key]),
    tooltip: { trigger: 'axis', axisPointer: { type: line ? 'line' : 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.label),
      boundaryGap: !line,
      axisLabel: {
        interval: 0,
        rotate: crowded && !line ? 30 : 0,
        width: crowded ? 110 : 160,
        overflow: 'truncate',
        hideOverlap: line,
      },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: BREAKDOWN_SERIES.map((s) =>
      line
        ? { name: s.name, type: 'line' as const, smooth: false, symbolSize: 6, data: rows.map((r) => r[s.key]) }
        : { name: s.name, type: 'bar' as const, barMaxWidth: 28, data: rows.map((r) => r[s.key]) },
    ),
  };
}
