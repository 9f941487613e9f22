import { CheckCircleFilled, ExclamationCircleOutlined } from '@ant-design/icons';
import { Alert, Card, List, Typography } from 'antd';
import { Link, useLocation } from 'react-router-dom';
import { useSetupChecklist } from './useSetupChecklist';

/** On 系统管理, until everything a new install needs is there. */
export function SetupChecklist() {
  const items = useSetupChecklist();
  if (!items || items.every((i) => i.done)) return null;
  const left = items.filter((i) => !i.done).length;
  return (
    <Card
      size="small"
      title={`新系统设置清单（还有 ${left} 项未完成）`}
      style={{ marginBottom: 16 }}
      aria-label="新系统设置清单"
    >
      <List
        size="small"
        dataSource={items}
        renderItem={(i) => (
          <List.Item extra={<Link to={i.to}>{i.done ? '查看' : '去设置'}</Link>}>
            <List.Item.Meta
              avatar={
                i.done ? (
                  <CheckCircleFilled style={{ color: '#52c41a' }} aria-label="已完成" />
                ) : (
                  <ExclamationCircleOutlined style={{ color: '#faad14' }} aria-label="未完成" />
                )
              }
              title={i.title}
              description={<Typography.Text type={i.done ? 'secondary' : 'warning'}>{i.detail}</Typography.Text>}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

/** One line on every page for an admin while the checklist is not done, pointing to it. */
export function SetupReminder() {
  const items = useSetupChecklist();
  const { pathname } = useLocation();
  // 系统管理 shows the whole checklist.
  if (pathname.startsWith('/admin') || !items || items.every((i) => i.done)) return null;
  const left = items.filter((i) => !i.done).length;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={
        <>
          新系统还有 {left} 项设置未完成。<Link to="/admin">查看设置清单</Link>
        </>
      }
    />
  );
}
