import { Tag } from 'antd';
import {
  SETTLEMENT_STATUS_LABELS,
  type SettlementEvent,
  type SettlementRule,
  type SettlementStatus,
} from '../../../../shared/contract/schemas/settlement';

const STATUS_COLORS: Record<SettlementStatus, string> = {
  submitted: 'blue',
  returned: 'orange',
  approved: 'geekblue',
  paid: 'green',
  cancelled: 'default',
};

export function SettlementStatusTag({ status }: { status: SettlementStatus }) {
  return <Tag color={STATUS_COLORS[status]}>{SETTLEMENT_STATUS_LABELS[status]}</Tag>;
}

export const RULE_LABELS: Record<SettlementRule, string> = { full: '全额', partial: '按比例' };

export const ACTION_LABELS: Record<SettlementEvent['action'], string> = {
  submit: '提交',
  return: '退回',
  resubmit: '重新提交',
  approve: '复核通过',
  pay: '登记拨付',
  cancel: '撤销',
  recover: '追回',
};

export const ACTION_COLORS: Record<SettlementEvent['action'], string> = {
  submit: 'blue',
  return: 'orange',
  resubmit: 'blue',
  approve: 'green',
  pay: 'green',
  cancel: 'gray',
  recover: 'red',
};

export const percent = (pct: number | null) => (pct === null ? '—' : `${pct}%`);
