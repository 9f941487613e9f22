import { FileTextOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { TrustBundleSchema } from '../../../../shared/contract/schemas/exchange';
import { applyFieldErrors, useFeedback } from '../../app/feedback';
import { searchByLabel } from '../catalog/labels';
import { useExchange } from './api';
import { PickFileButton } from './PickFileButton';

interface Bundle {
  text: string;
  fileName: string;
  jurisdiction: string;
  institutions: { code: string; name: string }[];
}

interface Values {
  institutionCode: string;
  passphrase?: string;
  confirm?: string;
}

function readBundle(text: string, fileName: string): Bundle | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return '所选文件不是有效的信任包（JSON 格式错误）';
  }
  const r = TrustBundleSchema.safeParse(json);
  if (!r.success) return `所选文件不是有效的信任包：${r.error.issues[0]?.message ?? ''}`;
  const institutions = Object.values(r.data.catalog.institutions).map((i) => ({ code: i.code, name: i.name }));
  return { text, fileName, jurisdiction: `${r.data.jurisdiction.name} ${r.data.jurisdiction.bureau}`, institutions };
}

/** Turns a fresh install into one institution's offline install, from the bureau's trust bundle. */
export function InstitutionSetupCard({ osProtection }: { osProtection: boolean }) {
  const [form] = Form.useForm<Values>();
  const feedback = useFeedback();
  const { modal } = App.useApp();
  const setup = useExchange('institution:setup');
  const [bundle, setBundle] = useState<Bundle | null>(null);
  const [bundleError, setBundleError] = useState<string | null>(null);

  const onFile = (text: string, file: File) => {
    const b = readBundle(text, file.name);
    if (typeof b === 'string') {
      setBundle(null);
      setBundleError(b);
    } else {
      setBundle(b);
      setBundleError(null);
      form.resetFields(['institutionCode']);
    }
  };

  const submit = (v: Values) => {
    if (!bundle) return setBundleError('请先选择人社局提供的信任包文件');
    const name = bundle.institutions.find((i) => i.code === v.institutionCode)?.name ?? v.institutionCode;
    modal.confirm({
      title: `把本机设置为“${name}”的培训机构模式？`,
      content: '设置后本机只用于该机构核销培训券和记录培训过程，不能再登记劳动者、发放培训券，也不能改回。',
      okText: '确认设置',
      onOk: () =>
        setup.mutate(
          {
            bundleText: bundle.text,
            institutionCode: v.institutionCode,
            ...(v.passphrase ? { passphrase: v.passphrase } : {}),
          },
          {
            onSuccess: () => feedback.success(`已设置为培训机构模式：${name}`),
            onError: (e) => {
              applyFieldErrors(form, e);
              feedback.error(e);
            },
          },
        ),
    });
  };

  return (
    <Card size="small" title="设置为培训机构模式">
      <Typography.Paragraph type="secondary">
        培训机构在自己的电脑上安装本程序后，可在此设置为“培训机构模式”：离线核销本机构学员的培训券，记录考勤、结业和证书，定期与人社局交换文件。
        <Typography.Text strong>只能在新安装（尚未生成签名密钥、未登记劳动者）上设置，设置后不能改回。</Typography.Text>
      </Typography.Paragraph>
      <Form form={form} layout="vertical" style={{ maxWidth: 480 }} onFinish={submit}>
        <Form.Item
          label="信任包文件"
          required
          extra={bundle ? `${bundle.fileName}（${bundle.jurisdiction}）` : '由人社局在“签名密钥”中导出的 .json 文件'}
        >
          <PickFileButton
            label={bundle ? '重新选择信任包' : '选择信任包文件'}
            icon={<FileTextOutlined />}
            onText={onFile}
          />
        </Form.Item>
        {bundleError && <Alert type="error" showIcon title={bundleError} style={{ marginBottom: 16 }} />}
        <Form.Item label="本机构" name="institutionCode" rules={[{ required: true, message: '请选择本机构' }]}>
          <Select
            showSearch={searchByLabel}
            disabled={!bundle}
            placeholder={bundle ? '选择本机构' : '请先选择信任包文件'}
            options={bundle?.institutions.map((i) => ({ value: i.code, label: `${i.name}（${i.code}）` }))}
          />
        </Form.Item>
        <Form.Item
          label="本机构签名密钥口令"
          name="passphrase"
          extra={
            osProtection
              ? '本机可由操作系统保护密钥，口令可不填'
              : '至少 10 位；每次启动程序后需输入此口令，遗失后无法找回'
          }
          rules={[
            { required: !osProtection, message: '请设置密钥口令' },
            { min: 10, message: '密钥口令至少 10 位' },
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={200} />
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
        <Button type="primary" htmlType="submit" loading={setup.isPending}>
          设置为培训机构模式
        </Button>
      </Form>
    </Card>
  );
}
