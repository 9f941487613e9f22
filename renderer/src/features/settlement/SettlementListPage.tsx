import { AccountBookOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Select, Space, Table, Tabs } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router-dom';
import {
  SETTLEMENT_STATUS_LABELS,
  SETTLEMENT_STATUSES,
  type SettlementCounts,
  type SettlementStatus,
  type SettlementSummary,
} from '../../../../shared/contract/schemas/settlement';
import { fenToYuan } from '../../../../shared/domain/money';
import { errorText } from '../../app/feedback';
import { useCurrentUser } from '../../app/session/sessionContext';
import { pageParams, useQueryParams } from '../../app/useQueryParams';
import { useRowKeyboard } from '../../app/useRowKeyboard';
import { useInstitutions } from '../catalog/api';
import { searchByLabel } from '../catalog/labels';
import { canPrepare } from './access';
import { keepOnOneLine } from './columns';
import { useSettlementCounts, useSettlementList } from './api';
import { SettlementStatusTag } from './labels';

const dash = (v: string | null) => v ?? '—';
const minute = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

const columns: ColumnsType<SettlementSummary> = [
  { title: '批次号', dataIndex: 'number', ...keepOnOneLine },
  {
    title: '培训机构',
    dataIndex: 'institutionName',
    onHeaderCell: () => ({ style: { minWidth: 160 } }),
    onCell: () => ({ style: { minWidth: 160 } }),
  },
  { title: '券数', dataIndex: 'voucherCount', align: 'right', ...keepOnOneLine },
  { title: '金额（元）', dataIndex: 'totalFen', align: 'right', render: fenToYuan, ...keepOnOneLine },
  { title: '状态', dataIndex: 'status', render: (st: SettlementStatus) => <SettlementStatusTag status={st} /> },
  { title: '制单人', dataIndex: 'preparedBy', ...keepOnOneLine },
  { title: '制单时间', dataIndex: 'preparedAt', render: minute, ...keepOnOneLine },
  { title: '复核人', dataIndex: 'reviewedBy', render: dash, ...keepOnOneLine },
  { title: '拨付日期', dataIndex: 'paidOn', render: dash, ...keepOnOneLine },
  { title: '拨付凭证号', dataIndex: 'paymentRef', render: dash, ...keepOnOneLine },
];

/** Each status tab with how many batches it holds, so nobody opens a tab to find it empty. */
function tabs(counts: SettlementCounts | undefined) {
  const n = (k: SettlementStatus) => (counts ? `（${counts.byStatus[k]}）` : '');
  const all = counts ? `（${Object.values(counts.byStatus).reduce((a, b) => a + b, 0)}）` : '';
  return [
    ...SETTLEMENT_STATUSES.map((s) => ({ key: s, label: `${SETTLEMENT_STATUS_LABELS[s]}${n(s)}` })),
    { key: 'all', label: `全部${all}` },
  ];
}

const asStatus = (s: string | null) =>
  (SETTLEMENT_STATUSES as readonly string[]).includes(s ?? '') ? (s as SettlementStatus) : undefined;

/** 资金结算: the batches that pay institutions for the vouchers they trained, by status. */
export function SettlementListPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [params, patch] = useQueryParams();
  const status = asStatus(params.get('status'));
  const institutionId = Number(params.get('institution')) || undefined;
  const { page, pageSize } = pageParams(params);
  const list = useSettlementList({ status, institutionId, page, pageSize });
  const institutions = useInstitutions();
  const counts = useSettlementCounts();
  const open = (s: SettlementSummary) => navigate(`/settlement/${s.id}`);
  const { tableRef, onRowKey } = useRowKeyboard(open);

  return (
    <Card
      title="资金结算（免垫付直补）"
      extra={
        <Space>
          <Button icon={<AccountBookOutlined />} onClick={() => navigate('/settlement/ledger')}>
            资金台账
          </Button>
          {canPrepare(user.role) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/settlement/new')}>
              新建结算批次
            </Button>
          )}
        </Space>
      }
    >
      <Tabs
        activeKey={status ?? 'all'}
        items={tabs(counts.data)}
        onChange={(key) => patch({ status: key === 'all' ? undefined : key, page: undefined })}
        tabBarExtraContent={
          <Select
            allowClear
            showSearch={searchByLabel}
            aria-label="培训机构筛选"
            placeholder="全部培训机构"
            style={{ width: 260 }}
            loading={institutions.isLoading}
            value={institutionId}
            options={institutions.data?.map((i) => ({ value: i.id, label: i.name }))}
            onChange={(v: number | undefined) => patch({ institution: v ? String(v) : undefined, page: undefined })}
          />
        }
      />
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 16 }} />}
      <div ref={tableRef}>
        <Table<SettlementSummary>
          rowKey="id"
          size="middle"
          columns={columns}
          scroll={{ x: true }}
          dataSource={list.data?.items}
          loading={list.isFetching}
          locale={{ emptyText: status || institutionId ? '未找到符合条件的结算批次' : '暂无结算批次' }}
          rowClassName={() => 'clickable-row'}
          onRow={(record) => ({ tabIndex: 0, onClick: () => open(record), onKeyDown: (e) => onRowKey(e, record) })}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => `共 ${total} 个批次`,
            onChange: (p, size) =>
              patch({ page: p > 1 ? String(p) : undefined, size: size !== 20 ? String(size) : undefined }),
          }}
        />
      </div>
    </Card>
  );
}
