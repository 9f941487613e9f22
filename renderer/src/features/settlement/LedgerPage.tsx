import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useNavigate } from 'react-router-dom';
import type { LedgerRow } from '../../../../shared/contract/schemas/settlement';
import { fenToYuan } from '../../../../shared/domain/money';
import { errorText } from '../../app/feedback';
import { useLedger } from './api';

type MoneyKey = Exclude<keyof LedgerRow, 'fundSource' | 'fundSourceName'>;

const STAGES: { key: MoneyKey; title: string }[] = [
  { key: 'committedFen', title: '已承诺（已发未用）' },
  { key: 'redeemedFen', title: '培训中' },
  { key: 'payableFen', title: '待拨付' },
  { key: 'paidFen', title: '已拨付' },
  { key: 'recoveredFen', title: '已追回' },
  { key: 'releasedFen', title: '已释放（过期/作废）' },
];

const columns: ColumnsType<LedgerRow> = [
  { title: '资金来源', dataIndex: 'fundSourceName' },
  ...STAGES.map(({ key, title }) => ({
    title: `${title}（元）`,
    dataIndex: key,
    align: 'right' as const,
    render: (fen: number) => fenToYuan(fen),
  })),
];

/** 资金台账: each fund source's money by stage, from issued vouchers to paid and recovered. */
export function LedgerPage() {
  const navigate = useNavigate();
  const ledger = useLedger();
  const rows = ledger.data ?? [];
  return (
    <Card
      title="资金台账"
      extra={
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/settlement')}>
          返回资金结算
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        每张培训券按所处阶段计入前五栏之一（券面金额；已拨付为实际拨付金额）；已追回为拨付后收回的金额。
      </Typography.Paragraph>
      {ledger.isError && <Alert type="error" showIcon title={errorText(ledger.error)} style={{ marginBottom: 16 }} />}
      <Table<LedgerRow>
        rowKey="fundSource"
        size="middle"
        bordered
        columns={columns}
        dataSource={rows}
        loading={ledger.isFetching}
        pagination={false}
        locale={{ emptyText: '暂无资金记录' }}
        summary={(data) =>
          data.length > 0 && (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <Typography.Text strong>合计</Typography.Text>
              </Table.Summary.Cell>
              {STAGES.map(({ key }, i) => (
                <Table.Summary.Cell key={key} index={i + 1} align="right">
                  <Typography.Text strong>{fenToYuan(data.reduce((sum, r) => sum + r[key], 0))}</Typography.Text>
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          )
        }
      />
    </Card>
  );
}
