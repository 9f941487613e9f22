import { RollbackOutlined } from '@ant-design/icons';
import { Button, Card, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { SettlementDetail, SettlementItem } from '../../../../shared/contract/schemas/settlement';
import { fenToYuan } from '../../../../shared/domain/money';
import { keepOnOneLine, moneyColumns, voucherColumns, YUAN_NOTE } from './columns';
import { RecoverModal } from './RecoverModal';
import { TrainingRecordModal } from './TrainingRecordModal';

/** 拨付明细: one row per voucher; once paid, reviewers may record money taken back (追回). */
export function SettlementItemsTable({ s, canRecover }: { s: SettlementDetail; canRecover: boolean }) {
  const [recovering, setRecovering] = useState<SettlementItem | null>(null);
  const [viewing, setViewing] = useState<string | null>(null);
  const recoverable = canRecover && s.status === 'paid';
  const columns: ColumnsType<SettlementItem> = [
    ...voucherColumns<SettlementItem>(),
    {
      title: '资金来源',
      dataIndex: 'fundSourceName',
      ...keepOnOneLine,
    },
    ...moneyColumns<SettlementItem>(),
    // What the payment rests on, one click away: the attendance (with 补签/更正) and the certificate.
    {
      title: '出勤与证书',
      key: 'record',
      ...keepOnOneLine,
      render: (_, item) => (
        <Button size="small" type="link" onClick={() => setViewing(item.serial)}>
          {item.certificateNumber ?? '无证书'}
          {item.adjustments > 0 && <Typography.Text type="warning">（补签/更正 {item.adjustments}）</Typography.Text>}
        </Button>
      ),
    },
    {
      title: '已追回',
      dataIndex: 'recoveredFen',
      align: 'right',
      ...keepOnOneLine,
      render: (fen: number) => (fen > 0 ? <Typography.Text type="danger">{fenToYuan(fen)}</Typography.Text> : '—'),
    },
  ];
  if (recoverable)
    columns.push({
      title: '操作',
      key: 'actions',
      ...keepOnOneLine,
      render: (_, item) => (
        <Button
          size="small"
          type="link"
          danger
          icon={<RollbackOutlined />}
          disabled={item.recoveredFen >= item.amountFen}
          onClick={() => setRecovering(item)}
        >
          追回
        </Button>
      ),
    });

  return (
    <Card title={`拨付明细（${s.items.length} 张）`} extra={YUAN_NOTE} style={{ marginTop: 16 }}>
      <Table<SettlementItem>
        rowKey="voucherId"
        size="small"
        columns={columns}
        dataSource={s.items}
        scroll={{ x: true }}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 张` }}
      />
      <RecoverModal item={recovering} onClose={() => setRecovering(null)} />
      <TrainingRecordModal serial={viewing} onClose={() => setViewing(null)} />
    </Card>
  );
}
