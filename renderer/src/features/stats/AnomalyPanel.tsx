import { ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import {
  ANOMALY_KIND_LABELS,
  ANOMALY_KINDS,
  type Anomaly,
  type AnomalyKind,
  type AnomalyPage,
} from '../../../../shared/contract/schemas/stats';
import { errorText } from '../../app/feedback';
import { formatTime } from '../../app/format';
import { useQueryParams } from '../../app/useQueryParams';
import { useAnomalies, useAnomalyScan } from './api';
import { anomalyColumns } from './anomalyColumns';

const PAGE_SIZE = 10;
const asKind = (s: string | null) =>
  (ANOMALY_KINDS as readonly string[]).includes(s ?? '') ? (s as AnomalyKind) : undefined;

function Count({ n, active }: { n: number | undefined; active: boolean }) {
  const style = { marginInlineStart: 6, fontWeight: 600, fontVariantNumeric: 'tabular-nums' } as const;
  if (active) return <span style={style}>{n ?? 0}</span>;
  return (
    <Typography.Text type={n ? 'warning' : 'secondary'} style={style}>
      {n ?? 0}
    </Typography.Text>
  );
}

function KindFilter(p: {
  kind?: AnomalyKind;
  counts?: Record<AnomalyKind, number>;
  onKind: (k?: AnomalyKind) => void;
}) {
  const total = p.counts ? ANOMALY_KINDS.reduce((n, k) => n + (p.counts?.[k] ?? 0), 0) : undefined;
  const button = (k: AnomalyKind | undefined, label: string, n: number | undefined) => (
    <Button
      key={k ?? 'all'}
      size="small"
      type={p.kind === k ? 'primary' : 'default'}
      aria-pressed={p.kind === k}
      onClick={() => p.onKind(k)}
    >
      {label}
      <Count n={n} active={p.kind === k} />
    </Button>
  );
  return (
    <Space wrap size={[8, 8]} role="group" aria-label="按类型筛选异常提示">
      {button(undefined, '全部', total)}
      {ANOMALY_KINDS.map((k) => button(k, ANOMALY_KIND_LABELS[k], p.counts?.[k]))}
    </Space>
  );
}

/** Rules that failed at the last scans: what the list shows of them is from before. */
function FailingRules({ failing }: { failing: AnomalyPage['failing'] | undefined }) {
  if (!failing?.length) return null;
  const which = failing.map((f) => `“${ANOMALY_KIND_LABELS[f.kind]}”（自 ${formatTime(f.since).slice(0, 16)} 起）`);
  return (
    <Alert
      type="warning"
      showIcon
      title={`规则${which.join('、')}检查失败，列表中此类提示是失败前的结果。请联系信息科查看运行日志。`}
    />
  );
}

/** 异常提示: what the checks flagged, by kind, each linked to the worker and the voucher. */
export function AnomalyPanel() {
  const [params, patch] = useQueryParams();
  const kind = asKind(params.get('akind'));
  const page = Math.max(1, Number(params.get('apage')) || 1);
  const list = useAnomalies({ kind, page, pageSize: PAGE_SIZE });
  const counts = useAnomalies({ page: 1, pageSize: 1 });
  const scan = useAnomalyScan();
  const [found, setFound] = useState<number | null>(null);

  return (
    <Card
      title={
        <Space>
          <WarningOutlined style={{ color: '#faad14' }} />
          异常提示
        </Space>
      }
      extra={
        <Space>
          {found !== null && <Typography.Text type="secondary">发现 {found} 条异常提示</Typography.Text>}
          <Button
            icon={<ReloadOutlined />}
            loading={scan.isPending}
            onClick={() => scan.mutate(undefined, { onSuccess: (r) => setFound(r.found) })}
          >
            重新检查
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Text type="secondary">异常提示只提醒复核，不代表违规；请核实后按规定处理。</Typography.Text>
        <KindFilter kind={kind} counts={counts.data?.byKind} onKind={(k) => patch({ akind: k, apage: undefined })} />
        {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
        <FailingRules failing={counts.data?.failing} />
        <Table<Anomaly>
          rowKey="id"
          size="small"
          columns={anomalyColumns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          scroll={{ x: 1000 }}
          locale={{ emptyText: kind ? '没有此类异常提示' : '暂无异常提示' }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => `共 ${total} 条`,
            onChange: (p) => patch({ apage: p > 1 ? String(p) : undefined }),
          }}
        />
      </Space>
    </Card>
  );
}
