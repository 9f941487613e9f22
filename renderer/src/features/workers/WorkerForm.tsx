import { Button, Card, Form, Input, Select, Space, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { ETHNICITIES } from '../../../../shared/catalog/ethnicities';
import {
  EDUCATIONS,
  EMPLOYMENT_STATUSES,
  HOUSEHOLD_TYPES,
  TARGET_GROUPS,
} from '../../../../shared/catalog/workerOptions';
import { checkMobilePhone } from '../../../../shared/domain/phone';
import { checkPersonName } from '../../../../shared/domain/personName';
import { ApiError } from '../../app/api';
import { applyFieldErrors, useFeedback } from '../../app/feedback';
import { useCurrentUser } from '../../app/session/sessionContext';
import { useSaveWorker, useOwnTownships } from './api';
import { IdNumberField, type IdConflict } from './IdNumberField';
import { toOptions } from './labels';
import { useFormKeyboard } from './useFormKeyboard';
import { EMPTY_WORKER, FIELD_ORDER, toInput, type WorkerFormValues } from './workerFormValues';

const KEY_HINT = ['Enter 下一项', 'Ctrl+Enter 保存', 'Esc 取消'].join('　');
const ETHNICITY_OPTIONS = ETHNICITIES.map((e) => ({ value: e, label: e }));
const search = { optionFilterProp: 'label' } as const;
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
  const [form] = Form.useForm<WorkerFormValues>();
  const navigate = useNavigate();
  const location = useLocation();
  const feedback = useFeedback();
  const save = useSaveWorker();
  const townships = useOwnTownships();
  // A station clerk of one township registers there only: their township is filled in for them.
  const mine = useCurrentUser().townships;
  const start = workerId === null && mine.length === 1 ? { ...initialValues, townshipCode: mine[0] } : initialValues;
  const [conflict, setConflict] = useState<IdConflict | null>(null);

  const cancel = useCallback(() => {
    if (location.key !== 'default') navigate(-1);
    else navigate(workerId === null ? '/workers' : `/workers/${workerId}`);
  }, [location.key, navigate, workerId]);
  const submit = useCallback(() => form.submit(), [form]);
  const onKeyDownCapture = useFormKeyboard(FIELD_ORDER, submit, cancel);

  const onFinish = (values: WorkerFormValues) => {
    setConflict(null);
    save.mutate(
      { id: workerId, input: toInput(values) },
      {
        onSuccess: (w) => {
          feedback.success(workerId === null ? '登记成功' : '保存成功');
          navigate(`/workers/${w.id}`, { replace: true });
        },
        onError: (e) => {
          feedback.error(e);
          const names = applyFieldErrors(form, e);
          const first = FIELD_ORDER.find((n) => names.includes(n));
          if (first) document.getElementById(first)?.focus();
          const detail = e instanceof ApiError && e.code === 'CONFLICT' ? e.body.detail : undefined;
          if (typeof detail?.workerId === 'number') {
            setConflict({ workerId: detail.workerId, name: typeof detail.name === 'string' ? detail.name : '' });
          }
        },
      },
    );
  };

  return (
    <Card title={title}>
      <div onKeyDownCapture={onKeyDownCapture} style={{ maxWidth: 780 }}>
        <Form<WorkerFormValues>
          form={form}
          initialValues={start}
          labelCol={{ span: 6 }}
          wrapperCol={{ span: 16 }}
          onFinish={onFinish}
          onValuesChange={(changed: Partial<WorkerFormValues>) => {
            if ('idNumber' in changed) setConflict(null);
          }}
          scrollToFirstError={{ focus: true }}
        >
          <IdNumberField form={form} workerId={workerId} conflict={conflict} />
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
            <Select showSearch={search} options={ETHNICITY_OPTIONS} />
          </Form.Item>
          <Form.Item label="文化程度" name="education" rules={[{ required: true, message: '请选择文化程度' }]}>
            <Select showSearch={search} options={toOptions(EDUCATIONS)} placeholder="请选择" />
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
              showSearch={search}
              loading={townships.isLoading}
              options={townships.data?.map((t) => ({ value: t.code, label: t.name }))}
              placeholder="请选择"
            />
          </Form.Item>
          <Form.Item label="村（社区）" name="village">
            <Input autoComplete="off" maxLength={50} />
          </Form.Item>
          <Form.Item label="详细地址" name="address">
            <Input autoComplete="off" maxLength={100} />
          </Form.Item>
          <Form.Item label="户口性质" name="householdType" rules={[{ required: true, message: '请选择户口性质' }]}>
            <Select showSearch={search} options={toOptions(HOUSEHOLD_TYPES)} placeholder="请选择" />
          </Form.Item>
          <Form.Item label="就业状态" name="employmentStatus" rules={[{ required: true, message: '请选择就业状态' }]}>
            <Select showSearch={search} options={toOptions(EMPLOYMENT_STATUSES)} placeholder="请选择" />
          </Form.Item>
          <Form.Item label="重点群体" name="targetGroups">
            <Select
              mode="multiple"
              allowClear
              showSearch={search}
              options={toOptions(TARGET_GROUPS)}
              placeholder="可多选（选填）"
            />
          </Form.Item>
          <Form.Item wrapperCol={{ offset: 6 }}>
            <Space>
              <Button type="primary" htmlType="submit" loading={save.isPending}>
                保存
              </Button>
              <Button onClick={cancel}>取消</Button>
              <Typography.Text type="secondary">{KEY_HINT}</Typography.Text>
            </Space>
          </Form.Item>
        </Form>
      </div>
    </Card>
  );
}
