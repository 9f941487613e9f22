import { Alert, Card, Col, Row, Statistic, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { BatchPreview } from '../../../../shared/contract/schemas/voucher';
import { fenToYuan } from '../../../../shared/domain/money';
import { formatAmount } from '../../app/format';

type Eligible = BatchPreview['eligible'][number];
type Refused = BatchPreview['refused'][number];

const eligibleColumns: ColumnsType<Eligible> = [
  { title: '姓名', dataIndex: 'name', width: 100 },
  { title: '身份证号', dataIndex: 'idNumberMasked', width: 190 },
  { title: '金额（元）', dataIndex: 'amountFen', align: 'right', render: (f: number) => fenToYuan(f) },
];

const refusedColumns: ColumnsType<Refused> = [
  { title: '姓名', dataIndex: 'name', width: 100 },
  { title: '身份证号', dataIndex: 'idNumberMasked', width: 190 },
  {
    title: '不符合原因',
    dataIndex: 'refusals',
    render: (list: Refused['refusals']) => list.map((r, i) => <div key={i}>{r.message}</div>),
  },
];

const listedNote = (shown: number, count: number) => (shown < count ? `（仅列出前 ${shown} 人）` : '');

export function BatchPreviewView({ preview }: { preview: BatchPreview }) {
  return (
    <>
      <Alert
        type={preview.eligibleCount > 0 ? 'info' : 'warning'}
        showIcon
        role="status"
        style={{ marginBottom: 16 }}
        title={`共 ${preview.total} 人，符合 ${preview.eligibleCount} 人，不符合 ${preview.refusedCount} 人，合计金额 ${formatAmount(preview.amountFen)}`}
      />
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={6}>
          <Statistic title="所选人数" value={preview.total} suffix="人" />
        </Col>
        <Col span={6}>
          <Statistic
            title="符合条件"
            value={preview.eligibleCount}
            suffix="人"
            styles={{ content: { color: '#389e0d' } }}
          />
        </Col>
        <Col span={6}>
          <Statistic
            title="不符合条件"
            value={preview.refusedCount}
            suffix="人"
            styles={{ content: { color: '#cf1322' } }}
          />
        </Col>
        <Col span={6}>
          <Statistic title="合计金额（元）" value={fenToYuan(preview.amountFen)} />
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} xl={10}>
          <Card
            size="small"
            title={`符合条件 ${preview.eligibleCount} 人${listedNote(preview.eligible.length, preview.eligibleCount)}`}
          >
            <Table<Eligible>
              rowKey="workerId"
              size="small"
              columns={eligibleColumns}
              dataSource={preview.eligible}
              pagination={{ pageSize: 10, showSizeChanger: false }}
              locale={{ emptyText: '无' }}
            />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card
            size="small"
            title={`不符合条件 ${preview.refusedCount} 人${listedNote(preview.refused.length, preview.refusedCount)}`}
          >
            <Table<Refused>
              rowKey="workerId"
              size="small"
              columns={refusedColumns}
              dataSource={preview.refused}
              pagination={{ pageSize: 10, showSizeChanger: false }}
              locale={{ emptyText: '无' }}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
