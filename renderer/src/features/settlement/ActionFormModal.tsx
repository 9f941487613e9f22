import { Form, Modal, type FormInstance } from 'antd';
import type { ReactNode } from 'react';

interface Props<V> {
  title: string;
  okText: string;
  open: boolean;
  pending: boolean;
  initialValues: Partial<V>;
  danger?: boolean;
  onSubmit: (values: V, form: FormInstance<V>) => void;
  onClose: () => void;
  children: ReactNode;
}

/** A modal holding one vertical form for a batch action; OK submits it and so does Enter in a field. */
export function ActionFormModal<V extends object>(p: Props<V>) {
  const [form] = Form.useForm<V>();
  return (
    <Modal
      title={p.title}
      open={p.open}
      onCancel={p.onClose}
      onOk={() => form.submit()}
      okText={p.okText}
      okButtonProps={{ danger: p.danger }}
      confirmLoading={p.pending}
      destroyOnHidden
    >
      <Form<V>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={p.initialValues}
        onFinish={(v) => p.onSubmit(v, form)}
      >
        {p.children}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
