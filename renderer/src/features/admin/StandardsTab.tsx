import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { SubsidyStandard } from '../../../../shared/contract/schemas/catalog';
import { fenToYuan } from '../../../../shared/domain/money';
import { errorText } from '../../app/feedback';
import { useOccupations, usePlans, useStandards } from '../catalog/api';
import { levelLabel, occupationLabel } from '../catalog/labels';
import { CatalogSearch, useCatalogFilter } from './CatalogSearch';
import { StandardFormModal } from './StandardFormModal';

export function StandardsTab() {
  const standards = useStandards();
  const plans = usePlans();
  const occupations = useOccupations();
  const [editing, setEditing] = useState<{ item: SubsidyStandard | null } | null>(null);

  const planName = (id: number | null) =>
    id === null ? '全部' : (plans.data?.find((p) => p.id === id)?.name ?? `计划 ${id}`);
  const occupationName = (code: string | null) => {
    if (code === null) return '全部';
    const o = occupations.data?.find((x) => x.code === code);
    return o ? occupationLabel(o) : code;
  };

  const search = useCatalogFilter(standards.data, (s) => [
    planName(s.planId),
    occupationName(s.occupationCode),
    levelLabel(s.level),
    fenToYuan(s.amountFen),
  ]);

  const columns: ColumnsType<SubsidyStandard> = [
    { title: '培训计划', dataIndex: 'planId', render: planName },
    { title: '职业（工种）', dataIndex: 'occupationCode', render: occupationName },
    { title: '技能等级', dataIndex: 'level', render: levelLabel },
    { title: '金额（元）', dataIndex: 'amountFen', align: 'right', render: (f: number) => fenToYuan(f) },
    { title: '生效日期', dataIndex: 'validFrom' },
    { title: '失效日期', dataIndex: 'validTo', render: (d: string | null) => d ?? '长期' },
    {
      title: '操作',
      key: 'actions',
      render: (_, s) => (
        <Button type="link" onClick={() => setEditing({ item: s })}>
          编辑
        </Button>
      ),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ item: null })}>
          新增补贴标准
        </Button>
        <CatalogSearch
          label="查找补贴标准"
          placeholder="计划、职业、等级或金额（可输入拼音）"
          value={search.text}
          onChange={search.setText}
        />
      </Space>
      {standards.isError && (
        <Alert type="error" showIcon title={errorText(standards.error)} style={{ marginBottom: 16 }} />
      )}
      <Table<SubsidyStandard>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={search.shown}
        loading={standards.isFetching}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
      />
      <StandardFormModal
        key={editing?.item?.id ?? 'new'}
        open={editing !== null}
        item={editing?.item ?? null}
        onClose={() => setEditing(null)}
      />
    </>
  );
}
