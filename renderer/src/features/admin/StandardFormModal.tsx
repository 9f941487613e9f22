import { DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { SkillLevelCode } from '../../../../shared/catalog/skillLevels';
import type { SubsidyStandard } from '../../../../shared/contract/schemas/catalog';
import { fenToYuan, yuanToFen } from '../../../../shared/domain/money';
import { useCatalogSave, useOccupations, usePlans } from '../catalog/api';
import { LEVEL_OPTIONS, occupationLabel, searchByLabel } from '../catalog/labels';
import { FormModal, useSaveHandlers } from '../../app/FormModal';

interface Values {
  planId?: number | null;
  occupationCode?: string | null;
  level: SkillLevelCode;
  amount: string;
  validFrom: Dayjs;
  validTo?: Dayjs | null;
}

const DAY = 'YYYY-MM-DD';

function initial(s: SubsidyStandard | null): Partial<Values> {
  if (!s) return { validFrom: dayjs().startOf('year') };
  return {
    planId: s.planId,
    occupationCode: s.occupationCode,
    level: s.level,
    amount: fenToYuan(s.amountFen).replace(/,/g, ''),
    validFrom: dayjs(s.validFrom),
    validTo: s.validTo ? dayjs(s.validTo) : null,
  };
}

const amountRule = {
  validator: async (_: unknown, value: unknown) => {
    if (typeof value !== 'string' || value.trim() === '') throw new Error('请输入补贴金额');
    const fen = yuanToFen(value);
    if (fen === null) throw new Error('金额格式不正确，最多两位小数，如 1500 或 1500.50');
    if (fen <= 0) throw new Error('补贴金额必须大于 0');
  },
};

export function StandardFormModal(props: { item: SubsidyStandard | null; open: boolean; onClose: () => void }) {
  const { item, open, onClose } = props;
  const plans = usePlans();
  const occupations = useOccupations();
  const save = useCatalogSave('catalog:standardSave');
  const handlers = useSaveHandlers(item ? '补贴标准已保存' : '补贴标准已新增', onClose);
  return (
    <FormModal<Values>
      title={item ? '编辑补贴标准' : '新增补贴标准'}
      open={open}
      pending={save.isPending}
      initialValues={initial(item)}
      onClose={onClose}
      onSubmit={(v, form) =>
        save.mutate(
          {
            ...(item ? { id: item.id } : {}),
            planId: v.planId ?? null,
            occupationCode: v.occupationCode ?? null,
            level: v.level,
            amountFen: yuanToFen(v.amount) ?? 0,
            validFrom: v.validFrom.format(DAY),
            validTo: v.validTo ? v.validTo.format(DAY) : null,
          },
          handlers(form),
        )
      }
    >
      <Form.Item label="培训计划" name="planId" extra="不选表示适用于全部计划">
        <Select
          allowClear
          autoFocus
          showSearch={searchByLabel}
          placeholder="全部计划"
          options={plans.data?.map((p) => ({ value: p.id, label: p.name }))}
        />
      </Form.Item>
      <Form.Item
        label="职业（工种）"
        name="occupationCode"
        extra="不选表示适用于全部职业；核定面额时，指定职业的标准优先，其次指定计划的标准"
      >
        <Select
          allowClear
          showSearch={searchByLabel}
          placeholder="全部职业"
          options={occupations.data?.map((o) => ({ value: o.code, label: occupationLabel(o) }))}
        />
      </Form.Item>
      <Form.Item label="技能等级" name="level" rules={[{ required: true, message: '请选择技能等级' }]}>
        <Select showSearch={searchByLabel} options={LEVEL_OPTIONS} placeholder="请选择" />
      </Form.Item>
      <Form.Item label="补贴金额（元）" name="amount" rules={[amountRule]}>
        <Input prefix="¥" inputMode="decimal" autoComplete="off" maxLength={16} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item label="生效日期" name="validFrom" rules={[{ required: true, message: '请选择生效日期' }]}>
        <DatePicker />
      </Form.Item>
      <Form.Item
        label="失效日期"
        name="validTo"
        extra="留空表示长期有效"
        dependencies={['validFrom']}
        rules={[
          ({ getFieldValue }) => ({
            validator: async (_, value: Dayjs | null | undefined) => {
              const from = getFieldValue('validFrom') as Dayjs | undefined;
              if (value && from && value.isBefore(from, 'day')) throw new Error('失效日期不能早于生效日期');
            },
          }),
        ]}
      >
        <DatePicker allowClear />
      </Form.Item>
    </FormModal>
  );
}
