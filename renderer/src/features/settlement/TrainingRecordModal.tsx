import { Alert, Descriptions, Modal, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import type { AttendanceSession, TrainingRecord } from '../../../../shared/contract/schemas/attendance';
import { errorText } from '../../app/feedback';
import { formatTime } from '../../app/format';
import { levelLabel } from '../catalog/labels';
import { useTrainingRecord } from './api';

const hm = (iso: string | null) => (iso ? dayjs(iso).format('HH:mm') : '—');

const sessionColumns: ColumnsType<AttendanceSession> = [
  { title: '日期', dataIndex: 'sessionDate', width: 110 },
  { title: '签到', key: 'in', width: 70, render: (_, s) => hm(s.signIn) },
  { title: '签退', key: 'out', width: 70, render: (_, s) => hm(s.signOut) },
  {
    title: '学时',
    key: 'h',
    width: 80,
    render: (_, s) => (s.voided ? <Tag>已作废</Tag> : (s.minutes / 60).toFixed(1)),
  },
  {
    title: '补签 / 更正（原因）',
    key: 'adj',
    render: (_, s) =>
      s.adjustments.length === 0
        ? '—'
        : s.adjustments.map((a, i) => (
            <div key={i}>
              <Tag color={a.kind === 'makeup' ? 'orange' : 'gold'}>{a.kind === 'makeup' ? '补签' : '更正'}</Tag>
              {a.reason}
              <Typography.Text type="secondary">
                （{a.recordedBy}，{formatTime(a.recordedAt)}）
              </Typography.Text>
            </div>
          )),
  },
];

function Summary({ r }: { r: TrainingRecord }) {
  const k = r.klass;
  return (
    <Descriptions
      bordered
      size="small"
      column={2}
      style={{ marginBottom: 12 }}
      items={[
        { key: 'holder', label: '学员', children: `${r.holderName}（尾号 ${r.idLast4}）` },
        { key: 'inst', label: '培训机构', children: r.institutionName },
        { key: 'class', label: '培训班', children: k ? `${k.name}（${k.startDate} 至 ${k.endDate}）` : '未编班' },
        { key: 'occ', label: '职业与等级', children: k ? `${k.occupationName} ${levelLabel(k.level)}` : '—' },
        {
          key: 'att',
          label: '出勤',
          children: `${(r.minutes / 60).toFixed(1)} / ${k?.requiredHours ?? '—'} 小时，${r.attendancePct}%（最低 ${r.minAttendancePct}%）`,
        },
        {
          key: 'adj',
          label: '补签 / 更正',
          children: r.makeups + r.corrections > 0 ? `补签 ${r.makeups} 次，更正 ${r.corrections} 次` : '无',
        },
        {
          key: 'done',
          label: '结业考核',
          children: r.completion
            ? `${r.completion.result === 'passed' ? '合格' : '不合格'}（${r.completion.assessedOn}）`
            : '未记录',
        },
        {
          key: 'cert',
          label: '证书',
          children: r.certificate
            ? `${r.certificate.number}（${r.certificate.issuingBody}，${r.certificate.issuedOn}）`
            : '未登记',
        },
      ]}
    />
  );
}

/** 出勤与证书 behind one batch line: what the reviewer checks before the money goes. */
export function TrainingRecordModal({ serial, onClose }: { serial: string | null; onClose: () => void }) {
  const record = useTrainingRecord(serial);
  return (
    <Modal title={`培训记录：${serial ?? ''}`} open={serial !== null} width={960} footer={null} onCancel={onClose}>
      {record.isPending && serial !== null && <Spin />}
      {record.isError && <Alert type="error" showIcon title={errorText(record.error)} />}
      {record.data && (
        <>
          <Summary r={record.data} />
          <Table<AttendanceSession>
            rowKey="uid"
            size="small"
            columns={sessionColumns}
            dataSource={record.data.sessions}
            pagination={false}
            scroll={{ y: 320 }}
            locale={{ emptyText: '没有考勤记录' }}
          />
        </>
      )}
    </Modal>
  );
}
