import { Alert, Card, Table } from 'antd';
import { useNavigate } from 'react-router-dom';
import type { VoucherListItem } from '../../../../shared/contract/schemas/voucher';
import { errorText } from '../../app/feedback';
import { useRowKeyboard } from '../../app/useRowKeyboard';
import { useVoucherList } from './api';
import { voucherColumns as c } from './columns';

const columns = [c.serial, c.plan, c.occupation, c.level, c.amount, c.validity, c.status];

/** The vouchers a worker holds or held, newest first, on the worker's record. */
export function WorkerVouchers({ workerId }: { workerId: number }) {
  const navigate = useNavigate();
  const list = useVoucherList({ q: '', workerId, page: 1, pageSize: 100 });
  const open = (v: VoucherListItem) => navigate(`/vouchers/${v.id}`);
  const { tableRef, onRowKey } = useRowKeyboard(open);
  return (
    <Card title="培训券" style={{ marginTop: 16 }}>
      {list.isError ? (
        <Alert type="error" showIcon title={errorText(list.error)} />
      ) : (
        <div ref={tableRef}>
          <Table<VoucherListItem>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={list.data?.items}
            loading={list.isPending}
            pagination={false}
            locale={{ emptyText: '尚未领取培训券' }}
            rowClassName={() => 'clickable-row'}
            onRow={(record) => ({ tabIndex: 0, onClick: () => open(record), onKeyDown: (e) => onRowKey(e, record) })}
          />
        </div>
      )}
    </Card>
  );
}
