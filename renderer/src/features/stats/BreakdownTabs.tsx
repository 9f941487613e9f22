import { Alert, Empty, Space, Tabs, Typography } from 'antd';
import { useMemo } from 'react';
import {
  STATS_DIMENSION_LABELS,
  STATS_DIMENSIONS,
  type StatsDimension,
} from '../../../../shared/contract/schemas/stats';
import { errorText } from '../../app/feedback';
import { ExportButton } from '../excel/ExportButton';
import { useStatsBreakdown, useStatsXlsx, type MonthRange } from './api';
import { BreakdownTable } from './BreakdownTable';
import { breakdownChartOption } from './chartOptions';
import { EChart } from './EChart';
import { rangeText } from './useStatsFilter';

const NAMES: Record<StatsDimension, string> = {
  plan: '培训计划',
  township: '乡镇',
  institution: '培训机构',
  occupation: '职业（工种）',
  group: '重点群体',
  month: '发券月份',
};

function BreakdownPanel({ dim, range }: { dim: StatsDimension; range: MonthRange }) {
  const breakdown = useStatsBreakdown(dim, range);
  const xlsx = useStatsXlsx();
  const rows = useMemo(() => breakdown.data ?? [], [breakdown.data]);
  const option = useMemo(() => breakdownChartOption(rows, dim), [rows, dim]);
  const chartLabel = `${STATS_DIMENSION_LABELS[dim]}的发券、核销、过期、结算数${dim === 'month' ? '折线图' : '柱状图'}`;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">
          {rangeText(range)}发放的培训券，按{NAMES[dim]}分组
          {dim === 'group' && '（一人可属多个重点群体，各行不相加）'}
        </Typography.Text>
        <ExportButton allowFullId={false} loading={xlsx.isPending} onExport={() => xlsx.mutate({ dim, ...range })} />
      </Space>
      {breakdown.isError && <Alert type="error" showIcon title={errorText(breakdown.error)} />}
      {rows.length > 0 ? (
        <EChart option={option} label={chartLabel} height={300} />
      ) : (
        !breakdown.isPending && <Empty description="暂无数据" />
      )}
      <BreakdownTable rows={rows} loading={breakdown.isFetching} totals={dim !== 'group'} />
    </Space>
  );
}

interface Props {
  dim: StatsDimension;
  range: MonthRange;
  onDim: (dim: StatsDimension) => void;
}

/** 分类统计: one tab per dimension, each with its chart, its table and its own Excel export. */
export function BreakdownTabs({ dim, range, onDim }: Props) {
  return (
    <Tabs
      activeKey={dim}
      onChange={(k) => onDim(k as StatsDimension)}
      items={STATS_DIMENSIONS.map((d) => ({
        key: d,
        label: STATS_DIMENSION_LABELS[d],
        children: <BreakdownPanel dim={d} range={range} />,
      }))}
    />
  );
}
