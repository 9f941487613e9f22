import { Alert, DatePicker, Form, Input, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { EmploymentRecord } from '../../../../shared/contract/schemas/archive';
import { FormModal } from '../../app/FormModal';
import { DAY } from '../training/ClassFormModal';
import { useRecordSubmit } from '../training/useRecordSubmit';
import { useArchiveAdd } from './api';
import { EMPLOYMENT_OPTIONS } from './labels';

interface Values {
  kind: EmploymentRecord['kind'];
  employer?: string;
  startedOn: Dayjs;
  note?: string;
}

interface Props {
  workerId: number;
  open: boolean;
  onClose: () => void;
}

/** 添加就业情况: where the worker found work after training. */
export function EmploymentModal({ workerId, open, onClose }: Props) {
  const add = useArchiveAdd('archive:addEmployment');
  const { error, handlers, close } = useRecordSubmit('就业情况已添加', onClose);
  return (
    <FormModal<Values>
      title="添加就业情况"
      open={open}
      pending={add.isPending}
      width={560}
      initialValues={{ kind: 'employed', startedOn: dayjs() }}
      onClose={close}
      onSubmit={(v, form) =>
        add.mutate(
          {
            workerId,
            kind: v.kind,
            employer: v.employer?.trim() ?? '',
            startedOn: v.startedOn.format(DAY),
            note: v.note?.trim() ?? '',
          },
          handlers(form),
        )
      }
    >
      <Form.Item label="就业形式" name="kind" rules={[{ required: true, message: '请选择就业形式' }]}>
        <Radio.Group options={EMPLOYMENT_OPTIONS} optionType="button" />
      </Form.Item>
      <Form.Item label="就业单位或项目" name="employer">
        <Input autoFocus maxLength={80} autoComplete="off" placeholder="如：龙陵县康养中心；灵活就业可不填" />
      </Form.Item>
      <Form.Item label="开始日期" name="startedOn" rules={[{ required: true, message: '请选择开始日期' }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item label="备注" name="note">
        <Input.TextArea maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} />}
    </FormModal>
  );
}
