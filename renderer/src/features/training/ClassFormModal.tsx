import { DatePicker, Form, Input, InputNumber, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate } from 'react-router-dom';
import { skillLevel, type SkillLevelCode } from '../../../../shared/catalog/skillLevels';
import { FormModal, useSaveHandlers } from '../../app/FormModal';
import { useLevelHours, useOccupations } from '../catalog/api';
import { LEVEL_OPTIONS, occupationLabel, searchByLabel } from '../catalog/labels';
import { useTrainingMutation } from './api';

interface Values {
  name: string;
  occupationCode: string;
  level: SkillLevelCode;
  startDate: Dayjs;
  endDate: Dayjs;
  plannedHours: number;
  teachers?: string;
}

export const DAY = 'YYYY-MM-DD';

/** 开班: a class for one occupation and level; its students are vouchers this institution redeemed. */
export function ClassFormModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const occupations = useOccupations();
  const levelHours = useLevelHours();
  const minFor = (level: SkillLevelCode | undefined) => levelHours.data?.find((h) => h.level === level)?.minHours;
  const create = useTrainingMutation('class:create');
  const navigate = useNavigate();
  const handlers = useSaveHandlers('已开班，请添加学员', onClose);
  return (
    <FormModal<Values>
      title="开班"
      open={open}
      pending={create.isPending}
      initialValues={{ startDate: dayjs(), level: 'L5' }}
      width={560}
      onClose={onClose}
      onSubmit={(v, form) => {
        const h = handlers(form);
        create.mutate(
          {
            name: v.name,
            occupationCode: v.occupationCode,
            level: v.level,
            startDate: v.startDate.format(DAY),
            endDate: v.endDate.format(DAY),
            plannedHours: v.plannedHours,
            teachers: v.teachers ?? '',
          },
          {
            onSuccess: (c) => {
              h.onSuccess();
              navigate(`/training/${c.uid}`);
            },
            onError: h.onError,
          },
        );
      }}
    >
      <Form.Item label="班级名称" name="name" rules={[{ required: true, whitespace: true, message: '请输入班级名称' }]}>
        <Input autoFocus maxLength={60} placeholder="如：2026 年第 3 期养老护理员（初级）培训班" />
      </Form.Item>
      <Form.Item label="职业（工种）" name="occupationCode" rules={[{ required: true, message: '请选择职业（工种）' }]}>
        <Select
          showSearch={searchByLabel}
          placeholder="输入名称或编码查找"
          loading={occupations.isLoading}
          options={occupations.data?.filter((o) => o.active).map((o) => ({ value: o.code, label: occupationLabel(o) }))}
        />
      </Form.Item>
      <Form.Item label="技能等级" name="level" rules={[{ required: true, message: '请选择技能等级' }]}>
        <Select options={LEVEL_OPTIONS} />
      </Form.Item>
      <Form.Item label="开始日期" name="startDate" rules={[{ required: true, message: '请选择开始日期' }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item
        label="结束日期"
        name="endDate"
        dependencies={['startDate']}
        rules={[
          { required: true, message: '请选择结束日期' },
          ({ getFieldValue }) => ({
            validator: async (_, value: Dayjs | undefined) => {
              const start = getFieldValue('startDate') as Dayjs | undefined;
              if (value && start && value.isBefore(start, 'day')) throw new Error('结束日期不能早于开始日期');
            },
          }),
        ]}
      >
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item noStyle dependencies={['level']}>
        {({ getFieldValue }) => {
          const level = getFieldValue('level') as SkillLevelCode | undefined;
          const min = minFor(level);
          const label = skillLevel(level ?? '')?.label ?? '';
          return (
            <Form.Item
              label="计划学时（小时）"
              name="plannedHours"
              extra={min ? `${label}最低 ${min} 小时（人社局规定的最低学时）` : undefined}
              rules={[
                { required: true, message: '请输入计划学时' },
                ...(min
                  ? [{ type: 'number' as const, min, message: `${label}培训的计划学时不能少于 ${min} 小时` }]
                  : []),
              ]}
            >
              <InputNumber min={1} max={2000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          );
        }}
      </Form.Item>
      <Form.Item label="授课教师" name="teachers">
        <Input maxLength={200} placeholder="多位教师用顿号分隔" />
      </Form.Item>
    </FormModal>
  );
}
