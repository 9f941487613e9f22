import { useMutation } from '@tanstack/react-query';
import { Form, Input, Modal } from 'antd';
import { call } from '../api';
import { applyFieldErrors, useFeedback } from '../feedback';
import { confirmRules, passwordRules } from '../passwordRules';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const feedback = useFeedback();
  const change = useMutation({
    mutationFn: ({ oldPassword, newPassword }: Values) => call('auth:changePassword', { oldPassword, newPassword }),
    onSuccess: () => {
      feedback.success('密码已修改');
      onClose();
    },
    onError: (e) => {
      applyFieldErrors(form, e);
      feedback.error(e);
    },
  });

  return (
    <Modal
      title="修改密码"
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={change.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => change.mutate(v)}>
        <Form.Item label="原密码" name="oldPassword" rules={[{ required: true, message: '请输入原密码' }]}>
          <Input.Password autoFocus autoComplete="current-password" />
        </Form.Item>
        <Form.Item label="新密码" name="newPassword" extra="至少 8 位，须同时包含字母和数字" rules={passwordRules}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item label="确认新密码" name="confirm" dependencies={['newPassword']} rules={confirmRules('newPassword')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
