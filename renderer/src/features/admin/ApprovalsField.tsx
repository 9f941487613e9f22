import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Select, Space, Typography } from 'antd';
import { useOccupations } from '../catalog/api';
import { LEVEL_OPTIONS, occupationLabel, searchByLabel } from '../catalog/labels';

/** The trainings an institution may run: one row per occupation, with the levels it is approved for. */
export function ApprovalsField() {
  const occupations = useOccupations();
  const options = occupations.data?.map((o) => ({ value: o.code, label: occupationLabel(o) }));
  return (
    <Form.Item label="获准培训的职业与等级">
      <Form.List name="approvals">
        {(fields, { add, remove }) => (
          <>
            {fields.length === 0 && (
              <Typography.Paragraph type="secondary">尚未添加；未获准的职业、等级不能定向到此机构</Typography.Paragraph>
            )}
            {fields.map(({ key, name }) => (
              <Space key={key} align="baseline" style={{ display: 'flex' }}>
                <Form.Item
                  name={[name, 'occupationCode']}
                  style={{ marginBottom: 8 }}
                  rules={[{ required: true, message: '请选择职业' }]}
                >
                  <Select
                    showSearch={searchByLabel}
                    placeholder="职业（工种）"
                    aria-label="获准职业"
                    style={{ width: 280 }}
                    options={options}
                  />
                </Form.Item>
                <Form.Item
                  name={[name, 'levels']}
                  style={{ marginBottom: 8 }}
                  rules={[{ required: true, type: 'array', min: 1, message: '请选择至少一个等级' }]}
                >
                  <Select
                    mode="multiple"
                    showSearch={searchByLabel}
                    placeholder="技能等级（可多选）"
                    aria-label="获准等级"
                    style={{ width: 300 }}
                    options={LEVEL_OPTIONS}
                  />
                </Form.Item>
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label="删除此项"
                  onClick={() => remove(name)}
                />
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ levels: [] })}>
              添加职业
            </Button>
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}
