import { Table, Tag, Typography } from 'antd';
import type { InstitutionKeyEntry } from '../../../../shared/contract/schemas/exchange';
import { formatTime } from '../../app/format';
import { useInstitutionKeys } from './api';

const columns = [
  {
    title: '培训机构',
    key: 'institution',
    render: (_: unknown, k: InstitutionKeyEntry) => `${k.institutionName}（${k.institutionCode}）`,
  },
  {
    title: '密钥编号',
    dataIndex: 'kid',
    width: 120,
    render: (kid: string) => <Typography.Text code>{kid}</Typography.Text>,
  },
  { title: '登记时间', dataIndex: 'boundAt', width: 170, render: (t: string) => formatTime(t) },
  {
    title: '状态',
    key: 'state',
    width: 220,
    render: (_: unknown, k: InstitutionKeyEntry) =>
      k.supersededAt ? <Tag>已停用（{formatTime(k.supersededAt).slice(0, 10)}）</Tag> : <Tag color="green">使用中</Tag>,
  },
];

/**
 * The keys bound so far: the number to read out when checking with an institution by telephone, and
 * which of its keys its packages must be signed with.
 */
export function InstitutionKeysTable() {
  const keys = useInstitutionKeys();
  return (
    <Table<InstitutionKeyEntry>
      size="small"
      aria-label="已登记的机构密钥"
      rowKey="kid"
      loading={keys.isLoading}
      dataSource={keys.data ?? []}
      columns={columns}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      locale={{ emptyText: '尚未登记任何机构密钥' }}
      style={{ marginTop: 12 }}
    />
  );
}
