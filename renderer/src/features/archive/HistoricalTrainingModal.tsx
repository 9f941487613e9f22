import { Alert, DatePicker, Form, Input, InputNumber, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import type { SkillLevelCode } from '../../../../shared/catalog/skillLevels';
import type { ArchiveTraining } from '../../../../shared/contract/schemas/archive';
import { FormModal } from '../../app/FormModal';
import { useOccupations } from '../catalog/api';
import { LEVEL_OPTIONS, occupationLabel, searchByLabel } from '../catalog/labels';
import { DAY } from '../training/ClassFormModal';
import { useRecordSubmit } from '../training/useRecordSubmit';
import { useArchiveAdd } from './api';
import { RESULT_OPTIONS } from './labels';

interface Values {
  institutionName: string;
  occupationCode: string;
  level: SkillLevelCode;
  startDate: Dayjs;
  endDate: Dayjs;
  hours: number;
  result: NonNullable<ArchiveTraining['result']>;
  note?: string;
}

interface Props {
  workerId: number;
  open: boolean;
  onClose: () => void;
}

/** 补录培训记录: training taken before the system, from paper records. */
export function HistoricalTrainingModal({ workerId, open, onClose }: Props) {
  const occupations = useOccupations();
  const add = useArchiveAdd('archive:addHistoricalTraining');
  const { error, handlers, close } = useRecordSubmit('培训记录已补录', onClose);
  return (
    <FormModal<Values>
      title="补录培训记录"
      open={open}
      pending={add.isPending}
      width={600}
      initialValues={{ level: 'L5', result: 'passed' }}
      onClose={close}
      onSubmit={(v, form) =>
        add.mutate(
          {
            workerId,
            institutionName: v.institutionName.trim(),
            occupationCode: v.occupationCode,
            level: v.level,
            startDate: v.startDate.format(DAY),
            endDate: v.endDate.format(DAY),
            hours: v.hours,
            result: v.result,
            note: v.note?.trim() ?? '',
          },
          handlers(form),
        )
      }
    >
      <Form.Item
        label="培训机构"
        name="institutionName"
        rules={[{ required: true, whitespace: true, min: 2, message: '请输入培训机构' }]}
      >
        <Input autoFocus maxLength={100} autoComplete="off" />
      </Form.Item>
      <Form.Item label="职业（工种）" name="occupationCode" rules={[{ required: true, message: '请选择职业（工种）' }]}>
        <Select
          showSearch={searchByLabel}
          loading={occupations.isLoading}
          placeholder="输入名称或编码查找"
          options={occupations.data?.map((o) => ({ value: o.code, label: occupationLabel(o) }))}
        />
      </Form.Item>
      <Form.Item label="技能等级" name="level" rules={[{ required: true, message: '请选择技能等级' }]}>
        <Select showSearch={searchByLabel} options={LEVEL_OPTIONS} />
      </Form.Item>
      <div style={{ display: 'flex', gap: 16 }}>
        <Form.Item
          label="开始日期"
          name="startDate"
          style={{ flex: 1 }}
          rules={[{ required: true, message: '请选择开始日期' }]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          label="结束日期"
          name="endDate"
          style={{ flex: 1 }}
          dependencies={['startDate']}
          rules={[
            { required: true, message: '请选择结束日期' },
            ({ getFieldValue }) => ({
              validator: async (_, end: Dayjs | undefined) => {
                const start = getFieldValue('startDate') as Dayjs | undefined;
                if (start && end && end.isBefore(start, 'day')) throw new Error('结束日期不能早于开始日期');
              },
            }),
          ]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="学时" name="hours" style={{ width: 120 }} rules={[{ required: true, message: '请输入学时' }]}>
          <InputNumber min={1} max={5000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </div>
      <Form.Item label="培训结果" name="result" rules={[{ required: true, message: '请选择培训结果' }]}>
        <Radio.Group options={RESULT_OPTIONS} optionType="button" />
      </Form.Item>
      <Form.Item label="备注" name="note">
        <Input maxLength={200} autoComplete="off" placeholder="如：纸质档案编号" />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} />}
    </FormModal>
  );
}
