import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Input } from 'antd';
import type { SessionUser } from '../../../../shared/contract/schemas/auth';
import { call } from '../api';
import { applyFieldErrors, errorText, useFeedback } from '../feedback';
import { confirmRules, passwordRules } from '../passwordRules';
import { AuthLayout } from './AuthLayout';
import { useSession } from './sessionContext';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

/**
 * The first screen after signing in with a password an admin set (a new account or a reset): the
 * admin knows it, so nothing is done under it until the user has chosen their own.
 */
export function FirstPasswordPage({ user }: { user: SessionUser }) {
  const { passwordChanged, logout } = useSession();
  const [form] = Form.useForm<Values>();
  const feedback = useFeedback();
  const change = useMutation({
    mutationFn: ({ oldPassword, newPassword }: Values) => call('auth:changePassword', { oldPassword, newPassword }),
    onSuccess: () => {
      feedback.success('密码已修改');
      passwordChanged();
    },
    onError: (e) => applyFieldErrors(form, e),
  });

  return (
    <AuthLayout subtitle={`${user.displayName}，请先设置您自己的密码`}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title="当前密码由系统管理员设置，修改后才能使用系统。" />
      {change.isError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={errorText(change.error)} />}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => change.mutate(v)}>
        <Form.Item label="当前密码" name="oldPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
          <Input.Password autoFocus autoComplete="current-password" />
        </Form.Item>
        <Form.Item label="新密码" name="newPassword" extra="至少 8 位，须同时包含字母和数字" rules={passwordRules}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item label="确认新密码" name="confirm" dependencies={['newPassword']} rules={confirmRules('newPassword')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={change.isPending}>
          设置新密码并进入系统
        </Button>
      </Form>
      <div style={{ textAlign: 'center', marginTop: 12 }}>
        <Button type="link" onClick={() => void logout()}>
          退出
        </Button>
      </div>
    </AuthLayout>
  );
}
