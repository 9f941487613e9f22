import type { ColumnsType } from 'antd/es/table';
import type { VoucherListItem } from '../../../../shared/contract/schemas/voucher';
import { fenToYuan } from '../../../../shared/domain/money';
import { levelLabel } from '../catalog/labels';
import { StatusTag } from './labels';

type Col = ColumnsType<VoucherListItem>[number];

export const voucherColumns = {
  serial: {
    title: '券号',
    dataIndex: 'serial',
    width: 180,
    render: (serial: string) => <span style={{ whiteSpace: 'nowrap' }}>{serial}</span>,
  },
  holder: { title: '持券人', dataIndex: 'workerName', width: 90 },
  idNumber: { title: '身份证号', dataIndex: 'idNumberMasked', width: 170 },
  plan: { title: '培训计划', dataIndex: 'planName' },
  occupation: { title: '职业（工种）', dataIndex: 'occupationName' },
  level: { title: '等级', dataIndex: 'level', width: 120, render: levelLabel },
  amount: {
    title: '金额（元）',
    dataIndex: 'amountFen',
    width: 100,
    align: 'right',
    render: (fen: number) => fenToYuan(fen),
  },
  validity: { title: '有效期', dataIndex: 'expiryDate', width: 120, render: (d: string) => `至 ${d}` },
  status: {
    title: '状态',
    dataIndex: 'status',
    width: 120,
    render: (s: VoucherListItem['status']) => <StatusTag status={s} />,
  },
} satisfies Record<string, Col>;
