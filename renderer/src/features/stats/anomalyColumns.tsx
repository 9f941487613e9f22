import { Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { ANOMALY_KIND_LABELS, type Anomaly, type AnomalyKind } from '../../../../shared/contract/schemas/stats';
import { formatTime } from '../../app/format';
import { SerialLink } from '../vouchers/SerialLink';

export const KIND_COLORS: Record<AnomalyKind, string> = {
  class_overlap: 'orange',
  attendance_outside: 'gold',
  redemption_spike: 'volcano',
  age_or_status: 'magenta',
  certificate_reuse: 'red',
  far_redemption: 'purple',
  holder_guessing: 'red',
  account_change: 'geekblue',
  attendance_makeup: 'cyan',
  late_claim: 'lime',
  copied_claim: 'red',
  contested_redemption: 'volcano',
};

export const anomalyColumns: ColumnsType<Anomaly> = [
  {
    title: '类型',
    dataIndex: 'kind',
    width: 180,
    render: (k: AnomalyKind) => (
      <Tag color={KIND_COLORS[k]} style={{ whiteSpace: 'normal' }}>
        {ANOMALY_KIND_LABELS[k]}
      </Tag>
    ),
  },
  { title: '说明', dataIndex: 'reason', width: 360 },
  {
    title: '劳动者',
    dataIndex: 'workerName',
    width: 100,
    render: (name: string | null, a) =>
      a.workerId ? <Link to={`/workers/${a.workerId}`}>{name ?? `档案 ${a.workerId}`}</Link> : '—',
  },
  {
    title: '券号',
    dataIndex: 'serial',
    width: 180,
    render: (serial: string | null) =>
      serial ? (
        <span style={{ whiteSpace: 'nowrap' }}>
          <SerialLink serial={serial} />
        </span>
      ) : (
        '—'
      ),
  },
  { title: '培训机构', dataIndex: 'institutionName', width: 170, render: (n: string | null) => n ?? '—' },
  { title: '发现时间', dataIndex: 'detectedAt', width: 160, render: (t: string) => formatTime(t) },
];
