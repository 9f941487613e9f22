// The desktop app asks, on first start, how this machine works: 单机（本机数据库） or 连接县级服务器.
// Afterwards it shows, above whatever page is open, when the server cannot be reached, without
// leaving the page (what was typed stays), and the connection settings from 文件 → 连接设置….
// In a browser there is nothing to choose: the page is the server's.
import { Alert, App, Button, Card, Modal, Spin, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ConnectionChoice, ConnectionInfo } from '../../../../shared/contract/connection';
import type { DesktopConnectionApi } from '../api';
import { ConnectionContext } from './connectionContext';
import { ConnectionForm } from './ConnectionForm';

export function ConnectionGate({ children }: { children: ReactNode }) {
  const bridge = window.desktop?.connection;
  return bridge ? <DesktopConnectionGate bridge={bridge}>{children}</DesktopConnectionGate> : <>{children}</>;
}

const centered = {
  minHeight: '100%',
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'center',
  background: '#f0f2f5',
} as const;

/** The answer of window.desktop.connection.set as the form's error, or null when done. */
async function apply(bridge: DesktopConnectionApi, choice: ConnectionChoice, then: (changed: boolean) => void) {
  const r = await bridge.set(choice);
  if (!r.ok) return r.error.message;
  then(r.value);
  return null;
}

function DesktopConnectionGate({ bridge, children }: { bridge: DesktopConnectionApi; children: ReactNode }) {
  const { message } = App.useApp();
  const [info, setInfo] = useState<ConnectionInfo | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [settings, setSettings] = useState(false);
  const wasOffline = useRef(false);

  useEffect(() => {
    void bridge.get().then((r) => (r.ok ? setInfo(r.value) : setFailure(r.error.message)));
    const stopState = bridge.onState((state) => {
      setInfo((i) => (i ? { ...i, state } : i));
      if (!state.online) wasOffline.current = true;
      else if (wasOffline.current) {
        wasOffline.current = false;
        void message.success('已重新连接县级服务器');
      }
    });
    const stopOpen = bridge.onOpenSettings(() => setSettings(true));
    return () => {
      stopState();
      stopOpen();
    };
  }, [bridge, message]);

  const openSettings = useCallback(() => setSettings(true), []);
  const value = useMemo(() => (info ? { info, openSettings } : null), [info, openSettings]);

  if (failure) return <Alert type="error" showIcon title={failure} style={{ margin: 24 }} />;
  if (!info || !value) {
    return (
      <div style={centered}>
        <Spin size="large" />
      </div>
    );
  }
  if (!info.choice) {
    return (
      <div style={centered}>
        <Card style={{ width: 560 }}>
          <Typography.Title level={4} style={{ textAlign: 'center', marginTop: 0 }}>
            龙陵县职业培训电子券与档案
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
            首次使用：请选择本机的工作方式（以后可由系统管理员在“文件 → 连接设置”中更改）
          </Typography.Paragraph>
          <ConnectionForm
            initial={null}
            submitText="确定"
            submit={(choice) => apply(bridge, choice, () => void bridge.get().then((r) => r.ok && setInfo(r.value)))}
          />
        </Card>
      </div>
    );
  }
  return (
    <ConnectionContext.Provider value={value}>
      {!info.state.online && (
        <Alert
          role="alert"
          type="error"
          showIcon
          title={info.state.message ?? '无法连接县级服务器'}
          description="已输入的内容不会丢失，恢复连接后请再次提交。程序每隔几秒自动重试连接。"
          action={
            <Button size="small" onClick={openSettings}>
              连接设置
            </Button>
          }
          style={{ position: 'fixed', top: 8, left: '50%', transform: 'translateX(-50%)', zIndex: 2000, width: 640 }}
        />
      )}
      {children}
      <Modal
        open={settings}
        title="连接设置"
        footer={null}
        destroyOnHidden
        onCancel={() => setSettings(false)}
        width={560}
      >
        <Typography.Paragraph type="secondary">
          只有系统管理员可以更改；更改后需要重新登录。无法连接服务器时（例如服务器更换了证书），也可在此更改。
        </Typography.Paragraph>
        <ConnectionForm
          initial={info.choice}
          submitText="保存并切换"
          submit={(choice) =>
            apply(bridge, choice, (changed) => {
              // Nothing of the old connection lingers: the page starts again on the new one.
              if (changed) location.reload();
              else setSettings(false);
            })
          }
        />
      </Modal>
    </ConnectionContext.Provider>
  );
}
