import { Button, Card, Form, Input, Select, Space, Typography } from 'antd';
import { checkMobilePhone } from '../../../../shared/domain/phone';
import { checkPersonName } from '../../../../shared/domain/personName';
import { searchByLabel } from '../catalog/labels';
import { useOwnTownships } from './api';
import { useCurrentUser } from '../../app/session/sessionContext';
import { IdNumberField } from './IdNumberField';
import { useWorkerForm } from './useWorkerForm';
import {
  EDUCATION_OPTIONS,
  EMPLOYMENT_OPTIONS,
  ETHNICITY_OPTIONS,
  HOUSEHOLD_OPTIONS,
  TARGET_GROUP_OPTIONS,
  townshipOptions,
} from './workerChoices';
import { EMPTY_WORKER, type WorkerFormValues } from './workerFormValues';

const KEY_HINT = ['Enter 下一项', 'Ctrl+Enter 保存', 'Esc 取消'].join('　');
const NEXT_HINT = 'Ctrl+Shift+Enter 保存并登记下一位';
const onBlurCheck = (check: (v: string) => { ok: boolean; message?: string }) => ({
  validateTrigger: 'onBlur',
  validator: async (_: unknown, value: unknown) => {
    if (typeof value !== 'string' || value.trim() === '') return;
    const r = check(value);
    if (!r.ok) throw new Error(r.message);
  },
});

interface Props {
  workerId: number | null;
  initialValues?: WorkerFormValues;
  title: string;
}

export function WorkerForm({ workerId, initialValues = EMPTY_WORKER, title }: Props) {
  // A station clerk of one township registers there only: their township is filled in for them.
  const mine = useCurrentUser().townships;
  const start = workerId === null && mine.length === 1 ? { ...initialValues, townshipCode: mine[0] } : initialValues;
  const w = useWorkerForm(workerId, start);
  const townships = useOwnTownships();
  const isNew = workerId === null;

  return (
    <Card
      title={title}
      extra={isNew && w.saved > 0 && <Typography.Text type="success">本次已连续登记 {w.saved} 人</Typography.Text>}
    >
      <div onKeyDownCapture={w.onKeyDownCapture} style={{ maxWidth: 780 }}>
        <Form<WorkerFormValues>
          form={w.form}
          initialValues={start}
          labelCol={{ span: 6 }}
          wrapperCol={{ span: 16 }}
          onFinish={w.onFinish}
          onValuesChange={(changed: Partial<WorkerFormValues>) => {
            if ('idNumber' in changed) w.setConflict(null);
          }}
          scrollToFirstError={{ focus: true }}
        >
          <IdNumberField form={w.form} workerId={workerId} conflict={w.conflict} registeredRef={w.registeredRef} />
          <Form.Item
            label="姓名"
            name="name"
            validateTrigger={['onChange', 'onBlur']}
            rules={[
              { required: true, whitespace: true, message: '请输入姓名' },
              onBlurCheck((v) => checkPersonName(v)),
            ]}
          >
            <Input autoComplete="off" maxLength={30} />
          </Form.Item>
          <Form.Item label="民族" name="ethnicity" rules={[{ required: true, message: '请选择民族' }]}>
            <Select showSearch={searchByLabel} options={ETHNICITY_OPTIONS} />
          </Form.Item>
          <Form.Item label="文化程度" name="education" rules={[{ required: true, message: '请选择文化程度' }]}>
            <Select showSearch={searchByLabel} options={EDUCATION_OPTIONS} placeholder="请选择" />
          </Form.Item>
          <Form.Item
            label="手机号码"
            name="phone"
            validateTrigger={['onChange', 'onBlur']}
            rules={[onBlurCheck((v) => checkMobilePhone(v))]}
          >
            <Input autoComplete="off" maxLength={20} placeholder="11 位手机号码（选填）" />
          </Form.Item>
          <Form.Item label="乡镇" name="townshipCode" rules={[{ required: true, message: '请选择乡镇' }]}>
            <Select
              showSearch={searchByLabel}
              loading={townships.isLoading}
              options={townshipOptions(townships.data)}
              placeholder="请选择（可输入拼音，如 ls）"
            />
          </Form.Item>
          <Form.Item label="村（社区）" name="village">
            <Input autoComplete="off" maxLength={50} />
          </Form.Item>
          <Form.Item label="详细地址" name="address">
            <Input autoComplete="off" maxLength={100} />
          </Form.Item>
          <Form.Item label="户口性质" name="householdType" rules={[{ required: true, message: '请选择户口性质' }]}>
            <Select showSearch={searchByLabel} options={HOUSEHOLD_OPTIONS} placeholder="请选择" />
          </Form.Item>
          <Form.Item label="就业状态" name="employmentStatus" rules={[{ required: true, message: '请选择就业状态' }]}>
            <Select showSearch={searchByLabel} options={EMPLOYMENT_OPTIONS} placeholder="请选择" />
          </Form.Item>
          <Form.Item label="重点群体" name="targetGroups" extra="Enter 选中；搜索框为空时再按 Enter 完成选择">
            <Select
              mode="multiple"
              allowClear
              showSearch={searchByLabel}
              options={TARGET_GROUP_OPTIONS}
              placeholder="可多选（选填）"
            />
          </Form.Item>
          <Form.Item wrapperCol={{ offset: 6 }} className="sticky-actions">
            <Space wrap>
              <Button type="primary" htmlType="submit" loading={w.save.isPending}>
                保存
              </Button>
              {isNew && (
                <Button onClick={w.submitNext} loading={w.save.isPending}>
                  保存并登记下一位
                </Button>
              )}
              <Button onClick={w.cancel}>取消</Button>
            </Space>
            <div>
              <Typography.Text type="secondary">
                {KEY_HINT}
                {isNew && `\u3000${NEXT_HINT}`}
              </Typography.Text>
            </div>
          </Form.Item>
        </Form>
      </div>
    </Card>
  );
}
