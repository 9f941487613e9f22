import { Statistic, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ClaimImportResult, ClaimRecordResult } from '../../../../shared/contract/schemas/exchange';

const KIND_LABELS: Record<string, string> = {
  redemption: '核销',
  class: '开班',
  member: '编班',
  attendance: '考勤',
  completion: '结业',
  certificate: '证书',
};

const OUTCOMES: Record<ClaimRecordResult['outcome'], { label: string; color: string }> = {
  applied: { label: '接受', color: 'success' },
  conflict: { label: '冲突', color: 'error' },
  duplicate: { label: '重复', color: 'default' },
};

const columns: ColumnsType<ClaimRecordResult> = [
  { title: '类型', dataIndex: 'kind', width: 80, render: (k: string) => KIND_LABELS[k] ?? k },
  { title: '券号', dataIndex: 'serial', width: 200, render: (s: string | null) => s ?? '—' },
  {
    title: '结果',
    dataIndex: 'outcome',
    width: 80,
    filters: Object.entries(OUTCOMES).map(([value, o]) => ({ value, text: o.label })),
    onFilter: (value, r) => r.outcome === value,
    render: (o: ClaimRecordResult['outcome']) => <Tag color={OUTCOMES[o].color}>{OUTCOMES[o].label}</Tag>,
  },
  { title: '原因', dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
];

/** What an imported claims package did, record by record; conflicts first. */
export function ClaimImportView({ result }: { result: ClaimImportResult }) {
  const order = { conflict: 0, applied: 1, duplicate: 2 } as const;
  const records = [...result.records].sort((a, b) => order[a.outcome] - order[b.outcome]);
  return (
    <>
      <Space size="large" wrap style={{ marginBottom: 16 }}>
        <Statistic title="申报机构" value={result.institutionCode} />
        <Statistic title="接受" value={result.applied} styles={{ content: { color: '#389e0d' } }} />
        <Statistic
          title="冲突"
          value={result.conflicts}
          styles={{ content: { color: result.conflicts ? '#cf1322' : undefined } }}
        />
        <Statistic title="重复（已导入过）" value={result.duplicates} />
      </Space>
      <Table<ClaimRecordResult>
        rowKey="uid"
        size="small"
        columns={columns}
        dataSource={records}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
      />
    </>
  );
}
