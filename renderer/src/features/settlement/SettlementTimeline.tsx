import { Card, Timeline, Typography } from 'antd';
import type { SettlementEvent } from '../../../../shared/contract/schemas/settlement';
import { formatTime } from '../../app/format';
import { ACTION_COLORS, ACTION_LABELS } from './labels';

/** 处理记录: who submitted, returned, approved, paid or recovered the batch, and when. */
export function SettlementTimeline({ events }: { events: SettlementEvent[] }) {
  return (
    <Card title="处理记录" style={{ marginTop: 16 }}>
      {events.length === 0 ? (
        <Typography.Text type="secondary">暂无记录</Typography.Text>
      ) : (
        <Timeline
          items={events.map((e, i) => ({
            key: i,
            color: ACTION_COLORS[e.action],
            content: (
              <>
                <Typography.Text strong>{ACTION_LABELS[e.action]}</Typography.Text>
                <div>
                  <Typography.Text type="secondary">
                    {[formatTime(e.at), e.username ? `操作人：${e.username}` : '系统'].join('　')}
                  </Typography.Text>
                </div>
                {e.note && <div>{e.note}</div>}
              </>
            ),
          }))}
        />
      )}
    </Card>
  );
}
