import { Button, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { RosterEntry } from '../../../../shared/contract/schemas/training';

export interface RosterActions {
  minPct: number;
  /** The serial and action of a sign-in or sign-out under way. */
  signing: { serial: string; action: 'in' | 'out' } | null;
  sign: (r: RosterEntry, action: 'in' | 'out') => void;
  complete: (r: RosterEntry) => void;
  certify: (r: RosterEntry) => void;
  makeup: (r: RosterEntry) => void;
  sessions: (r: RosterEntry) => void;
}

export const hours = (minutes: number) => (minutes / 60).toFixed(1);

export function rosterColumns(a: RosterActions): ColumnsType<RosterEntry> {
  return [
    { title: '券号', dataIndex: 'serial', width: 190 },
    {
      title: '学员',
      key: 'holder',
      width: 150,
      onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
      // The institution calls the roll from this list: its own trainees' full names and ID tails.
      render: (_, r) => `${r.holderName}（尾号 ${r.idLast4}）`,
    },
    { title: '已出勤(小时)', dataIndex: 'minutes', width: 100, render: hours },
    {
      title: `出勤率（最低 ${a.minPct}%）`,
      dataIndex: 'attendancePct',
      width: 110,
      render: (pct: number) => (
        <Typography.Text strong type={pct < a.minPct ? 'danger' : 'success'}>
          {pct}%
        </Typography.Text>
      ),
    },
    {
      title: '今日签到/签退',
      key: 'sign',
      width: 300,
      render: (_, r) => {
        const busy = (action: 'in' | 'out') => a.signing?.serial === r.serial && a.signing.action === action;
        return (
          <Space size="small" wrap>
            <Button size="small" disabled={r.openSession !== null} loading={busy('in')} onClick={() => a.sign(r, 'in')}>
              签到
            </Button>
            <Button
              size="small"
              disabled={r.openSession === null}
              loading={busy('out')}
              onClick={() => a.sign(r, 'out')}
            >
              签退
            </Button>
            <Button size="small" disabled={r.completion !== null} onClick={() => a.makeup(r)}>
              补签
            </Button>
            <Button size="small" type="link" onClick={() => a.sessions(r)}>
              考勤记录
            </Button>
            {r.openSession && <Tag color="processing">{r.openSession} 已签到</Tag>}
            {r.makeups + r.corrections > 0 && (
              <Tag color="warning">
                补签 {r.makeups} · 更正 {r.corrections}
              </Tag>
            )}
          </Space>
        );
      },
    },
    {
      title: '结业考核',
      key: 'completion',
      width: 110,
      render: (_, r) =>
        r.completion === 'passed' ? (
          <Tag color="success">合格</Tag>
        ) : r.completion === 'failed' ? (
          <Tag color="error">不合格</Tag>
        ) : (
          <Button size="small" onClick={() => a.complete(r)}>
            结业
          </Button>
        ),
    },
    {
      title: '证书',
      key: 'certificate',
      width: 160,
      render: (_, r) =>
        r.certificateNumber ? (
          <Typography.Text>{r.certificateNumber}</Typography.Text>
        ) : (
          <Button
            size="small"
            disabled={r.completion !== 'passed'}
            title={r.completion === 'passed' ? undefined : '结业考核合格后才能登记证书'}
            onClick={() => a.certify(r)}
          >
            证书
          </Button>
        ),
    },
  ];
}
