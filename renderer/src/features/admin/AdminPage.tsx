import { Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { ExchangeTab } from '../exchange/ExchangeTab';
import { isInstitutionMode, useInstallMode } from '../exchange/api';
import { SetupChecklist } from '../setup/SetupChecklist';
import { AuditTab } from './AuditTab';
import { InstitutionsTab } from './InstitutionsTab';
import { KeysTab } from './KeysTab';
import { LevelHoursTab } from './LevelHoursTab';
import { OccupationsTab } from './OccupationsTab';
import { PlansTab } from './PlansTab';
import { SessionsTab } from './SessionsTab';
import { SettingsTab } from './SettingsTab';
import { StandardsTab } from './StandardsTab';
import { UsersTab } from './UsersTab';

/** Catalogues the bureau keeps; an institution's install receives them with the trust bundle. */
const BUREAU_ONLY = new Set(['plans', 'occupations', 'standards', 'institutions', 'hours']);

const TABS = [
  { key: 'users', label: '用户管理', children: <UsersTab /> },
  { key: 'sessions', label: '在线会话', children: <SessionsTab /> },
  { key: 'plans', label: '培训计划', children: <PlansTab /> },
  { key: 'occupations', label: '职业目录', children: <OccupationsTab /> },
  { key: 'standards', label: '补贴标准', children: <StandardsTab /> },
  { key: 'institutions', label: '培训机构', children: <InstitutionsTab /> },
  { key: 'hours', label: '最低学时', children: <LevelHoursTab /> },
  { key: 'keys', label: '签名密钥', children: <KeysTab /> },
  { key: 'exchange', label: '数据交换', children: <ExchangeTab /> },
  { key: 'audit', label: '审计日志', children: <AuditTab /> },
  { key: 'settings', label: '系统设置', children: <SettingsTab /> },
];

export function AdminPage() {
  const [params, setParams] = useSearchParams();
  const mode = useInstallMode();
  const tabs = isInstitutionMode(mode.data) ? TABS.filter((t) => !BUREAU_ONLY.has(t.key)) : TABS;
  const tab = tabs.some((t) => t.key === params.get('tab')) ? params.get('tab')! : 'users';
  return (
    <Card title="系统管理">
      <SetupChecklist />
      <Tabs
        activeKey={tab}
        items={tabs}
        destroyOnHidden
        onChange={(key) => setParams({ tab: key }, { replace: true })}
      />
    </Card>
  );
}
