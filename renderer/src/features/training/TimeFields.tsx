import { Form, Input, Space } from 'antd';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** 签到 and 签退 times as written on the paper sign-in sheet (08:30), typed rather than picked. */
export function TimeFields() {
  const rule = (message: string) => [
    { required: true, message },
    { pattern: TIME, message: '时间格式应为 时:分，如 08:30' },
  ];
  return (
    <Space size="large">
      <Form.Item label="签到时间" name="signIn" rules={rule('请填写签到时间')}>
        <Input placeholder="08:30" style={{ width: 140 }} />
      </Form.Item>
      <Form.Item label="签退时间" name="signOut" rules={rule('请填写签退时间')}>
        <Input placeholder="17:30" style={{ width: 140 }} />
      </Form.Item>
    </Space>
  );
}

/** Why the record is made: kept with it, shown to the bureau. */
export function ReasonField({ placeholder }: { placeholder: string }) {
  return (
    <Form.Item
      label="原因"
      name="reason"
      extra="原因会随考勤记录保存，人社局审核时可见"
      rules={[
        { required: true, whitespace: true, message: '请填写原因' },
        { min: 2, message: '原因至少 2 个字' },
      ]}
    >
      <Input.TextArea rows={2} maxLength={200} showCount placeholder={placeholder} />
    </Form.Item>
  );
}
