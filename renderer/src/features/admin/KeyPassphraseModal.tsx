import { Form, Input, Modal, Typography } from 'antd';
import { applyFieldErrors, useFeedback } from '../../app/feedback';
import { useKeyMutation } from '../keys/api';

interface Values {
  passphrase?: string;
  confirm?: string;
}

interface Props {
  mode: 'create' | 'rotate' | null;
  osProtection: boolean;
  onClose: () => void;
}

/** Creates the first signing key or rotates to a new one, protected by a passphrase. */
export function KeyPassphraseModal({ mode, osProtection, onClose }: Props) {
  const [form] = Form.useForm<Values>();
  const feedback = useFeedback();
  const create = useKeyMutation('keys:create');
  const rotate = useKeyMutation('keys:rotate');
  const mutation = mode === 'rotate' ? rotate : create;

  const onFinish = ({ passphrase }: Values) =>
    mutation.mutate(passphrase ? { passphrase } : {}, {
      onSuccess: () => {
        feedback.success(mode === 'rotate' ? '已轮换为新的签名密钥' : '签名密钥已生成');
        onClose();
      },
      onError: (e) => {
        applyFieldErrors(form, e);
        feedback.error(e);
      },
    });

  return (
    <Modal
      title={mode === 'rotate' ? '轮换签名密钥' : '生成签名密钥'}
      open={mode !== null}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={mode === 'rotate' ? '轮换' : '生成'}
      confirmLoading={mutation.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {mode === 'rotate'
          ? '新密钥立即用于之后签发的培训券；旧密钥保留，已发的券仍可验证。轮换后请重新导出信任包发给培训机构。'
          : '签名密钥用于给培训券二维码签名，防止伪造。'}
        {osProtection
          ? '本机可由操作系统保护密钥，口令可不填。'
          : '每次启动程序后需输入此口令解锁才能发券，请妥善保管，遗失后无法找回。'}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false} onFinish={onFinish}>
        <Form.Item
          label="密钥口令"
          name="passphrase"
          extra="至少 10 位"
          rules={[
            { required: !osProtection, message: '请设置密钥口令' },
            { min: 10, message: '密钥口令至少 10 位' },
          ]}
        >
          <Input.Password autoFocus autoComplete="new-password" maxLength={200} />
        </Form.Item>
        <Form.Item
          label="确认口令"
          name="confirm"
          dependencies={['passphrase']}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_, value?: string) => {
                if ((value ?? '') !== (getFieldValue('passphrase') ?? '')) throw new Error('两次输入的口令不一致');
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={200} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
