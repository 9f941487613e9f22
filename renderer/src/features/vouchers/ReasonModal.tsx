import { Form, Input, Modal, Typography } from 'antd';
import { applyFieldErrors } from '../../app/feedback';

interface Props {
  open: boolean;
  title: string;
  okText: string;
  danger?: boolean;
  description: string;
  label: string;
  pending: boolean;
  onSubmit: (reason: string, onFieldError: (e: unknown) => void) => void;
  onClose: () => void;
}

/** Asks for the reason an action needs (作废、补发); the server keeps it in the voucher's history. */
export function ReasonModal({ open, title, okText, danger, description, label, pending, onSubmit, onClose }: Props) {
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      title={title}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={okText}
      okButtonProps={{ danger }}
      confirmLoading={pending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{description}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={({ reason }) => onSubmit(reason.trim(), (e) => applyFieldErrors(form, e))}
      >
        <Form.Item
          label={label}
          name="reason"
          rules={[
            { required: true, whitespace: true, message: `请填写${label}` },
            { min: 2, message: `${label}至少 2 个字` },
          ]}
        >
          <Input.TextArea autoFocus rows={3} maxLength={200} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
