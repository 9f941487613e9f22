import { Alert } from 'antd';
import type { CSSProperties } from 'react';
import { ANOMALY_KIND_LABELS } from '../../../../shared/contract/schemas/stats';
import { useAnomalies } from './api';

const SHOWN = 20;

interface Props {
  serial?: string;
  workerId?: number;
  /** A settlement batch: its vouchers' flags and its institution's. */
  settlementId?: number;
  title?: string;
  style?: CSSProperties;
}

/** The anomaly checks' flags on one voucher, worker or batch; nothing at all when there are none. */
export function AnomalyFlags({ serial, workerId, settlementId, title = '异常提示', style }: Props) {
  const enabled = Boolean(serial) || Boolean(workerId) || Boolean(settlementId);
  const flags = useAnomalies({ serial, workerId, settlementId, page: 1, pageSize: SHOWN }, enabled);
  const items = flags.data?.items ?? [];
  if (!enabled || items.length === 0) return null;
  const more = (flags.data?.total ?? 0) - items.length;
  return (
    <Alert
      type="warning"
      showIcon
      title={`${title}（${flags.data?.total ?? items.length} 条）`}
      style={style}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {items.map((a) => (
            <li key={a.id}>
              {ANOMALY_KIND_LABELS[a.kind]}：{a.reason}
            </li>
          ))}
          {more > 0 && <li>另有 {more} 条，见“统计分析”中的异常提示</li>}
        </ul>
      }
    />
  );
}
