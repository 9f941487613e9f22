import { ArrowRightOutlined } from '@ant-design/icons';
import { Alert, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { AuditRow } from '../../../../shared/contract/schemas/audit';
import { errorText } from '../../app/feedback';
import { formatTime } from '../../app/format';
import { useWorkerHistory } from './api';
import { actionLabel, archiveActionText, changesOf, isArchiveAction } from './historyDiff';

function Changes({ row }: { row: AuditRow }) {
  if (row.action === 'create') return <Typography.Text type="secondary">首次登记</Typography.Text>;
  if (isArchiveAction(row.action)) return <Typography.Text>{archiveActionText(row) || '—'}</Typography.Text>;
  const changes = changesOf(row);
  if (changes.length === 0) return <Typography.Text type="secondary">无字段变化</Typography.Text>;
  return (
    <div>
      {changes.map((c) => (
        <div key={c.label}>
          <Typography.Text strong>{c.label}：</Typography.Text>
          <Typography.Text delete type="secondary">
            {c.before}
          </Typography.Text>{' '}
          <ArrowRightOutlined /> <Typography.Text>{c.after}</Typography.Text>
        </div>
      ))}
    </div>
  );
}

const columns: ColumnsType<AuditRow> = [
  { title: '时间', dataIndex: 'at', width: 180, render: (at: string) => formatTime(at) },
  {
    title: '操作人',
    key: 'actor',
    width: 120,
    render: (_: unknown, r: AuditRow) => r.displayName ?? r.username ?? '系统',
  },
  {
    title: '动作',
    dataIndex: 'action',
    width: 100,
    render: (a: string) => (
      <Tag color={a === 'create' ? 'green' : a === 'extractFullId' ? 'orange' : isArchiveAction(a) ? 'purple' : 'blue'}>
        {actionLabel(a)}
      </Tag>
    ),
  },
  { title: '变更内容', key: 'changes', render: (_, row) => <Changes row={row} /> },
];

/** 修改记录: the worker's audit rows, newest first; archive additions and printed extracts included. */
export function WorkerHistory({ workerId }: { workerId: number }) {
  const history = useWorkerHistory(workerId);
  const rows = [...(history.data ?? [])].sort((a, b) => b.id - a.id);
  if (history.isError) return <Alert type="error" showIcon title={errorText(history.error)} />;
  return (
    <Table<AuditRow>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={rows}
      loading={history.isPending}
      pagination={rows.length > 20 ? { pageSize: 20 } : false}
      locale={{ emptyText: '暂无记录' }}
    />
  );
}
