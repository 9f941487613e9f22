import { ArrowLeftOutlined, UserAddOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Space, Spin, Table } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { ClassDetail, RosterEntry } from '../../../../shared/contract/schemas/training';
import { errorText, useFeedback } from '../../app/feedback';
import { useOccupations } from '../catalog/api';
import { levelLabel, occupationLabel } from '../catalog/labels';
import { AddMembersModal } from './AddMembersModal';
import { AttendanceToolbar } from './AttendanceToolbar';
import { useClass, useTrainingMutation } from './api';
import { CertificateModal } from './CertificateModal';
import { CompletionModal } from './CompletionModal';
import { MakeupModal } from './MakeupModal';
import { rosterColumns } from './rosterColumns';
import { SessionsModal } from './SessionsModal';

function ClassInfo({ c }: { c: ClassDetail }) {
  const occupations = useOccupations();
  const occupation = occupations.data?.find((o) => o.code === c.occupationCode);
  return (
    <Descriptions
      bordered
      size="small"
      column={3}
      style={{ marginBottom: 16 }}
      items={[
        {
          key: 'occupation',
          label: '职业（工种）',
          children: occupation ? occupationLabel(occupation) : c.occupationCode,
        },
        { key: 'level', label: '技能等级', children: levelLabel(c.level) },
        { key: 'hours', label: '计划学时', children: `${c.plannedHours} 小时` },
        { key: 'dates', label: '培训日期', children: `${c.startDate} 至 ${c.endDate}` },
        { key: 'teachers', label: '授课教师', children: c.teachers || '—' },
        { key: 'min', label: '结业最低出勤率', children: `${c.minAttendancePct}%` },
      ]}
    />
  );
}

/** One class: its roster, today's attendance, and each student's completion and certificate. */
export function ClassDetailPage({ uid }: { uid: string }) {
  const detail = useClass(uid);
  const navigate = useNavigate();
  const feedback = useFeedback();
  const sign = useTrainingMutation('attendance:sign');
  const [adding, setAdding] = useState(false);
  const [completing, setCompleting] = useState<RosterEntry | null>(null);
  const [certifying, setCertifying] = useState<RosterEntry | null>(null);
  const [makingUp, setMakingUp] = useState<RosterEntry | null>(null);
  const [viewing, setViewing] = useState<RosterEntry | null>(null);

  if (detail.isPending) return <Spin />;
  if (detail.isError) return <Alert type="error" showIcon title={errorText(detail.error)} />;
  const c = detail.data;

  const columns = rosterColumns({
    minPct: c.minAttendancePct,
    signing: sign.isPending && sign.variables ? { serial: sign.variables.serial, action: sign.variables.action } : null,
    // Signing out closes the open session, which may have begun on an earlier day.
    sign: (r, action) =>
      sign.mutate(
        {
          classUid: c.uid,
          serial: r.serial,
          action,
          ...(action === 'out' && r.openSession ? { sessionDate: r.openSession } : {}),
        },
        {
          onSuccess: (e) => feedback.success(`${e.holderName} ${action === 'in' ? '已签到' : '已签退'}`),
          onError: feedback.error,
        },
      ),
    complete: setCompleting,
    certify: setCertifying,
    makeup: setMakingUp,
    sessions: setViewing,
  });

  return (
    <Card
      title={
        <Space>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            aria-label="返回培训班列表"
            onClick={() => navigate('/training')}
          />
          {c.name}
        </Space>
      }
      extra={
        <Button type="primary" icon={<UserAddOutlined />} onClick={() => setAdding(true)}>
          添加学员
        </Button>
      }
    >
      <ClassInfo c={c} />
      {c.roster.length > 0 && <AttendanceToolbar classUid={c.uid} />}
      <Table<RosterEntry>
        rowKey="serial"
        size="middle"
        columns={columns}
        dataSource={c.roster}
        loading={detail.isFetching && !sign.isPending}
        locale={{ emptyText: '本班还没有学员，点“添加学员”从已核销的培训券中选择' }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
      />
      <AddMembersModal uid={c.uid} open={adding} onClose={() => setAdding(false)} />
      <CompletionModal entry={completing} onClose={() => setCompleting(null)} />
      <CertificateModal entry={certifying} klass={c} onClose={() => setCertifying(null)} />
      <MakeupModal classUid={c.uid} entry={makingUp} onClose={() => setMakingUp(null)} />
      <SessionsModal classUid={c.uid} entry={viewing} onClose={() => setViewing(null)} />
    </Card>
  );
}
