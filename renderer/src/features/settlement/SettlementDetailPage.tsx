import { ArrowLeftOutlined, FileExcelOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Result, Space, Spin, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import type { SettlementDetail } from '../../../../shared/contract/schemas/settlement';
import { errorText } from '../../app/feedback';
import { formatTime, formatYuan } from '../../app/format';
import { useCurrentUser } from '../../app/session/sessionContext';
import { canReview } from './access';
import { useSettlement, useSettlementPdf, useSettlementXlsx } from './api';
import { SettlementStatusTag } from './labels';
import { PdfLinks } from './PdfLinks';
import { SettlementActions } from './SettlementActions';
import { SettlementItemsTable } from './SettlementItemsTable';
import { SettlementTimeline } from './SettlementTimeline';
import { AnomalyFlags } from '../stats/AnomalyFlags';

const who = (name: string | null, at: string | null) => (name ? [name, formatTime(at)].join('　') : '—');

function fields(s: SettlementDetail): DescriptionsProps['items'] {
  const list: DescriptionsProps['items'] = [
    { key: 'number', label: '批次号', children: <Typography.Text copyable>{s.number}</Typography.Text> },
    { key: 'institution', label: '培训机构', children: s.institutionName },
    { key: 'status', label: '状态', children: <SettlementStatusTag status={s.status} /> },
    { key: 'count', label: '券数', children: `${s.voucherCount} 张` },
    {
      key: 'total',
      label: '合计金额',
      span: 2,
      children: (
        <Space wrap>
          <Typography.Text strong style={{ fontSize: 16 }}>
            {formatYuan(s.totalFen)}
          </Typography.Text>
          <Typography.Text>大写：{s.totalUpper}</Typography.Text>
        </Space>
      ),
    },
    { key: 'prepared', label: '制单人', children: who(s.preparedBy, s.preparedAt) },
    { key: 'reviewed', label: '复核人', children: who(s.reviewedBy, s.reviewedAt) },
  ];
  if (s.status === 'returned' && s.returnReason)
    list.push({
      key: 'returnReason',
      label: '退回原因',
      span: 2,
      children: <Typography.Text type="warning">{s.returnReason}</Typography.Text>,
    });
  if (s.paidOn) list.push({ key: 'paidOn', label: '拨付日期', children: s.paidOn });
  if (s.paymentRef) list.push({ key: 'paymentRef', label: '拨付凭证号', children: s.paymentRef });
  if (s.recoveredFen > 0)
    list.push({
      key: 'recovered',
      label: '已追回',
      span: 2,
      children: <Typography.Text type="danger">{formatYuan(s.recoveredFen)}</Typography.Text>,
    });
  list.push({ key: 'note', label: '备注', span: 2, children: s.note || '—' });
  return list;
}

/** One settlement batch: its money, its vouchers, who did what, and what may be done next. */
export function SettlementDetailPage() {
  const { id } = useParams();
  const batchId = Number(id);
  const valid = Number.isInteger(batchId) && batchId > 0;
  const user = useCurrentUser();
  const navigate = useNavigate();
  const location = useLocation();
  const batch = useSettlement(valid ? batchId : 0);
  const xlsx = useSettlementXlsx();
  const pdf = useSettlementPdf();

  if (!valid) return <Result status="404" title="结算批次不存在" />;
  if (batch.isPending) return <Spin />;
  if (batch.isError) return <Alert type="error" showIcon title={errorText(batch.error)} />;

  const s = batch.data;
  const back = () => (location.key !== 'default' ? navigate(-1) : navigate('/settlement'));

  return (
    <>
      <Card
        title={
          <Space>
            结算批次：{s.number}
            <SettlementStatusTag status={s.status} />
          </Space>
        }
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={back}>
              返回
            </Button>
            <SettlementActions s={s} />
            <Button icon={<FileExcelOutlined />} loading={xlsx.isPending} onClick={() => xlsx.mutate(s.id)}>
              导出拨付明细 Excel
            </Button>
            <Button icon={<PrinterOutlined />} loading={pdf.isPending} onClick={() => pdf.mutate(s.id)}>
              打印拨付明细 PDF
            </Button>
          </Space>
        }
      >
        {pdf.data && (
          <div style={{ marginBottom: 16 }}>
            <PdfLinks file={pdf.data} />
          </div>
        )}
        <Descriptions bordered column={2} size="middle" items={fields(s)} />
        <AnomalyFlags settlementId={s.id} title="本批次涉及的异常提示" style={{ marginTop: 16 }} />
      </Card>
      <SettlementItemsTable s={s} canRecover={canReview(user.role)} />
      <SettlementTimeline events={s.events} />
    </>
  );
}
