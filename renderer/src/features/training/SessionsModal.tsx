import { Alert, Button, Modal, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { AttendanceAdjustment, AttendanceSession } from '../../../../shared/contract/schemas/attendance';
import type { RosterEntry } from '../../../../shared/contract/schemas/training';
import { errorText } from '../../app/feedback';
import { formatTime } from '../../app/format';
import { useSessions } from './api';
import { CorrectModal, hhmm } from './CorrectModal';
import { hours } from './rosterColumns';

const adjustmentText = (a: AttendanceAdjustment) =>
  `${a.kind === 'makeup' ? '补签' : '更正'}（${a.recordedBy}，${formatTime(a.recordedAt)}）：${a.reason}`;

function columns(correct: (s: AttendanceSession) => void, locked: boolean): ColumnsType<AttendanceSession> {
  return [
    { title: '日期', dataIndex: 'sessionDate', width: 110 },
    { title: '签到', key: 'in', width: 70, render: (_, s) => hhmm(s.signIn) },
    { title: '签退', key: 'out', width: 70, render: (_, s) => hhmm(s.signOut) ?? '—' },
    {
      title: '学时',
      key: 'minutes',
      width: 90,
      render: (_, s) => (s.voided ? <Tag>已作废</Tag> : hours(s.minutes)),
    },
    {
      title: '补签 / 更正记录',
      key: 'adjustments',
      render: (_, s) =>
        s.adjustments.length === 0 ? (
          '—'
        ) : (
          <Typography.Text type="warning">{s.adjustments.map(adjustmentText).join('；')}</Typography.Text>
        ),
    },
    {
      title: '',
      key: 'act',
      width: 80,
      render: (_, s) => (
        <Button size="small" disabled={locked || s.voided} onClick={() => correct(s)}>
          更正
        </Button>
      ),
    },
  ];
}

/** A trainee's sessions with every 补签 and 更正 beside them; a session is corrected from here. */
export function SessionsModal(p: { classUid: string; entry: RosterEntry | null; onClose: () => void }) {
  const sessions = useSessions(p.classUid, p.entry?.serial ?? null);
  const [correcting, setCorrecting] = useState<AttendanceSession | null>(null);
  const e = p.entry;
  return (
    <Modal
      title={e ? `考勤记录：${e.holderName}（尾号 ${e.idLast4}）` : '考勤记录'}
      open={e !== null}
      width={900}
      footer={null}
      onCancel={p.onClose}
      destroyOnHidden
    >
      {sessions.isError && <Alert type="error" showIcon title={errorText(sessions.error)} />}
      {e?.completion && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title="已记录结业考核结果，考勤不能再更正" />
      )}
      <Table<AttendanceSession>
        rowKey="uid"
        size="small"
        columns={columns(setCorrecting, e?.completion != null)}
        dataSource={sessions.data}
        loading={sessions.isFetching}
        locale={{ emptyText: '还没有考勤记录' }}
        pagination={false}
        scroll={{ y: 420 }}
      />
      <CorrectModal session={correcting} onClose={() => setCorrecting(null)} />
    </Modal>
  );
}
