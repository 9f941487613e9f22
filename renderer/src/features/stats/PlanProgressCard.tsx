import { Card, Col, Empty, Progress, Row, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import type { PlanProgress } from '../../../../shared/contract/schemas/stats';
import { formatPercent } from '../../app/format';
import { planChartOption } from './chartOptions';
import { EChart } from './EChart';

const completion = (p: PlanProgress) => (p.target ? Math.round((p.trained / p.target) * 1000) / 10 : null);

function PlanName({ plan }: { plan: PlanProgress }) {
  return (
    <Space orientation="vertical" size={0}>
      <span>{plan.plan}</span>
      {plan.subtargets.map((s) => (
        <Typography.Text key={s.occupationCode} type="secondary" style={{ fontSize: 12 }}>
          {s.occupationName}证书 {s.certified}/{s.target}
        </Typography.Text>
      ))}
    </Space>
  );
}

const columns: ColumnsType<PlanProgress> = [
  { title: '计划', dataIndex: 'plan', render: (_: string, p) => <PlanName plan={p} /> },
  { title: '牵头单位', dataIndex: 'leadUnit', width: 130 },
  {
    title: '目标',
    dataIndex: 'target',
    width: 70,
    align: 'right',
    render: (t: number | null) => (t == null ? '—' : t),
  },
  { title: '已培训', dataIndex: 'trained', width: 76, align: 'right' },
  { title: '已取证', dataIndex: 'certified', width: 76, align: 'right' },
  {
    title: '完成率',
    key: 'pct',
    width: 130,
    render: (_: unknown, p) => {
      const pct = completion(p);
      if (pct === null) return <Typography.Text type="secondary">无目标</Typography.Text>;
      return (
        <Progress
          size="small"
          percent={Math.min(100, pct)}
          status={pct >= 100 ? 'success' : 'normal'}
          format={() => formatPercent(pct)}
          aria-label={`${p.plan}完成率 ${formatPercent(pct)}`}
        />
      );
    },
  },
];

/** 培训计划完成情况: the plans' targets in a table, with trained against target drawn beside it. */
export function PlanProgressCard({ plans, loading }: { plans: PlanProgress[]; loading: boolean }) {
  const option = useMemo(() => planChartOption(plans), [plans]);
  const height = Math.max(240, plans.length * 56 + 60);
  return (
    <Card title="培训计划完成情况">
      <Row gutter={[24, 16]}>
        <Col xs={24} xl={14}>
          <Table<PlanProgress>
            rowKey="planId"
            size="small"
            columns={columns}
            dataSource={plans}
            loading={loading}
            pagination={false}
            locale={{ emptyText: '暂无培训计划' }}
          />
        </Col>
        <Col xs={24} xl={10}>
          {plans.length ? (
            <EChart option={option} height={height} label="各培训计划已培训人数与目标对比图" />
          ) : (
            <Empty description="暂无培训计划" />
          )}
        </Col>
      </Row>
    </Card>
  );
}
