import { ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Select, Space, Table, Tag, type InputRef } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import type { WorkerListItem } from '../../../../shared/contract/schemas/worker';
import { errorText } from '../../app/feedback';
import { useCurrentUser } from '../../app/session/sessionContext';
import { SearchBox } from '../../app/SearchBox';
import { useDebouncedValue } from '../../app/useDebouncedValue';
import { useHotkey } from '../../app/useHotkey';
import { pageParams, useQueryParams } from '../../app/useQueryParams';
import { useRowKeyboard } from '../../app/useRowKeyboard';
import { searchByLabel } from '../catalog/labels';
import { ExportButton } from '../excel/ExportButton';
import { useExport } from '../excel/api';
import { canEditWorkers } from './access';
import { useOwnTownships, useWorkerSearch } from './api';
import { genderLabel, targetGroupLabels } from './labels';
import { PendingTag } from './PendingAlert';

const columns: ColumnsType<WorkerListItem> = [
  {
    title: '姓名',
    dataIndex: 'name',
    width: 150,
    render: (name: string, w) => (
      <Space size={4}>
        {name}
        <PendingTag fields={w.pendingFields} />
      </Space>
    ),
  },
  { title: '身份证号', dataIndex: 'idNumberMasked', width: 190 },
  { title: '性别', dataIndex: 'gender', width: 64, render: (g: string) => genderLabel(g) },
  { title: '出生年份', dataIndex: 'birthYear', width: 90 },
  { title: '手机', dataIndex: 'phoneMasked', width: 130 },
  { title: '乡镇', dataIndex: 'townshipName', width: 150 },
  {
    title: '重点群体',
    dataIndex: 'targetGroups',
    render: (codes: string[]) => targetGroupLabels(codes).map((l) => <Tag key={l}>{l}</Tag>),
  },
];

export function WorkerListPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [params, setQuery] = useQueryParams();
  const q = params.get('q') ?? '';
  const townshipCode = params.get('township') ?? undefined;
  const pending = params.get('pending') === '1';
  const { page, pageSize } = pageParams(params);

  const [text, setText] = useState(q);
  const debounced = useDebouncedValue(text.trim(), 250);
  const searchRef = useRef<InputRef>(null);

  useEffect(() => {
    if (debounced !== q) setQuery({ q: debounced, page: undefined });
  }, [debounced, q, setQuery]);

  const search = useWorkerSearch({ q, page, pageSize, townshipCode, ...(pending && { pending }) });
  const townships = useOwnTownships();
  const canEdit = canEditWorkers(user.role);
  useHotkey({ code: 'KeyN', alt: true }, () => navigate('/workers/new'), canEdit);

  const exporter = useExport('export:workers');
  const townshipName = townships.data?.find((t) => t.code === townshipCode)?.name;
  const exportScope = `导出范围：${[townshipName ?? '全部乡镇', q && `搜索“${q}”`].filter(Boolean).join('，')}的劳动者。`;

  const open = (id: number) => navigate(`/workers/${id}`);
  const { tableRef, focusFirstRow, onRowKey } = useRowKeyboard((w: WorkerListItem) => open(w.id), searchRef);

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      focusFirstRow();
    } else if (e.key === 'Enter') {
      const settled = text.trim() === q && !search.isPlaceholderData && !search.isFetching;
      const only = search.data?.items.length === 1 ? search.data.items[0] : undefined;
      if (settled && only) open(only.id);
    }
  };

  return (
    <Card
      title="劳动者档案"
      extra={
        <Space>
          <ExportButton
            allowFullId={canEdit}
            loading={exporter.isPending}
            scope={exportScope}
            onExport={(fullId) => exporter.mutate({ townshipCode, q: q || undefined, fullId })}
          />
          {canEdit && (
            <Button icon={<ImportOutlined />} onClick={() => navigate('/workers/import')}>
              导入
            </Button>
          )}
          {canEdit && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate('/workers/new')}
              title="快捷键 Alt+N"
            >
              登记劳动者（Alt+N）
            </Button>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <SearchBox
          ref={searchRef}
          label="搜索劳动者"
          // Reviewers search by name or the last 4 digits only (the server refuses other digits).
          placeholder={canEdit ? '输入身份证号后4位、姓名或手机号' : '输入姓名，或身份证号、手机号后4位'}
          value={text}
          onChange={setText}
          onKeyDown={onSearchKey}
        />
        <Select
          allowClear
          aria-label="乡镇筛选"
          showSearch={searchByLabel}
          placeholder="全部乡镇"
          style={{ width: 200 }}
          loading={townships.isLoading}
          value={townshipCode}
          options={townships.data?.map((t) => ({ value: t.code, label: t.name }))}
          onChange={(v: string | undefined) => setQuery({ township: v, page: undefined })}
        />
        <Checkbox
          checked={pending}
          onChange={(e) => setQuery({ pending: e.target.checked ? '1' : undefined, page: undefined })}
        >
          只看待补充（花名册导入、信息不全）
        </Checkbox>
      </Space>
      {search.isError && <Alert type="error" showIcon title={errorText(search.error)} style={{ marginBottom: 16 }} />}
      <div ref={tableRef}>
        <Table<WorkerListItem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={search.data?.items}
          loading={search.isFetching}
          locale={{ emptyText: q || townshipCode || pending ? '未找到符合条件的劳动者' : '暂无劳动者档案' }}
          rowClassName={() => 'clickable-row'}
          onRow={(record) => ({
            tabIndex: 0,
            onClick: () => open(record.id),
            onKeyDown: (e) => onRowKey(e, record),
          })}
          pagination={{
            current: page,
            pageSize,
            total: search.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => `共 ${total} 人`,
            onChange: (p, size) =>
              setQuery({ page: p > 1 ? String(p) : undefined, size: size !== 20 ? String(size) : undefined }),
          }}
        />
      </div>
    </Card>
  );
}
