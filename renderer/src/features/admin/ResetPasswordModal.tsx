import { Form, Input, Modal } from 'antd';
import type { UserRow } from '../../../../shared/contract/schemas/auth';
import { applyFieldErrors, useFeedback } from '../../app/feedback';
import { confirmRules, passwordRules } from '../../app/passwordRules';
import { useUserMutation } from './api';

interface Values {
  newPassword: string;
  confirm: string;
}

export function ResetPasswordModal({ user, onClose }: { user: UserRow | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const feedback = useFeedback();
  const reset = useUserMutation('user:resetPassword');

  const onFinish = ({ newPassword }: Values) => {
    if (!user) return;
    reset.mutate(
      { id: user.id, newPassword },
      {
        onSuccess: () => {
          feedback.success(`已重置 ${user.displayName} 的密码`);
          onClose();
        },
        onError: (e) => {
          applyFieldErrors(form, e);
          feedback.error(e);
        },
      },
    );
  };

  return (
    <Modal
      title={user ? `重置密码：${user.displayName}（${user.username}）` : '重置密码'}
      open={user !== null}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="重置"
      confirmLoading={reset.isPending}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" preserve={false} onFinish={onFinish}>
        <Form.Item
          label="新密码"
          name="newPassword"
          extra="至少 8 位，须同时包含字母和数字；重置后该用户需重新登录"
          rules={passwordRules}
        >
          <Input.Password autoFocus autoComplete="new-password" />
        </Form.Item>
        <Form.Item label="确认新密码" name="confirm" dependencies={['newPassword']} rules={confirmRules('newPassword')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
