import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { BreakdownRow } from '../../../../shared/contract/schemas/stats';
import { formatPercent, formatYuanBare } from '../../app/format';

type CountKey = 'issued' | 'redeemed' | 'expired' | 'revoked' | 'settled';
const COUNTS: { key: CountKey; title: string }[] = [
  { key: 'issued', title: '发券数' },
  { key: 'redeemed', title: '核销数' },
  { key: 'expired', title: '过期数' },
  { key: 'revoked', title: '作废数' },
  { key: 'settled', title: '结算数' },
];

const columns: ColumnsType<BreakdownRow> = [
  { title: '名称', dataIndex: 'label', ellipsis: true },
  ...COUNTS.map((c) => ({ title: c.title, dataIndex: c.key, width: 80, align: 'right' as const })),
  {
    title: '核销率 %',
    dataIndex: 'redemptionRate',
    width: 90,
    align: 'right',
    render: (p: number | null) => formatPercent(p),
  },
  {
    title: '平均核销天数',
    dataIndex: 'avgDaysToRedeem',
    width: 110,
    align: 'right',
    render: (d: number | null) => (d == null ? '—' : d.toFixed(1)),
  },
  {
    title: '承诺金额（元）',
    dataIndex: 'committedFen',
    width: 130,
    align: 'right',
    render: (fen: number) => formatYuanBare(fen),
  },
  {
    title: '已拨付（元）',
    dataIndex: 'paidFen',
    width: 120,
    align: 'right',
    render: (fen: number) => formatYuanBare(fen),
  },
];

const sum = (rows: BreakdownRow[], pick: (r: BreakdownRow) => number) => rows.reduce((n, r) => n + pick(r), 0);

function Totals({ rows }: { rows: BreakdownRow[] }) {
  const issued = sum(rows, (r) => r.issued);
  const redeemed = sum(rows, (r) => r.redeemed);
  const cells = [
    ...COUNTS.map((c) => String(sum(rows, (r) => r[c.key]))),
    formatPercent(issued ? Math.round((redeemed / issued) * 1000) / 10 : null),
    '—',
    formatYuanBare(sum(rows, (r) => r.committedFen)),
    formatYuanBare(sum(rows, (r) => r.paidFen)),
  ];
  return (
    <Table.Summary.Row>
      <Table.Summary.Cell index={0}>
        <Typography.Text strong>合计</Typography.Text>
      </Table.Summary.Cell>
      {cells.map((text, i) => (
        <Table.Summary.Cell key={i} index={i + 1} align="right">
          <Typography.Text strong>{text}</Typography.Text>
        </Table.Summary.Cell>
      ))}
    </Table.Summary.Row>
  );
}

interface Props {
  rows: BreakdownRow[];
  loading: boolean;
  /** A worker may belong to several 重点群体, so their rows do not add up to a total. */
  totals: boolean;
}

export function BreakdownTable({ rows, loading, totals }: Props) {
  return (
    <Table<BreakdownRow>
      rowKey="key"
      size="small"
      columns={columns}
      dataSource={rows}
      loading={loading}
      scroll={{ x: 1000 }}
      pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      locale={{ emptyText: '所选月份内没有发放培训券' }}
      summary={totals && rows.length > 1 ? () => <Totals rows={rows} /> : undefined}
    />
  );
}
