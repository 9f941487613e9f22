import { Alert, Button, Form, Input, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import {
  MODE_LABELS,
  parseFingerprint,
  parseServerAddress,
  type ConnectionChoice,
} from '../../../../shared/contract/connection';

interface Values {
  mode: 'local' | 'server';
  server?: string;
  fingerprint?: string;
}

/** Checked as the main process will check it, so a typo is shown at the field. */
const by = (parse: (raw: string) => { ok: true } | { ok: false; message: string }) => ({
  validator: (_: unknown, value: string | undefined) => {
    const r = parse(value ?? '');
    return r.ok ? Promise.resolve() : Promise.reject(new Error(r.message));
  },
});

/**
 * 单机（本机数据库） or 连接县级服务器 with the server's address and certificate fingerprint. `submit`
 * answers with an error message, or null when done. What was typed stays when it fails.
 */
export function ConnectionForm({
  initial,
  submitText,
  submit,
}: {
  initial: ConnectionChoice | null;
  submitText: string;
  submit(choice: ConnectionChoice): Promise<string | null>;
}) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mode = Form.useWatch('mode', form) ?? initial?.mode;

  const onFinish = async (v: Values) => {
    setBusy(true);
    setError(null);
    const choice: ConnectionChoice =
      v.mode === 'local'
        ? { mode: 'local' }
        : { mode: 'server', server: v.server?.trim() ?? '', fingerprint: v.fingerprint?.trim() ?? '' };
    const problem = await submit(choice);
    setBusy(false);
    setError(problem);
  };

  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={onFinish}
      initialValues={{
        mode: initial?.mode,
        server: initial?.mode === 'server' ? initial.server : '',
        fingerprint: initial?.mode === 'server' ? initial.fingerprint : '',
      }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16, whiteSpace: 'pre-wrap' }} />}
      <Form.Item name="mode" label="工作方式" rules={[{ required: true, message: '请选择工作方式' }]}>
        <Radio.Group style={{ width: '100%' }}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Radio value="local">
              <b>{MODE_LABELS.local}</b>
              <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                数据保存在本机，适用于只有一个窗口、或无法连接县级服务器的地方。
              </Typography.Paragraph>
            </Radio>
            <Radio value="server">
              <b>{MODE_LABELS.server}</b>
              <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                与县人社局服务器实时连接，各窗口、乡镇服务站和培训机构共用一套数据；本机不保存业务数据。
              </Typography.Paragraph>
            </Radio>
          </Space>
        </Radio.Group>
      </Form.Item>
      {mode === 'server' && (
        <>
          <Form.Item
            label="服务器地址"
            name="server"
            extra="例如 https://10.1.2.3:8443，由县人社局系统管理员提供"
            rules={[by(parseServerAddress)]}
          >
            <Input placeholder="https://地址:端口" autoComplete="off" spellCheck={false} />
          </Form.Item>
          <Form.Item
            label="服务器证书指纹（SHA-256）"
            name="fingerprint"
            extra="64 位十六进制数字，在服务器上生成证书时显示（npm run -s cli -- server cert）；本机只信任这一张证书"
            rules={[by(parseFingerprint)]}
          >
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 3 }}
              placeholder="AB:CD:EF:…"
              spellCheck={false}
              style={{ fontFamily: 'monospace' }}
            />
          </Form.Item>
        </>
      )}
      <Button type="primary" htmlType="submit" block loading={busy}>
        {busy && mode === 'server' ? '正在连接服务器…' : submitText}
      </Button>
    </Form>
  );
}
