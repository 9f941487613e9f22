import { PlusOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Form, Input, Space, Switch, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { Occupation } from '../../../../shared/contract/schemas/catalog';
import { errorText } from '../../app/feedback';
import { useCatalogSave, useOccupations } from '../catalog/api';
import { FormModal, useSaveHandlers } from '../../app/FormModal';
import { CatalogSearch, useCatalogFilter } from './CatalogSearch';

function OccupationFormModal({ item, open, onClose }: { item: Occupation | null; open: boolean; onClose: () => void }) {
  const save = useCatalogSave('catalog:occupationSave');
  const handlers = useSaveHandlers(item ? '职业已保存' : '职业已新增', onClose);
  return (
    <FormModal<Occupation>
      title={item ? `编辑职业：${item.name}` : '新增职业（工种）'}
      open={open}
      pending={save.isPending}
      initialValues={item ?? { active: true, category: '' }}
      onClose={onClose}
      onSubmit={(v, form) =>
        save.mutate(
          { code: item?.code ?? v.code.trim(), name: v.name, category: v.category ?? '', active: v.active },
          handlers(form),
        )
      }
    >
      <Form.Item
        label="职业编码"
        name="code"
        extra="国家职业分类大典编码，如 4-10-01-05；专项职业能力用 S-001"
        rules={[
          { required: true, message: '请输入职业编码' },
          { pattern: /^(\d-\d{2}-\d{2}-\d{2}|S-\d{3})$/, message: '职业编码格式应为 4-10-01-05' },
        ]}
      >
        <Input autoFocus={!item} disabled={!!item} autoComplete="off" maxLength={10} />
      </Form.Item>
      <Form.Item label="职业名称" name="name" rules={[{ required: true, whitespace: true, message: '请输入职业名称' }]}>
        <Input autoFocus={!!item} maxLength={40} autoComplete="off" />
      </Form.Item>
      <Form.Item label="类别" name="category">
        <Input maxLength={20} autoComplete="off" placeholder="如 康养服务（选填）" />
      </Form.Item>
      <Form.Item label="启用" name="active" valuePropName="checked">
        <Switch checkedChildren="启用" unCheckedChildren="停用" />
      </Form.Item>
    </FormModal>
  );
}

export function OccupationsTab() {
  const occupations = useOccupations();
  const [editing, setEditing] = useState<{ item: Occupation | null } | null>(null);
  const search = useCatalogFilter(occupations.data, (o) => [o.code, o.name, o.category]);

  const columns: ColumnsType<Occupation> = [
    { title: '职业编码', dataIndex: 'code', width: 140 },
    { title: '职业名称', dataIndex: 'name' },
    { title: '类别', dataIndex: 'category', render: (c: string) => c || '—' },
    {
      title: '状态',
      dataIndex: 'active',
      render: (a: boolean) => (a ? <Badge status="success" text="启用" /> : <Badge status="default" text="停用" />),
    },
    {
      title: '操作',
      key: 'actions',
      render: (_, o) => (
        <Button type="link" onClick={() => setEditing({ item: o })}>
          编辑
        </Button>
      ),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ item: null })}>
          新增职业
        </Button>
        <CatalogSearch
          label="查找职业"
          placeholder="编码、名称或类别（可输入拼音）"
          value={search.text}
          onChange={search.setText}
        />
      </Space>
      {occupations.isError && (
        <Alert type="error" showIcon title={errorText(occupations.error)} style={{ marginBottom: 16 }} />
      )}
      <Table<Occupation>
        rowKey="code"
        size="middle"
        columns={columns}
        dataSource={search.shown}
        loading={occupations.isFetching}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
      />
      <OccupationFormModal
        key={editing?.item?.code ?? 'new'}
        open={editing !== null}
        item={editing?.item ?? null}
        onClose={() => setEditing(null)}
      />
    </>
  );
}
