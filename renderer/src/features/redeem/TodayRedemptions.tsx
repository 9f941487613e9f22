import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { TodayRedemption } from '../../../../shared/contract/schemas/redemption';
import { errorText } from '../../app/feedback';
import { formatTime, formatYuan } from '../../app/format';
import { PdfReady } from '../../app/PdfReady';
import { levelLabel } from '../catalog/labels';
import { useReceipt, useTodayRedemptions } from './todayApi';

function columns(print: (serial: string) => void, printing: string | null): ColumnsType<TodayRedemption> {
  return [
    { title: '时间', dataIndex: 'redeemedAt', width: 90, render: (t: string) => formatTime(t).slice(11, 16) },
    { title: '券号', dataIndex: 'serial', width: 200 },
    { title: '学员', key: 'holder', render: (_, r) => `${r.holderName}（尾号 ${r.idLast4}）` },
    {
      title: '职业（等级）',
      key: 'occupation',
      render: (_, r) => `${r.occupationName ?? r.occupationCode}（${levelLabel(r.level)}）`,
    },
    { title: '面额', dataIndex: 'amountFen', width: 110, render: formatYuan },
    {
      title: '',
      key: 'receipt',
      width: 120,
      render: (_, r) => (
        <Button size="small" icon={<PrinterOutlined />} loading={printing === r.serial} onClick={() => print(r.serial)}>
          打印回执
        </Button>
      ),
    },
  ];
}

/** 今日核销: what this institution accepted today, each with a receipt the trainee can take home. */
export function TodayRedemptions({
  institutionCode,
  enabled,
}: {
  institutionCode: string | undefined;
  enabled: boolean;
}) {
  const today = useTodayRedemptions(institutionCode, enabled);
  const receipt = useReceipt(institutionCode);
  if (!enabled) return null;
  return (
    <Card
      size="small"
      title={`今日核销${today.data ? `（${today.data.date}，${today.data.items.length} 张）` : ''}`}
      style={{ marginTop: 16 }}
    >
      {today.isError && <Alert type="error" showIcon title={errorText(today.error)} />}
      {receipt.data && (
        <div style={{ marginBottom: 12 }}>
          <PdfReady size="small" file={receipt.data} label={`核销回执已生成：${receipt.data.name}`} />
        </div>
      )}
      <Table<TodayRedemption>
        rowKey="serial"
        size="small"
        columns={columns(receipt.mutate, receipt.isPending ? (receipt.variables ?? null) : null)}
        dataSource={today.data?.items}
        loading={today.isFetching}
        locale={{ emptyText: '今天还没有核销' }}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
      />
    </Card>
  );
}
