import { Alert, Button, Card, Popconfirm, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { ROLE_LABELS } from '../../../../shared/contract/roles';
import { ACCOUNT_CHANGE_LABELS, type AccountChange } from '../../../../shared/contract/schemas/accounts';
import { errorText, useFeedback } from '../../app/feedback';
import { formatTime } from '../../app/format';
import { useCurrentUser } from '../../app/session/sessionContext';
import { useAccountChanges, useConfirmChange } from './accountChangesApi';

/** Why the signed-in admin may not confirm this change, or null. */
function cannotConfirm(c: AccountChange, me: number): string | null {
  if (c.userId === me) return '不能确认对自己账号的变更';
  if (c.madeById === me) return '这项变更是您本人所做的，须由另一位系统管理员确认';
  return null;
}

/**
 * 账号变更待确认: who created, re-enabled, re-roled or reset which account. Until a second admin
 * confirms, settlement's two-person rule counts whoever made the change as able to use the account.
 */
export function AccountChangesCard() {
  const me = useCurrentUser();
  const feedback = useFeedback();
  const [all, setAll] = useState(false);
  const changes = useAccountChanges(!all);
  const confirm = useConfirmChange();

  const columns: ColumnsType<AccountChange> = [
    { title: '账号', dataIndex: 'displayName', render: (n: string, c) => `${n}（${c.username}）` },
    {
      title: '变更',
      dataIndex: 'kind',
      render: (k: AccountChange['kind'], c) => (
        <>
          <Tag>{ACCOUNT_CHANGE_LABELS[k]}</Tag>
          {ROLE_LABELS[c.role]}
        </>
      ),
    },
    { title: '操作人', dataIndex: 'madeBy' },
    { title: '时间', dataIndex: 'at', render: formatTime },
    {
      title: '确认',
      key: 'confirm',
      render: (_, c) => {
        if (c.confirmedBy) return `${c.confirmedBy}，${formatTime(c.confirmedAt)}`;
        const why = cannotConfirm(c, me.id);
        if (why)
          return (
            <Tooltip title={why}>
              <Button size="small" disabled>
                确认
              </Button>
            </Tooltip>
          );
        return (
          <Popconfirm
            title={`确认：${c.madeBy}${ACCOUNT_CHANGE_LABELS[c.kind]}“${c.displayName}”？`}
            description="请先核实这项变更确有其事、账号由本人使用（如当面核对），确认记入审计日志。"
            okText="确认"
            cancelText="取消"
            onConfirm={() =>
              confirm.mutate(c.id, {
                onSuccess: () => feedback.success(`已确认：${c.displayName}的${ACCOUNT_CHANGE_LABELS[c.kind]}`),
                onError: feedback.error,
              })
            }
          >
            <Button size="small" type="primary">
              确认
            </Button>
          </Popconfirm>
        );
      },
    },
  ];

  return (
    <Card
      size="small"
      role="region"
      aria-label="账号变更待确认"
      title="账号变更待确认"
      style={{ marginBottom: 16 }}
      extra={<Switch checked={all} onChange={setAll} checkedChildren="全部" unCheckedChildren="待确认" />}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        创建、重新启用、变更角色和重置密码须由另一位系统管理员确认。未经确认前，做出变更的人被视为也能使用该账号：
        该账号不能复核与其有关联的结算批次。
      </Typography.Paragraph>
      {changes.isError && <Alert type="error" showIcon title={errorText(changes.error)} />}
      <Table<AccountChange>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={changes.data}
        loading={changes.isFetching}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: all ? '暂无账号变更' : '没有待确认的账号变更' }}
      />
    </Card>
  );
}
