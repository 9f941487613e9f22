import { Button, Result, Spin } from 'antd';
import { useEffect } from 'react';
import { useConnection } from '../connection/connectionContext';
import { AppShell } from '../shell/AppShell';
import { ActivityMonitor } from './ActivityMonitor';
import { FirstPasswordPage } from './FirstPasswordPage';
import { LockScreen } from './LockScreen';
import { LoginPage } from './LoginPage';
import { useSession } from './sessionContext';
import { SetupPage } from './SetupPage';

export function SessionGate() {
  const { phase, reload } = useSession();
  const connection = useConnection();
  const online = connection?.info.state.online;
  // The server answers again (the main process keeps asking it): carry on without a click.
  const unreachable = phase.kind === 'offline' && phase.unreachable;
  useEffect(() => {
    if (online && unreachable) void reload();
  }, [online, unreachable, reload]);
  switch (phase.kind) {
    case 'loading':
      return (
        <div style={{ height: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
          <Spin size="large" />
        </div>
      );
    case 'offline':
      return (
        <Result
          status="error"
          title={phase.unreachable ? '无法连接县级服务器' : '无法连接本机服务'}
          subTitle={phase.message}
          extra={[
            <Button key="retry" type="primary" onClick={() => void reload()}>
              重试
            </Button>,
            ...(connection
              ? [
                  <Button key="settings" onClick={connection.openSettings}>
                    连接设置
                  </Button>,
                ]
              : []),
          ]}
        />
      );
    case 'setup':
      return <SetupPage />;
    case 'login':
      return <LoginPage notice={phase.notice} />;
    case 'newPassword':
      return <FirstPasswordPage user={phase.user} />;
    case 'ready':
    case 'locked': {
      const locked = phase.kind === 'locked';
      return (
        <>
          <div style={{ height: '100%', display: locked ? 'none' : 'block' }} inert={locked} aria-hidden={locked}>
            <AppShell key={phase.user.id} />
          </div>
          {locked ? <LockScreen user={phase.user} /> : <ActivityMonitor />}
        </>
      );
    }
  }
}
