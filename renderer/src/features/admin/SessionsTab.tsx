import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ROLE_LABELS } from '../../../../shared/contract/roles';
import type { LiveSessionRow } from '../../../../shared/contract/schemas/sessions';
import { errorText, useFeedback } from '../../app/feedback';
import { formatTime } from '../../app/format';
import { useEndSession, useLiveSessions } from './sessionsApi';

const CLIENT_KIND_LABELS: Record<LiveSessionRow['clientKind'], string> = {
  browser: '浏览器',
  desktop: '桌面程序',
  cli: '命令行',
  system: '系统',
};

function EndButton({ row }: { row: LiveSessionRow }) {
  const end = useEndSession();
  const feedback = useFeedback();
  return (
    <Popconfirm
      title={`强制下线 ${row.displayName}？`}
      description={row.current ? '这是您本人的会话，下线后需重新登录' : '该用户的下一次操作将被要求重新登录'}
      okText="强制下线"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      onConfirm={() =>
        end.mutate(row.id, {
          onSuccess: () => feedback.success(`已将 ${row.displayName} 强制下线`),
          onError: feedback.error,
        })
      }
    >
      <Button type="link" danger loading={end.isPending}>
        强制下线
      </Button>
    </Popconfirm>
  );
}

const COLUMNS: ColumnsType<LiveSessionRow> = [
  {
    title: '用户',
    key: 'user',
    render: (_, r) => (
      <Space>
        <span>{r.displayName}</span>
        <Typography.Text type="secondary">{r.username}</Typography.Text>
        {r.current && <Tag color="blue">本人</Tag>}
      </Space>
    ),
  },
  { title: '角色', dataIndex: 'role', render: (r: LiveSessionRow['role']) => <Tag>{ROLE_LABELS[r]}</Tag> },
  { title: '客户端地址', dataIndex: 'clientAddress', render: (a: string | null) => a ?? '本机' },
  { title: '客户端', dataIndex: 'clientKind', render: (k: LiveSessionRow['clientKind']) => CLIENT_KIND_LABELS[k] },
  { title: '登录时间', dataIndex: 'startedAt', render: formatTime },
  { title: '最近活动', dataIndex: 'lastActive', render: formatTime },
  {
    title: '状态',
    dataIndex: 'locked',
    render: (l: boolean) => (l ? <Badge status="warning" text="已锁屏" /> : <Badge status="success" text="在线" />),
  },
  { title: '操作', key: 'actions', render: (_, r) => <EndButton row={r} /> },
];

/** 在线会话: who is logged in, refreshed every 15 s, with 强制下线 for each. */
export function SessionsTab() {
  const sessions = useLiveSessions();
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Button icon={<ReloadOutlined />} onClick={() => void sessions.refetch()} loading={sessions.isFetching}>
          刷新
        </Button>
        <Typography.Text type="secondary">每 15 秒自动刷新</Typography.Text>
      </Space>
      {sessions.isError && (
        <Alert type="error" showIcon title={errorText(sessions.error)} style={{ marginBottom: 16 }} />
      )}
      <Table<LiveSessionRow>
        rowKey="id"
        size="middle"
        columns={COLUMNS}
        dataSource={sessions.data}
        pagination={false}
        locale={{ emptyText: '没有在线用户' }}
      />
    </>
  );
}
