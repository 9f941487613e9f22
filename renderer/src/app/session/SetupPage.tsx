import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { ApiError, callResult } from '../api';
import { applyFieldErrors } from '../feedback';
import { confirmRules, passwordRules } from '../passwordRules';
import { AuthLayout } from './AuthLayout';
import { useSession } from './sessionContext';

interface SetupValues {
  username: string;
  displayName: string;
  password: string;
  confirm: string;
}

export function SetupPage() {
  const { signedIn } = useSession();
  const [form] = Form.useForm<SetupValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onFinish = async ({ username, displayName, password }: SetupValues) => {
    setBusy(true);
    setError(null);
    const r = await callResult('auth:setupAdmin', { username, displayName, password });
    setBusy(false);
    if (r.ok) {
      signedIn(r.value);
      return;
    }
    setError(r.error.message);
    applyFieldErrors(form, new ApiError(r.error));
  };

  return (
    <AuthLayout subtitle="首次使用：请创建系统管理员账号">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item
          label="用户名"
          name="username"
          extra="2–32 位字母、数字、下划线、点或短横线"
          rules={[
            { required: true, message: '请输入用户名' },
            { pattern: /^[A-Za-z0-9_.-]{2,32}$/, message: '用户名为 2–32 位字母、数字、下划线、点或短横线' },
          ]}
        >
          <Input autoFocus autoComplete="username" />
        </Form.Item>
        <Form.Item
          label="姓名"
          name="displayName"
          rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}
        >
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item label="密码" name="password" extra="至少 8 位，须同时包含字母和数字" rules={passwordRules}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item label="确认密码" name="confirm" dependencies={['password']} rules={confirmRules('password')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          创建管理员并登录
        </Button>
      </Form>
    </AuthLayout>
  );
}
