import { Tag } from 'antd';
import { VOUCHER_STATUS_LABELS, type VoucherStatus } from '../../../../shared/contract/schemas/voucher';

const STATUS_COLORS: Record<VoucherStatus, string> = {
  issued: 'blue',
  redeemed: 'cyan',
  completed: 'geekblue',
  certified: 'purple',
  settled: 'green',
  expired: 'orange',
  revoked: 'red',
};

export const STATUS_OPTIONS = (Object.keys(VOUCHER_STATUS_LABELS) as VoucherStatus[]).map((s) => ({
  value: s,
  label: VOUCHER_STATUS_LABELS[s],
}));

export function StatusTag({ status }: { status: VoucherStatus }) {
  return <Tag color={STATUS_COLORS[status]}>{VOUCHER_STATUS_LABELS[status]}</Tag>;
}
