import { Card, Col, Progress, Row, Statistic, Typography } from 'antd';
import type { CountyGoal, StatsOverview } from '../../../../shared/contract/schemas/stats';
import { formatPercent } from '../../app/format';
import { targetYearNote } from '../catalog/targetYear';

const NOTES: Record<CountyGoal['key'], (o: StatsOverview) => string> = {
  personTimes: (o) => `含补录的历史培训 ${o.historicalTrainings} 人次`,
  skilled: () => '按全部档案统计（截至目前）',
  highSkill: () => '按全部档案统计（截至目前）',
};

function GoalCard({ goal, note }: { goal: CountyGoal; note: string }) {
  const done = goal.actual >= goal.target;
  return (
    <Card size="small" title={goal.label} aria-label={`${goal.label}目标`} style={{ height: '100%' }}>
      <Statistic
        value={goal.actual}
        suffix={<Typography.Text type="secondary">/ {goal.target.toLocaleString('zh-CN')}</Typography.Text>}
      />
      <Progress
        percent={Math.min(100, goal.pct)}
        status={done ? 'success' : 'active'}
        format={() => formatPercent(goal.pct)}
        aria-label={`${goal.label}完成率 ${formatPercent(goal.pct)}`}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {note}
      </Typography.Text>
    </Card>
  );
}

/** 县级目标: the three numbers the county promised for 2025, each against what is done. */
export function CountyGoals({ overview }: { overview: StatsOverview }) {
  const yearNote = targetYearNote();
  return (
    <Card title="县级目标（2025 年）">
      <Row gutter={[16, 16]}>
        {overview.county.map((g) => (
          <Col key={g.key} xs={24} md={8}>
            <GoalCard goal={g} note={NOTES[g.key](overview)} />
          </Col>
        ))}
      </Row>
      {yearNote && (
        <Typography.Paragraph type="warning" style={{ margin: '12px 0 0' }}>
          {yearNote}
        </Typography.Paragraph>
      )}
      <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0', fontSize: 12 }}>
        技能人才、高技能人才按全部档案统计（截至目前），不受月份筛选影响；培训人次含档案中补录的历史培训记录。
      </Typography.Paragraph>
    </Card>
  );
}
