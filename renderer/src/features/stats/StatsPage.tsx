import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space } from 'antd';
import { PdfReady } from '../../app/PdfReady';
import { errorText } from '../../app/feedback';
import { useCurrentUser } from '../../app/session/sessionContext';
import { ExportButton } from '../excel/ExportButton';
import { AnomalyPanel } from './AnomalyPanel';
import { useStatsOverview, useStatsPdf, useStatsXlsx } from './api';
import { BreakdownTabs } from './BreakdownTabs';
import { CountyGoals } from './CountyGoals';
import { PlanProgressCard } from './PlanProgressCard';
import { StatsFilterBar } from './StatsFilterBar';
import { rangeText, useStatsFilter } from './useStatsFilter';

/** 统计分析: county goals, plan progress, breakdowns by dimension and the anomaly checks. */
export function StatsPage() {
  const filter = useStatsFilter();
  const { range } = filter;
  const overview = useStatsOverview(range);
  const xlsx = useStatsXlsx();
  const pdf = useStatsPdf();
  // Statistics stay county-wide for township clerks (issue 14 §3): said, so nobody reads them as their own.
  const townshipBound = useCurrentUser().townships.length > 0;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title="统计分析"
        extra={
          <Space wrap>
            <ExportButton
              label="导出全部 Excel"
              allowFullId={false}
              loading={xlsx.isPending}
              onExport={() => xlsx.mutate(range)}
            />
            <Button icon={<PrinterOutlined />} loading={pdf.isPending} onClick={() => pdf.mutate(range)}>
              打印统计报表 PDF
            </Button>
          </Space>
        }
      >
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <StatsFilterBar filter={filter} />
          {pdf.data && !pdf.isPending && (
            <PdfReady size="small" file={pdf.data} label={`统计报表 PDF（${rangeText(pdf.variables ?? {})}）已生成`} />
          )}
          {overview.isError && <Alert type="error" showIcon title={errorText(overview.error)} />}
          {townshipBound && <Alert type="info" showIcon title="统计分析为全县数据，不限于您的所属乡镇" />}
        </Space>
      </Card>
      {overview.data && <CountyGoals overview={overview.data} />}
      <PlanProgressCard plans={overview.data?.plans ?? []} loading={overview.isFetching} />
      <Card title={`分类统计（${rangeText(range)}）`} styles={{ body: { paddingTop: 8 } }}>
        <BreakdownTabs dim={filter.dim} range={range} onDim={filter.setDim} />
      </Card>
      <AnomalyPanel />
    </Space>
  );
}
