import { Form, Modal, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { applyFieldErrors, useFeedback } from './feedback';
import { formChanged } from './forms/formDirty';
import { useConfirmDiscard } from './forms/leaveGuard';

interface Props<V> {
  title: string;
  open: boolean;
  pending: boolean;
  initialValues: Partial<V>;
  width?: number;
  /** The OK button's text (保存 by default) and whether it is a danger action. */
  okText?: string;
  danger?: boolean;
  onSubmit: (values: V, form: FormInstance<V>) => void;
  onClose: () => void;
  children: ReactNode;
}

/**
 * A modal holding one vertical form (a catalogue entry, a batch action); OK submits it and Enter in a
 * field does too. Closing it (Esc, ×, 取消, a click beside it) with changes asks first.
 */
export function FormModal<V extends object>(p: Props<V>) {
  const [form] = Form.useForm<V>();
  const confirmDiscard = useConfirmDiscard();
  return (
    <Modal
      title={p.title}
      open={p.open}
      onCancel={() => confirmDiscard(formChanged(form, p.initialValues), p.onClose)}
      onOk={() => form.submit()}
      okText={p.okText ?? '保存'}
      okButtonProps={{ danger: p.danger }}
      confirmLoading={p.pending}
      width={p.width}
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

/** What a save does on success and on failure, the same in every catalogue modal. */
export function useSaveHandlers(successText: string, onClose: () => void) {
  const feedback = useFeedback();
  return (form: FormInstance) => ({
    onSuccess: () => {
      feedback.success(successText);
      onClose();
    },
    onError: (e: unknown) => {
      applyFieldErrors(form, e);
      feedback.error(e);
    },
  });
}
