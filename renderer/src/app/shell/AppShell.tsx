import { KeyOutlined, LockOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Space, Tag, theme, Typography } from 'antd';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { ROLE_LABELS } from '../../../../shared/contract/roles';
import { KeyShellNotice } from '../../features/keys/KeyShellNotice';
import { SettlementMenuLabel } from '../../features/settlement/SettlementMenuLabel';
import { useSettings } from '../../features/settings/api';
import { systemTitle } from '../session/AuthLayout';
import { useCurrentUser, useSession } from '../session/sessionContext';
import { SetupReminder } from '../../features/setup/SetupChecklist';
import { AppRoutes } from './AppRoutes';
import { anyFormDirty, useConfirmDiscard } from '../forms/leaveGuard';
import { ChangePasswordModal } from './ChangePasswordModal';
import { useSections } from './sections';
import { TownshipsTag } from './TownshipsTag';

export function AppShell() {
  const user = useCurrentUser();
  const { lock, logout, jurisdiction } = useSession();
  const { data: settings } = useSettings();
  const location = useLocation();
  const navigate = useNavigate();
  const { token } = theme.useToken();
  const [changingPassword, setChangingPassword] = useState(false);
  // Leaving a page with a form that has changes asks first (the screen lock keeps them: it is not leaving).
  const confirmDiscard = useConfirmDiscard();
  const leaveTo = (go: () => void) => confirmDiscard(anyFormDirty(), go);

  const { sections, mode } = useSections();
  const selected = sections.find((s) => location.pathname.startsWith(s.path))?.path;

  return (
    <Layout style={{ height: '100%' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 16,
          paddingInline: 24,
          background: token.colorBgContainer,
          borderBottom: `1px solid ${token.colorBorderSecondary}`,
        }}
      >
        <Typography.Title level={4} style={{ margin: 0, whiteSpace: 'nowrap' }}>
          {systemTitle(settings?.jurisdictionName ?? jurisdiction)}
        </Typography.Title>
        {settings?.bureauName && <Typography.Text type="secondary">{settings.bureauName}</Typography.Text>}
        {mode?.installMode === 'institution' && (
          <Tag color="purple">培训机构模式{mode.institutionName ? `：${mode.institutionName}` : ''}</Tag>
        )}
        <div style={{ flex: 1 }} />
        <Space>
          <UserOutlined />
          <span>{user.displayName}</span>
          <Tag color="blue">{ROLE_LABELS[user.role]}</Tag>
          <TownshipsTag codes={user.townships} />
          <Button icon={<LockOutlined />} onClick={() => void lock()}>
            锁屏
          </Button>
          <Button icon={<KeyOutlined />} onClick={() => setChangingPassword(true)}>
            修改密码
          </Button>
          <Button icon={<LogoutOutlined />} onClick={() => leaveTo(() => void logout())}>
            退出
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={180} theme="light" style={{ borderRight: `1px solid ${token.colorBorderSecondary}` }}>
          <Menu
            mode="inline"
            style={{ borderInlineEnd: 'none' }}
            selectedKeys={selected ? [selected] : []}
            items={sections.map((s) => ({
              key: s.path,
              icon: s.icon,
              label: s.path === '/settlement' ? <SettlementMenuLabel label={s.label} /> : s.label,
            }))}
            onClick={({ key }) => leaveTo(() => navigate(key))}
          />
        </Layout.Sider>
        <Layout.Content style={{ padding: 24, overflow: 'auto' }}>
          {user.role === 'admin' && <SetupReminder />}
          <KeyShellNotice role={user.role} home={sections[0]?.path} bureau={mode?.installMode !== 'institution'} />
          <AppRoutes />
        </Layout.Content>
      </Layout>
      <ChangePasswordModal open={changingPassword} onClose={() => setChangingPassword(false)} />
    </Layout>
  );
}
