import { Badge, Space } from 'antd';
import { useSettlementCounts } from './api';

/** 资金结算 in the menu, with how many batches wait for this user (to review, to resubmit or to pay). */
export function SettlementMenuLabel({ label }: { label: string }) {
  const counts = useSettlementCounts();
  const waiting = counts.data?.waiting ?? 0;
  return (
    <Space size={6}>
      {label}
      {waiting > 0 && <Badge count={waiting} size="small" title={`${waiting} 个批次等待您处理`} />}
    </Space>
  );
}
