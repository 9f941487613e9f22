import { Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { AuditTab } from './AuditTab';
import { SettingsTab } from './SettingsTab';
import { UsersTab } from './UsersTab';

const TABS = [
  { key: 'users', label: '用户管理', children: <UsersTab /> },
  { key: 'audit', label: '审计日志', children: <AuditTab /> },
  { key: 'settings', label: '系统设置', children: <SettingsTab /> },
];

export function AdminPage() {
  const [params, setParams] = useSearchParams();
  const tab = TABS.some((t) => t.key === params.get('tab')) ? params.get('tab')! : 'users';
  return (
    <Card title="系统管理">
      <Tabs
        activeKey={tab}
        items={TABS}
        destroyOnHidden
        onChange={(key) => setParams({ tab: key }, { replace: true })}
      />
    </Card>
  );
}
