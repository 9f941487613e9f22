import { Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { SettlementItem } from '../../../../shared/contract/schemas/settlement';
import { fenToYuan } from '../../../../shared/domain/money';
import { levelLabel } from '../catalog/labels';
import { percent, RULE_LABELS } from './labels';

/** Tables of vouchers say once, above them, that money is in 元; the columns stay narrow. */
export const YUAN_NOTE = '金额单位：元';

/** What candidates and batch items both show about a voucher and its amount. */
export type VoucherMoneyRow = Pick<
  SettlementItem,
  | 'voucherId'
  | 'serial'
  | 'workerName'
  | 'idNumberMasked'
  | 'planName'
  | 'occupationName'
  | 'level'
  | 'faceFen'
  | 'attendancePct'
  | 'amountFen'
  | 'rule'
>;

const NOWRAP = { style: { whiteSpace: 'nowrap' as const } };
const nowrap = (text: string) => <span {...NOWRAP}>{text}</span>;

/** Figures and their headers stay on one line; names and plans wrap when the table is narrow. */
export const keepOnOneLine = { onHeaderCell: () => NOWRAP, onCell: () => NOWRAP };

/**
 * Text that wraps, but not to a character a line: at 1280 pixels the plan and occupation were one
 * character wide (the figures beside them keep their width); the table scrolls sideways instead.
 */
const atLeast = (em: number) => {
  const width = { style: { minWidth: `${em}em` } };
  return { onHeaderCell: () => width, onCell: () => width };
};

export function voucherColumns<T extends VoucherMoneyRow>(): ColumnsType<T> {
  return [
    { title: '券号', dataIndex: 'serial', render: nowrap },
    { title: '姓名', dataIndex: 'workerName', render: nowrap },
    { title: '身份证号', dataIndex: 'idNumberMasked', render: nowrap },
    { title: '计划', dataIndex: 'planName', ...atLeast(7) },
    { title: '职业（工种）', dataIndex: 'occupationName', ...atLeast(7.5) },
    { title: '等级', dataIndex: 'level', render: (code: string) => nowrap(levelLabel(code)) },
  ];
}

export function moneyColumns<T extends VoucherMoneyRow>(): ColumnsType<T> {
  return [
    { title: '券面金额', dataIndex: 'faceFen', align: 'right', render: fenToYuan, ...keepOnOneLine },
    { title: '出勤率', dataIndex: 'attendancePct', align: 'right', render: percent, ...keepOnOneLine },
    {
      title: '拨付金额',
      dataIndex: 'amountFen',
      align: 'right',
      ...keepOnOneLine,
      render: (fen: number, r) => (
        <Typography.Text strong={r.rule === 'partial'} type={r.rule === 'partial' ? 'warning' : undefined}>
          {fenToYuan(fen)}
        </Typography.Text>
      ),
    },
  ];
}

export const ruleText = (rule: VoucherMoneyRow['rule']) => RULE_LABELS[rule];
