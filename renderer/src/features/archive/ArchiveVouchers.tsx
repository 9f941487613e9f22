import { Table, Timeline } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import type { Archive } from '../../../../shared/contract/schemas/archive';
import { voucherColumns as c } from '../vouchers/columns';
import { EVENT_COLORS, EventText } from '../vouchers/VoucherTimeline';

type ArchiveVoucher = Archive['vouchers'][number];

const columns: ColumnsType<ArchiveVoucher> = [
  {
    ...c.serial,
    render: (serial: string, v) => (
      <Link to={`/vouchers/${v.id}`} style={{ whiteSpace: 'nowrap' }}>
        {serial}
      </Link>
    ),
  },
  c.plan,
  c.occupation,
  c.level,
  c.amount,
  c.validity,
  c.status,
] as ColumnsType<ArchiveVoucher>;

/** 培训券: every voucher the worker held, each with its state history opened below it. */
export function ArchiveVouchers({ archive }: { archive: Archive }) {
  return (
    <Table<ArchiveVoucher>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={archive.vouchers}
      pagination={false}
      locale={{ emptyText: '尚未领取培训券' }}
      expandable={{
        defaultExpandAllRows: true,
        rowExpandable: (v) => v.events.length > 0,
        expandedRowRender: (v) => (
          <Timeline
            style={{ marginTop: 8, marginBottom: -16 }}
            items={v.events.map((e, i) => ({
              key: i,
              color: EVENT_COLORS[e.toStatus] ?? 'blue',
              content: <EventText e={e} />,
            }))}
          />
        ),
      }}
    />
  );
}
