import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { ClassSummary } from '../../../../shared/contract/schemas/training';
import { errorText } from '../../app/feedback';
import { useHotkey } from '../../app/useHotkey';
import { useRowKeyboard } from '../../app/useRowKeyboard';
import { useOccupations } from '../catalog/api';
import { levelLabel } from '../catalog/labels';
import { isInstitutionMode, useInstallMode } from '../exchange/api';
import { InstitutionFileButtons } from '../exchange/InstitutionFileButtons';
import { useClasses } from './api';
import { ClassFormModal } from './ClassFormModal';

/** 培训管理: the institution's classes; each holds the students whose vouchers it redeemed. */
export function ClassListPage() {
  const classes = useClasses();
  const occupations = useOccupations();
  const mode = useInstallMode();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const open = (c: ClassSummary) => navigate(`/training/${c.uid}`);
  const { tableRef, onRowKey } = useRowKeyboard(open);
  useHotkey({ code: 'KeyN', alt: true }, () => setCreating(true));

  const occupationName = (code: string) => occupations.data?.find((o) => o.code === code)?.name ?? code;
  const columns: ColumnsType<ClassSummary> = [
    { title: '班级名称', dataIndex: 'name' },
    { title: '职业（工种）', dataIndex: 'occupationCode', render: occupationName },
    { title: '技能等级', dataIndex: 'level', width: 130, render: levelLabel },
    { title: '培训日期', key: 'dates', width: 210, render: (_, c) => `${c.startDate} 至 ${c.endDate}` },
    { title: '计划学时', dataIndex: 'plannedHours', width: 90, render: (h: number) => `${h} 小时` },
    { title: '授课教师', dataIndex: 'teachers', render: (t: string) => t || '—' },
    { title: '学员', dataIndex: 'members', width: 70, render: (n: number) => `${n} 人` },
  ];

  return (
    <Card
      title="培训管理"
      extra={
        <Space wrap>
          {isInstitutionMode(mode.data) && <InstitutionFileButtons />}
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            开班
          </Button>
        </Space>
      }
    >
      {classes.isError && <Alert type="error" showIcon title={errorText(classes.error)} style={{ marginBottom: 16 }} />}
      <div ref={tableRef}>
        <Table<ClassSummary>
          rowKey="uid"
          size="middle"
          columns={columns}
          dataSource={classes.data}
          loading={classes.isFetching}
          locale={{ emptyText: '还没有培训班：先在“扫码核销”中核销学员的培训券，再点“开班”' }}
          rowClassName={() => 'clickable-row'}
          onRow={(c) => ({ tabIndex: 0, onClick: () => open(c), onKeyDown: (e) => onRowKey(e, c) })}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
        />
      </div>
      <ClassFormModal open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}
