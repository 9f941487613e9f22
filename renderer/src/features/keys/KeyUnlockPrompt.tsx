import { KeyOutlined } from '@ant-design/icons';
import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { applyFieldErrors, useFeedback } from '../../app/feedback';
import { needsAttention, useKeyMutation, useKeyStatus } from './api';

/**
 * Right after an admin logs in to an install whose key is locked (after every restart), the
 * passphrase is asked for here: until then nobody can issue. 稍后 leaves it to 系统管理 → 签名密钥.
 */
export function KeyUnlockPrompt() {
  const status = useKeyStatus();
  const unlock = useKeyMutation('keys:unlock');
  const feedback = useFeedback();
  const [form] = Form.useForm<{ passphrase: string }>();
  const [later, setLater] = useState(false);
  const locked = !!status.data?.activeKid && needsAttention(status.data);

  const submit = ({ passphrase }: { passphrase: string }) =>
    unlock.mutate(
      { passphrase },
      {
        onSuccess: () => feedback.success('签名密钥已解锁，可以发券'),
        onError: (e) => {
          if (applyFieldErrors(form, e).length === 0) feedback.error(e);
        },
      },
    );

  return (
    <Modal
      title={
        <>
          <KeyOutlined /> 签名密钥已锁定
        </>
      }
      open={locked && !later}
      okText="解锁"
      cancelText="稍后"
      onOk={() => form.submit()}
      onCancel={() => setLater(true)}
      confirmLoading={unlock.isPending}
      destroyOnHidden
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title="程序重启后，签名密钥需要输入口令解锁；解锁前窗口经办人员不能发券，也不能打印档案摘要。"
      />
      <Form form={form} layout="vertical" preserve={false} onFinish={submit}>
        <Form.Item label="密钥口令" name="passphrase" rules={[{ required: true, message: '请输入密钥口令' }]}>
          <Input.Password autoFocus autoComplete="off" />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
      <Typography.Text type="secondary">也可以稍后在“系统管理 → 签名密钥”中解锁。</Typography.Text>
    </Modal>
  );
}
