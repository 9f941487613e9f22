import { Form, Input, InputNumber, Select, Switch } from 'antd';
import { TARGET_GROUPS, type TargetGroupCode } from '../../../../shared/catalog/workerOptions';
import type { Plan } from '../../../../shared/contract/schemas/catalog';
import { useCatalogSave } from '../catalog/api';
import { PAYS_ON_LABELS, PLAN_KIND_LABELS, labelOptions, searchByLabel } from '../catalog/labels';
import { toOptions } from '../workers/labels';
import { FormModal, useSaveHandlers } from '../../app/FormModal';

interface Values {
  code: string;
  name: string;
  leadUnit: string;
  target?: number | null;
  kind: Plan['kind'];
  paysOn: Plan['paysOn'];
  active: boolean;
  groups: TargetGroupCode[];
}

const EMPTY: Partial<Values> = { kind: 'training', paysOn: 'certified', active: true, groups: [] };

export function PlanFormModal({ plan, open, onClose }: { plan: Plan | null; open: boolean; onClose: () => void }) {
  const save = useCatalogSave('catalog:planSave');
  const handlers = useSaveHandlers(plan ? '培训计划已保存' : '培训计划已新增', onClose);
  return (
    <FormModal<Values>
      title={plan ? `编辑培训计划：${plan.name}` : '新增培训计划'}
      open={open}
      pending={save.isPending}
      initialValues={plan ? { ...plan, groups: plan.groups as TargetGroupCode[] } : EMPTY}
      onClose={onClose}
      onSubmit={(v, form) =>
        save.mutate(
          {
            ...(plan ? { id: plan.id } : {}),
            code: plan?.code ?? v.code,
            name: v.name,
            leadUnit: v.leadUnit,
            target: v.target ?? null,
            kind: v.kind,
            paysOn: v.paysOn,
            active: v.active,
            groups: v.groups,
          },
          handlers(form),
        )
      }
    >
      <Form.Item
        label="计划代码"
        name="code"
        extra="小写字母或下划线，保存后不宜更改"
        rules={[
          { required: true, message: '请输入计划代码' },
          { pattern: /^[a-z][a-z_]{1,39}$/, message: '计划代码为 2–40 位小写字母或下划线' },
        ]}
      >
        <Input autoFocus={!plan} disabled={!!plan} autoComplete="off" />
      </Form.Item>
      <Form.Item label="计划名称" name="name" rules={[{ required: true, whitespace: true, message: '请输入计划名称' }]}>
        <Input autoFocus={!!plan} maxLength={50} autoComplete="off" />
      </Form.Item>
      <Form.Item
        label="牵头单位"
        name="leadUnit"
        rules={[{ required: true, whitespace: true, message: '请输入牵头单位' }]}
      >
        <Input maxLength={50} autoComplete="off" />
      </Form.Item>
      <Form.Item label="2025 目标（人次）" name="target" extra="不设目标可留空">
        <InputNumber min={0} precision={0} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item label="类型" name="kind" rules={[{ required: true }]}>
        <Select options={labelOptions(PLAN_KIND_LABELS)} />
      </Form.Item>
      <Form.Item label="结算节点" name="paysOn" rules={[{ required: true }]}>
        <Select options={labelOptions(PAYS_ON_LABELS)} />
      </Form.Item>
      <Form.Item label="适用人群" name="groups" extra="不选表示面向全部劳动者">
        <Select
          mode="multiple"
          allowClear
          showSearch={searchByLabel}
          options={toOptions(TARGET_GROUPS)}
          placeholder="不限"
        />
      </Form.Item>
      <Form.Item label="发券中" name="active" valuePropName="checked">
        <Switch checkedChildren="发券中" unCheckedChildren="已停止" />
      </Form.Item>
    </FormModal>
  );
}
