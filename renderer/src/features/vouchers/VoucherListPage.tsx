import { PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Select, Space, Table, Tag, type InputRef } from 'antd';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  VOUCHER_STATUS_LABELS,
  VOUCHER_STATUSES,
  type VoucherListItem,
  type VoucherStatus,
} from '../../../../shared/contract/schemas/voucher';
import { checkSerial, normalizeFallbackCode } from '../../../../shared/domain/serial';
import { errorText } from '../../app/feedback';
import { useCurrentUser } from '../../app/session/sessionContext';
import { SearchBox } from '../../app/SearchBox';
import { useDebouncedValue } from '../../app/useDebouncedValue';
import { pageParams, useQueryParams } from '../../app/useQueryParams';
import { useRowKeyboard } from '../../app/useRowKeyboard';
import { usePlans } from '../catalog/api';
import { searchByLabel } from '../catalog/labels';
import { ExportButton } from '../excel/ExportButton';
import { useExport } from '../excel/api';
import { canIssueVouchers } from './access';
import { useVoucherList } from './api';
import { voucherColumns as c } from './columns';
import { STATUS_OPTIONS } from './labels';

const columns = [c.serial, c.holder, c.idNumber, c.plan, c.occupation, c.level, c.amount, c.validity, c.status];

/** Serials and fallback codes are found however they were typed (with or without dashes). */
function searchText(q: string): string {
  const serial = checkSerial(q);
  if (serial.ok) return serial.serial;
  const code = /[A-Za-z]/.test(q) ? normalizeFallbackCode(q) : null;
  return code ?? q;
}

const asStatus = (s: string | null) =>
  (VOUCHER_STATUSES as readonly string[]).includes(s ?? '') ? (s as VoucherStatus) : undefined;

export function VoucherListPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [params, patch] = useQueryParams();
  const q = params.get('q') ?? '';
  const status = asStatus(params.get('status'));
  const planId = Number(params.get('plan')) || undefined;
  const batchId = Number(params.get('batch')) || undefined;
  const { page, pageSize } = pageParams(params);

  const [text, setText] = useState(q);
  const debounced = useDebouncedValue(text.trim(), 250);
  const searchRef = useRef<InputRef>(null);

  useEffect(() => {
    if (debounced !== q) patch({ q: debounced, page: undefined });
  }, [debounced, q, patch]);

  const list = useVoucherList({ q: searchText(q), status, planId, batchId, page, pageSize });
  const plans = usePlans();
  const open = (v: VoucherListItem) => navigate(`/vouchers/${v.id}`);
  const { tableRef, focusFirstRow, onRowKey } = useRowKeyboard(open, searchRef);
  const canIssue = canIssueVouchers(user.role);
  const exporter = useExport('export:vouchers');
  const planName = plans.data?.find((p) => p.id === planId)?.name;
  const exportScope = [
    `导出范围：${[planName ?? '全部培训计划', status ? `状态“${VOUCHER_STATUS_LABELS[status]}”` : '全部状态'].join('，')}的培训券。`,
    q || batchId ? '搜索词和批次筛选不影响导出。' : '',
  ].join('');

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      focusFirstRow();
    } else if (e.key === 'Enter') {
      const settled = text.trim() === q && !list.isPlaceholderData && !list.isFetching;
      const only = list.data?.items.length === 1 ? list.data.items[0] : undefined;
      if (settled && only) open(only);
    }
  };

  return (
    <Card
      title="培训券"
      extra={
        <Space>
          <ExportButton
            allowFullId={canIssue}
            loading={exporter.isPending}
            scope={exportScope}
            onExport={(fullId) => exporter.mutate({ status, planId, fullId })}
          />
          {canIssue && (
            <Button icon={<PlusOutlined />} onClick={() => navigate('/vouchers/issue')}>
              发放培训券
            </Button>
          )}
          {canIssue && (
            <Button icon={<TeamOutlined />} onClick={() => navigate('/vouchers/batch')}>
              批量发券
            </Button>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <SearchBox
          ref={searchRef}
          label="搜索培训券"
          placeholder="券号、备用码、姓名或身份证后4位"
          value={text}
          onChange={setText}
          onKeyDown={onSearchKey}
        />
        <Select
          allowClear
          aria-label="状态筛选"
          placeholder="全部状态"
          style={{ width: 160 }}
          value={status}
          options={STATUS_OPTIONS}
          onChange={(v: string | undefined) => patch({ status: v, page: undefined })}
        />
        <Select
          allowClear
          showSearch={searchByLabel}
          aria-label="培训计划筛选"
          placeholder="全部培训计划"
          style={{ width: 240 }}
          loading={plans.isLoading}
          value={planId}
          options={plans.data?.map((p) => ({ value: p.id, label: p.name }))}
          onChange={(v: number | undefined) => patch({ plan: v ? String(v) : undefined, page: undefined })}
        />
        {batchId && (
          <Tag closable onClose={() => patch({ batch: undefined, page: undefined })}>
            批次 {batchId}
          </Tag>
        )}
      </Space>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 16 }} />}
      <div ref={tableRef}>
        <Table<VoucherListItem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          locale={{ emptyText: q || status || planId || batchId ? '未找到符合条件的培训券' : '暂无培训券' }}
          rowClassName={() => 'clickable-row'}
          onRow={(record) => ({ tabIndex: 0, onClick: () => open(record), onKeyDown: (e) => onRowKey(e, record) })}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => `共 ${total} 张`,
            onChange: (p, size) =>
              patch({ page: p > 1 ? String(p) : undefined, size: size !== 20 ? String(size) : undefined }),
          }}
        />
      </div>
    </Card>
  );
}
