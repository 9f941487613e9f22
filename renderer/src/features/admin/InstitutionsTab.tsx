import { PlusOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Space, Table, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { Institution } from '../../../../shared/contract/schemas/catalog';
import { errorText } from '../../app/feedback';
import { useInstitutions, useOccupations } from '../catalog/api';
import { NATURE_LABELS, levelLabel } from '../catalog/labels';
import { useTownships } from '../workers/api';
import { groupApprovals } from './approvals';
import { CatalogSearch, useCatalogFilter } from './CatalogSearch';
import { InstitutionFormModal } from './InstitutionFormModal';

export function InstitutionsTab() {
  const institutions = useInstitutions();
  const occupations = useOccupations();
  const townships = useTownships();
  const [editing, setEditing] = useState<{ item: Institution | null } | null>(null);

  const occupationName = (code: string) => occupations.data?.find((o) => o.code === code)?.name ?? code;
  const townshipName = (code: string | null) =>
    code === null ? '—' : (townships.data?.find((t) => t.code === code)?.name ?? code);

  const search = useCatalogFilter(institutions.data, (i) => [
    i.code,
    i.name,
    i.contactPerson,
    townshipName(i.townshipCode),
    ...groupApprovals(i.approvals).map((a) => occupationName(a.occupationCode!)),
  ]);

  const columns: ColumnsType<Institution> = [
    { title: '机构代码', dataIndex: 'code', width: 120 },
    { title: '机构名称', dataIndex: 'name' },
    { title: '性质', dataIndex: 'nature', width: 70, render: (n: Institution['nature']) => NATURE_LABELS[n] },
    { title: '乡镇', dataIndex: 'townshipCode', render: townshipName },
    { title: '联系人', dataIndex: 'contactPerson', render: (v: string) => v || '—' },
    { title: '联系电话', dataIndex: 'contactPhone', render: (v: string) => v || '—' },
    {
      title: '获准培训',
      dataIndex: 'approvals',
      render: (list: Institution['approvals']) =>
        list.length === 0 ? (
          '—'
        ) : (
          <Tooltip
            title={groupApprovals(list).map((a) => (
              <div key={a.occupationCode}>
                {occupationName(a.occupationCode!)}：{a.levels!.map(levelLabel).join('、')}
              </div>
            ))}
          >
            <span style={{ borderBottom: '1px dashed' }}>{groupApprovals(list).length} 个职业</span>
          </Tooltip>
        ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (s: Institution['status']) =>
        s === 'active' ? <Badge status="success" text="正常" /> : <Badge status="warning" text="暂停" />,
    },
    {
      title: '操作',
      key: 'actions',
      width: 80,
      render: (_, i) => (
        <Button type="link" onClick={() => setEditing({ item: i })}>
          编辑
        </Button>
      ),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ item: null })}>
          新增培训机构
        </Button>
        <CatalogSearch
          label="查找培训机构"
          placeholder="代码、名称、联系人、乡镇或职业（可输入拼音）"
          value={search.text}
          onChange={search.setText}
        />
      </Space>
      {institutions.isError && (
        <Alert type="error" showIcon title={errorText(institutions.error)} style={{ marginBottom: 16 }} />
      )}
      <Table<Institution>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={search.shown}
        loading={institutions.isFetching}
        pagination={false}
      />
      <InstitutionFormModal
        key={editing?.item?.id ?? 'new'}
        open={editing !== null}
        item={editing?.item ?? null}
        onClose={() => setEditing(null)}
      />
    </>
  );
}
