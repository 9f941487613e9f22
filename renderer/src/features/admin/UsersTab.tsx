import { PlusOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Popconfirm, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { ROLE_LABELS } from '../../../../shared/contract/roles';
import type { UserRow } from '../../../../shared/contract/schemas/auth';
import { errorText, useFeedback } from '../../app/feedback';
import { formatTime } from '../../app/format';
import { useCurrentUser } from '../../app/session/sessionContext';
import { useInstitutions } from '../catalog/api';
import { useTownships } from '../workers/api';
import { AccountChangesCard } from './AccountChangesCard';
import { useUserMutation, useUsers } from './api';
import { ResetPasswordModal } from './ResetPasswordModal';
import { UserFormModal } from './UserFormModal';

export function UsersTab() {
  const me = useCurrentUser();
  const users = useUsers();
  const institutions = useInstitutions();
  const townships = useTownships();
  const townshipName = (code: string) => townships.data?.find((t) => t.code === code)?.name ?? code;
  const feedback = useFeedback();
  const setDisabled = useUserMutation('user:setDisabled');
  const [editing, setEditing] = useState<{ user: UserRow | null } | null>(null);
  const [resetting, setResetting] = useState<UserRow | null>(null);

  const toggle = (u: UserRow) =>
    setDisabled.mutate(
      { id: u.id, disabled: !u.disabled },
      {
        onSuccess: () => feedback.success(u.disabled ? `已启用 ${u.displayName}` : `已停用 ${u.displayName}`),
        onError: feedback.error,
      },
    );

  const columns: ColumnsType<UserRow> = [
    { title: '用户名', dataIndex: 'username' },
    { title: '姓名', dataIndex: 'displayName' },
    { title: '角色', dataIndex: 'role', render: (r: UserRow['role']) => <Tag>{ROLE_LABELS[r]}</Tag> },
    {
      title: '所属机构',
      dataIndex: 'institutionId',
      render: (v: number | null) =>
        v === null ? '—' : (institutions.data?.find((i) => i.id === v)?.name ?? `编号 ${v}`),
    },
    {
      title: '所属乡镇',
      dataIndex: 'townships',
      render: (codes: string[], u) =>
        u.role !== 'clerk' ? '—' : codes.length === 0 ? '全县' : codes.map((c) => <Tag key={c}>{townshipName(c)}</Tag>),
    },
    {
      title: '状态',
      dataIndex: 'disabled',
      render: (d: boolean) => (d ? <Badge status="default" text="已停用" /> : <Badge status="success" text="正常" />),
    },
    { title: '最近登录', dataIndex: 'lastLoginAt', render: formatTime },
    { title: '创建时间', dataIndex: 'createdAt', render: formatTime },
    {
      title: '操作',
      key: 'actions',
      render: (_, u) => (
        <Space size={0} wrap>
          <Button type="link" onClick={() => setEditing({ user: u })}>
            编辑
          </Button>
          <Button type="link" onClick={() => setResetting(u)}>
            重置密码
          </Button>
          {u.disabled ? (
            <Button type="link" onClick={() => toggle(u)}>
              启用
            </Button>
          ) : (
            <Popconfirm
              title={`停用 ${u.displayName}？`}
              description="停用后该账号立即退出，且不能再登录"
              okText="停用"
              cancelText="取消"
              onConfirm={() => toggle(u)}
            >
              <Button
                type="link"
                danger
                disabled={u.id === me.id}
                title={u.id === me.id ? '不能停用自己的账号' : undefined}
              >
                停用
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <div style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ user: null })}>
          新建用户
        </Button>
      </div>
      {users.isError && <Alert type="error" showIcon title={errorText(users.error)} style={{ marginBottom: 16 }} />}
      <Table<UserRow>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={users.data}
        loading={users.isFetching}
        pagination={false}
      />
      <UserFormModal
        key={editing?.user?.id ?? 'new'}
        open={editing !== null}
        user={editing?.user ?? null}
        onClose={() => setEditing(null)}
      />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
      <div style={{ marginTop: 16 }}>
        <AccountChangesCard />
      </div>
    </>
  );
}
