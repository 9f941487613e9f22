import { Alert, Button, Divider, Form, Input, InputNumber, Spin } from 'antd';
import { BackupCard } from './BackupCard';
import { SETTING_GROUPS } from './settingsFields';
import type { Settings } from '../../../../shared/contract/schemas/settings';
import { useSession } from '../../app/session/sessionContext';
import { applyFieldErrors, errorText, useFeedback } from '../../app/feedback';
import { useSettings, useUpdateSettings } from '../settings/api';

function SettingsForm({ settings }: { settings: Settings }) {
  const [form] = Form.useForm<Settings>();
  const feedback = useFeedback();
  const update = useUpdateSettings();
  const { reload } = useSession();

  const onFinish = (values: Settings) =>
    update.mutate(values, {
      onSuccess: () => {
        feedback.success('系统设置已保存');
        void reload();
      },
      onError: (e) => {
        applyFieldErrors(form, e);
        feedback.error(e);
      },
    });

  return (
    <Form<Settings>
      form={form}
      initialValues={settings}
      labelCol={{ span: 6 }}
      wrapperCol={{ span: 12 }}
      style={{ maxWidth: 720 }}
      onFinish={onFinish}
    >
      <Form.Item
        label="辖区代码"
        name="jurisdictionCode"
        rules={[
          { required: true, message: '请输入辖区代码' },
          { pattern: /^\d{6}$/, message: '辖区代码应为 6 位数字' },
        ]}
      >
        <Input maxLength={6} autoComplete="off" />
      </Form.Item>
      <Form.Item
        label="辖区名称"
        name="jurisdictionName"
        rules={[{ required: true, whitespace: true, message: '请输入辖区名称' }]}
      >
        <Input maxLength={30} autoComplete="off" />
      </Form.Item>
      <Form.Item
        label="经办机构名称"
        name="bureauName"
        rules={[{ required: true, whitespace: true, message: '请输入经办机构名称' }]}
      >
        <Input maxLength={50} autoComplete="off" />
      </Form.Item>
      <Form.Item
        label="自动锁屏（分钟）"
        name="idleLockMinutes"
        extra="无键盘、鼠标操作超过该时间后自动锁屏（1–240 分钟）"
        rules={[{ required: true, message: '请输入自动锁屏时间' }]}
      >
        <InputNumber min={1} max={240} precision={0} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item
        label="登录有效期（小时）"
        name="sessionMaxHours"
        extra="登录超过该时间后须重新登录，无论是否一直在操作（1–72 小时）"
        rules={[{ required: true, message: '请输入登录有效期' }]}
      >
        <InputNumber min={1} max={72} precision={0} style={{ width: 160 }} />
      </Form.Item>
      {SETTING_GROUPS.map((g) => (
        <div key={g.title}>
          <Divider titlePlacement="start">{g.title}</Divider>
          {g.fields.map((f) => (
            <Form.Item
              key={f.name}
              label={f.label}
              name={f.name}
              extra={f.extra}
              rules={[{ required: true, message: `请输入${f.label}` }]}
            >
              <InputNumber min={f.min} max={f.max} precision={0} style={{ width: 160 }} />
            </Form.Item>
          ))}
        </div>
      ))}
      <Divider titlePlacement="start">数据备份</Divider>
      <Form.Item label="备份文件夹" name="backupDir" extra="例如 U 盘上的文件夹；留空则不自动备份">
        <Input maxLength={260} autoComplete="off" placeholder="例如 E:\培训券备份" />
      </Form.Item>
      <Form.Item label="保留份数" name="backupKeep" rules={[{ required: true, message: '请输入保留份数' }]}>
        <InputNumber min={1} max={365} precision={0} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item wrapperCol={{ offset: 6 }}>
        <Button type="primary" htmlType="submit" loading={update.isPending}>
          保存
        </Button>
      </Form.Item>
    </Form>
  );
}

export function SettingsTab() {
  const settings = useSettings();
  if (settings.isPending) return <Spin />;
  if (settings.isError) return <Alert type="error" showIcon title={errorText(settings.error)} />;
  return (
    <>
      <SettingsForm settings={settings.data} />
      <BackupCard />
    </>
  );
}
