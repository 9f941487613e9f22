import { Card, Timeline, Typography } from 'antd';
import {
  VOUCHER_STATUS_LABELS,
  type VoucherEvent,
  type VoucherStatus,
} from '../../../../shared/contract/schemas/voucher';
import { formatTime } from '../../app/format';

export const EVENT_COLORS: Partial<Record<VoucherStatus, string>> = {
  revoked: 'red',
  expired: 'gray',
  settled: 'green',
};

export function EventText({ e }: { e: VoucherEvent }) {
  const change = e.fromStatus
    ? `${VOUCHER_STATUS_LABELS[e.fromStatus]} → ${VOUCHER_STATUS_LABELS[e.toStatus]}`
    : VOUCHER_STATUS_LABELS[e.toStatus];
  return (
    <>
      <Typography.Text strong>{change}</Typography.Text>
      <div>
        <Typography.Text type="secondary">
          {[formatTime(e.at), e.username ? `操作人：${e.displayName ?? e.username}` : '系统'].join('　')}
        </Typography.Text>
      </div>
      {e.note && <div>{e.note}</div>}
    </>
  );
}

export function VoucherTimeline({ events }: { events: VoucherEvent[] }) {
  return (
    <Card title="状态记录" style={{ marginTop: 16 }}>
      {events.length === 0 ? (
        <Typography.Text type="secondary">暂无记录</Typography.Text>
      ) : (
        <Timeline
          items={events.map((e, i) => ({
            key: i,
            color: EVENT_COLORS[e.toStatus] ?? 'blue',
            content: <EventText e={e} />,
          }))}
        />
      )}
    </Card>
  );
}
