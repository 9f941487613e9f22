import { LockOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography, type InputRef } from 'antd';
import { useRef, useState } from 'react';
import { ROLE_LABELS } from '../../../../shared/contract/roles';
import type { SessionUser } from '../../../../shared/contract/schemas/auth';
import { callResult } from '../api';
import { useSession } from './sessionContext';

export function LockScreen({ user }: { user: SessionUser }) {
  const { unlocked, logout, expired } = useSession();
  const [form] = Form.useForm<{ password: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<InputRef>(null);

  const onFinish = async ({ password }: { password: string }) => {
    setBusy(true);
    setError(null);
    const r = await callResult('auth:unlock', { password });
    setBusy(false);
    if (r.ok) {
      unlocked();
      return;
    }
    const still = await callResult('auth:session', {});
    if (still.ok && !still.value.user) {
      expired(r.error.message);
      return;
    }
    setError(r.error.message);
    form.setFieldValue('password', '');
    passwordRef.current?.focus();
  };

  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-label="屏幕已锁定"
      style={{
        position: 'fixed',
        inset: 0,
        zIndex: 3000,
        background: '#f0f2f5',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
      }}
    >
      <Card style={{ width: 380 }}>
        <Typography.Title level={4} style={{ textAlign: 'center', marginTop: 0 }}>
          <LockOutlined /> 屏幕已锁定
        </Typography.Title>
        <Typography.Paragraph style={{ textAlign: 'center' }}>
          {user.displayName}（{user.username}，{ROLE_LABELS[user.role]}）
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form form={form} name="unlock" layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password ref={passwordRef} autoFocus autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            解锁
          </Button>
        </Form>
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button type="link" onClick={() => void logout()}>
            切换用户/退出
          </Button>
        </div>
      </Card>
    </div>
  );
}
