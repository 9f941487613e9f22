import { Empty, Tag, Timeline, Typography } from 'antd';
import type { Archive } from '../../../../shared/contract/schemas/archive';
import { timelineOf, type TimelineKind } from './timeline';

const COLORS: Record<TimelineKind, string> = {
  registration: 'gray',
  voucher: 'blue',
  training: 'cyan',
  certificate: 'purple',
  honour: 'gold',
  employment: 'green',
};

export function HistoricalTag({ show }: { show: boolean }) {
  return show ? (
    <Tag color="orange" title="系统上线前的记录，由窗口人员补录">
      补录
    </Tag>
  ) : null;
}

/** 时间轴: registration, voucher state changes, trainings, certificates, honours and jobs, newest first. */
export function ArchiveTimeline({ archive }: { archive: Archive }) {
  const entries = timelineOf(archive);
  if (entries.length === 0) return <Empty description="暂无记录" />;
  return (
    <Timeline
      mode="start"
      titleSpan="150px"
      items={entries.map((e) => ({
        key: e.key,
        color: COLORS[e.kind],
        title: <Typography.Text type="secondary">{e.when}</Typography.Text>,
        content: (
          <>
            <Typography.Text strong>{e.title}</Typography.Text> <HistoricalTag show={e.historical} />
            {e.detail && (
              <div>
                <Typography.Text type="secondary">{e.detail}</Typography.Text>
              </div>
            )}
          </>
        ),
      }))}
    />
  );
}
