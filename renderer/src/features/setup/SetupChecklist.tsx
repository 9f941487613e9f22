import { ExclamationCircleOutlined } from '@ant-design/icons';
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
      {/* Only what is left: the page's own tabs must stay in view at 1280×720. */}
      <List
        size="small"
        dataSource={items.filter((i) => !i.done)}
        footer={
          items.some((i) => i.done) && (
            <Typography.Text type="secondary">
              已完成：
              {items
                .filter((i) => i.done)
                .map((i) => i.title)
                .join('、')}
            </Typography.Text>
          )
        }
        renderItem={(i) => (
          <List.Item extra={<Link to={i.to}>去设置</Link>}>
            <List.Item.Meta
              avatar={<ExclamationCircleOutlined style={{ color: '#faad14' }} aria-label="未完成" />}
              title={i.title}
              description={<Typography.Text type="warning">{i.detail}</Typography.Text>}
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
