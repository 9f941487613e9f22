import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, type InputRef } from 'antd';
import { useRef, useState } from 'react';
import { callResult } from '../api';
import { AuthLayout } from './AuthLayout';
import { useSession } from './sessionContext';

interface LoginValues {
  username: string;
  password: string;
}

export function LoginPage({ notice }: { notice?: string | undefined }) {
  const { signedIn } = useSession();
  const [form] = Form.useForm<LoginValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<InputRef>(null);

  const onFinish = async (values: LoginValues) => {
    setBusy(true);
    setError(null);
    const r = await callResult('auth:login', values);
    setBusy(false);
    if (r.ok) {
      signedIn(r.value);
      return;
    }
    setError(r.error.message);
    // A wrong password is typed again; one that never reached the server is kept for the retry.
    if (r.error.code !== 'UNREACHABLE') form.setFieldValue('password', '');
    passwordRef.current?.focus();
  };

  return (
    <AuthLayout subtitle="请登录">
      {error ? (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />
      ) : notice ? (
        <Alert type="warning" showIcon title={notice} style={{ marginBottom: 16 }} />
      ) : null}
      <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item
          label="用户名"
          name="username"
          rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}
        >
          <Input
            autoFocus
            autoComplete="username"
            prefix={<UserOutlined />}
            onPressEnter={(e) => {
              if (!form.getFieldValue('password')) {
                e.preventDefault();
                passwordRef.current?.focus();
              }
            }}
          />
        </Form.Item>
        <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
          <Input.Password ref={passwordRef} autoComplete="current-password" prefix={<LockOutlined />} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          登录
        </Button>
      </Form>
    </AuthLayout>
  );
}
