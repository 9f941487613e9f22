import { PlusOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { Plan } from '../../../../shared/contract/schemas/catalog';
import { errorText } from '../../app/feedback';
import { usePlans } from '../catalog/api';
import { PAYS_ON_LABELS, PLAN_KIND_LABELS } from '../catalog/labels';
import { targetGroupLabels } from '../workers/labels';
import { targetYearNote } from '../catalog/targetYear';
import { CatalogSearch, useCatalogFilter } from './CatalogSearch';
import { PlanFormModal } from './PlanFormModal';

export function PlansTab() {
  const plans = usePlans();
  const [editing, setEditing] = useState<{ plan: Plan | null } | null>(null);
  const search = useCatalogFilter(plans.data, (p) => [p.name, p.leadUnit, ...targetGroupLabels(p.groups)]);
  const yearNote = targetYearNote();

  const columns: ColumnsType<Plan> = [
    { title: '计划名称', dataIndex: 'name' },
    { title: '牵头单位', dataIndex: 'leadUnit' },
    {
      title: '2025 目标（人次）',
      dataIndex: 'target',
      align: 'right',
      render: (t: number | null) => (t === null ? '—' : t.toLocaleString('zh-CN')),
    },
    { title: '类型', dataIndex: 'kind', render: (k: Plan['kind']) => PLAN_KIND_LABELS[k] },
    { title: '结算节点', dataIndex: 'paysOn', render: (p: Plan['paysOn']) => PAYS_ON_LABELS[p] },
    {
      title: '适用人群',
      dataIndex: 'groups',
      render: (g: string[]) => (g.length ? targetGroupLabels(g).map((l) => <Tag key={l}>{l}</Tag>) : '不限'),
    },
    {
      title: '状态',
      dataIndex: 'active',
      render: (a: boolean) => (a ? <Badge status="success" text="发券中" /> : <Badge status="default" text="已停止" />),
    },
    {
      title: '操作',
      key: 'actions',
      render: (_, p) => (
        <Button type="link" onClick={() => setEditing({ plan: p })}>
          编辑
        </Button>
      ),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ plan: null })}>
          新增培训计划
        </Button>
        <CatalogSearch
          label="查找培训计划"
          placeholder="名称、牵头单位或适用人群（可输入拼音）"
          value={search.text}
          onChange={search.setText}
        />
        {yearNote && <Typography.Text type="warning">{yearNote}</Typography.Text>}
      </Space>
      {plans.isError && <Alert type="error" showIcon title={errorText(plans.error)} style={{ marginBottom: 16 }} />}
      <Table<Plan>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={search.shown}
        loading={plans.isFetching}
        pagination={false}
      />
      <PlanFormModal
        key={editing?.plan?.id ?? 'new'}
        open={editing !== null}
        plan={editing?.plan ?? null}
        onClose={() => setEditing(null)}
      />
    </>
  );
}
