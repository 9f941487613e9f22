import { Button, Result, Spin } from 'antd';
import { AppShell } from '../shell/AppShell';
import { ActivityMonitor } from './ActivityMonitor';
import { FirstPasswordPage } from './FirstPasswordPage';
import { LockScreen } from './LockScreen';
import { LoginPage } from './LoginPage';
import { useSession } from './sessionContext';
import { SetupPage } from './SetupPage';

export function SessionGate() {
  const { phase, reload } = useSession();
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
          title="无法连接本机服务"
          subTitle={phase.message}
          extra={<Button onClick={() => void reload()}>重试</Button>}
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
