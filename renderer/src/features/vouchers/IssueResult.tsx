import { PrinterOutlined } from '@ant-design/icons';
import { Button, Result, Space } from 'antd';
import { useRef } from 'react';
import { useNavigate } from 'react-router-dom';
import type { VoucherDetail } from '../../../../shared/contract/schemas/voucher';
import { formatAmount } from '../../app/format';
import { useArrivalFocus } from '../../app/usePageFocus';
import { PdfJobStatus } from './PdfJobStatus';
import { usePdfJob } from './usePdfJob';

export function IssueResult({ voucher }: { voucher: VoucherDetail }) {
  const navigate = useNavigate();
  const pdf = usePdfJob();
  // Shown when the issue's request returns: a dialog opened meanwhile keeps the focus.
  const print = useRef<HTMLButtonElement>(null);
  useArrivalFocus(print);
  return (
    <Result
      status="success"
      title={`培训券已发放：${voucher.serial}`}
      subTitle={[
        voucher.workerName,
        voucher.planName,
        voucher.occupationName,
        `面额 ${formatAmount(voucher.amountFen)}`,
        `有效期至 ${voucher.expiryDate}`,
      ].join('　')}
      extra={
        <Space orientation="vertical" size="large">
          <Space wrap style={{ justifyContent: 'center' }}>
            <Button
              type="primary"
              ref={print}
              icon={<PrinterOutlined />}
              loading={pdf.busy}
              onClick={() => pdf.start({ ids: [voucher.id], layout: 'a4' }, 1, { print: true })}
            >
              打印培训券
            </Button>
            <Button onClick={() => navigate(`/vouchers/${voucher.id}`)}>查看详情</Button>
            <Button onClick={() => navigate(`/workers/${voucher.workerId}`)}>返回劳动者档案</Button>
          </Space>
          <PdfJobStatus pdf={pdf} />
        </Space>
      }
    />
  );
}
