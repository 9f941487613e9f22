import { ExportOutlined, KeyOutlined, SyncOutlined, UnlockOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Form, Input, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { KeyInfo, KeyStatus } from '../../../../shared/contract/schemas/keys';
import { saveBlob } from '../../app/download';
import { applyFieldErrors, errorText, useFeedback } from '../../app/feedback';
import { formatTime } from '../../app/format';
import { needsAttention, useKeyMutation, useKeyStatus, useTrustExport } from '../keys/api';
import { KeyPassphraseModal } from './KeyPassphraseModal';

const PROTECTION_LABELS: Record<KeyInfo['protection'], string> = {
  passphrase: '口令保护',
  safeStorage: '系统保护',
  none: '未保护',
};

const columns: ColumnsType<KeyInfo> = [
  {
    title: '密钥编号',
    dataIndex: 'kid',
    render: (kid: string, k) => (
      <Space>
        <Typography.Text code>{kid}</Typography.Text>
        {k.active && <Tag color="blue">当前</Tag>}
      </Space>
    ),
  },
  { title: '启用时间', dataIndex: 'validFrom', render: formatTime },
  { title: '停用时间', dataIndex: 'validTo', render: (t: string | null) => (t ? formatTime(t) : '—') },
  { title: '保护方式', dataIndex: 'protection', render: (p: KeyInfo['protection']) => PROTECTION_LABELS[p] },
  {
    title: '本次运行',
    dataIndex: 'unlocked',
    render: (u: boolean) => (u ? <Badge status="success" text="已解锁" /> : <Badge status="default" text="未解锁" />),
  },
];

function UnlockForm() {
  const [form] = Form.useForm<{ passphrase: string }>();
  const feedback = useFeedback();
  const unlock = useKeyMutation('keys:unlock');
  return (
    <Form
      form={form}
      layout="inline"
      onFinish={({ passphrase }) =>
        unlock.mutate(
          { passphrase },
          {
            onSuccess: () => feedback.success('签名密钥已解锁，可以发券'),
            onError: (e) => {
              applyFieldErrors(form, e);
              feedback.error(e);
            },
          },
        )
      }
    >
      <Form.Item name="passphrase" rules={[{ required: true, message: '请输入密钥口令' }]}>
        <Input.Password autoFocus aria-label="密钥口令" placeholder="密钥口令" style={{ width: 280 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" icon={<UnlockOutlined />} loading={unlock.isPending}>
        解锁
      </Button>
    </Form>
  );
}

function StatusAlert({ status }: { status: KeyStatus }) {
  if (!status.activeKid)
    return <Alert type="warning" showIcon title="尚未生成签名密钥，不能签发培训券、打印档案摘要或导出状态更新包" />;
  if (needsAttention(status))
    return (
      <Alert
        type="warning"
        showIcon
        title="签名密钥未解锁：程序每次启动后须输入密钥口令解锁，才能签发培训券、打印档案摘要和导出状态更新包"
        description={<UnlockForm />}
      />
    );
  const auto = status.unlocked ? '' : '，首次发券时由系统自动解锁';
  return <Alert type="success" showIcon title={`签名密钥已就绪（${status.activeKid}）${auto}，可以发放培训券`} />;
}

export function KeysTab() {
  const status = useKeyStatus();
  const feedback = useFeedback();
  const exporter = useTrustExport();
  const [modal, setModal] = useState<'create' | 'rotate' | null>(null);

  if (status.isPending) return <Spin />;
  if (status.isError) return <Alert type="error" showIcon title={errorText(status.error)} />;
  const s = status.data;

  const exportBundle = () =>
    exporter.mutate(undefined, {
      onSuccess: (bundle) => {
        saveBlob(new Blob([JSON.stringify(bundle, null, 2)], { type: 'application/json' }), 'trust-bundle.json');
        feedback.success('信任包已导出：trust-bundle.json');
      },
      onError: feedback.error,
    });

  return (
    <>
      <StatusAlert status={s} />
      <Space wrap style={{ margin: '16px 0' }}>
        {s.activeKid ? (
          <Button icon={<SyncOutlined />} onClick={() => setModal('rotate')}>
            轮换密钥
          </Button>
        ) : (
          <Button type="primary" icon={<KeyOutlined />} onClick={() => setModal('create')}>
            生成签名密钥
          </Button>
        )}
        <Button
          icon={<ExportOutlined />}
          disabled={s.keys.length === 0}
          loading={exporter.isPending}
          onClick={exportBundle}
        >
          导出信任包
        </Button>
        <Typography.Text type="secondary">信任包含公钥和目录名称，发给培训机构用于离线验券</Typography.Text>
      </Space>
      <Table<KeyInfo> rowKey="kid" size="middle" columns={columns} dataSource={s.keys} pagination={false} />
      <KeyPassphraseModal mode={modal} osProtection={s.osProtection} onClose={() => setModal(null)} />
    </>
  );
}
