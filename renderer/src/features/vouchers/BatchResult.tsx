import { FileDoneOutlined, PrinterOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Button, Result, Space } from 'antd';
import { useRef } from 'react';
import { useNavigate } from 'react-router-dom';
import { PdfReady } from '../../app/PdfReady';
import { useArrivalFocus } from '../../app/usePageFocus';
import { PdfJobStatus } from './PdfJobStatus';
import { usePdfJob } from './usePdfJob';
import { useSignList } from './useSignList';

export interface BatchJobResult {
  batchId: number;
  issued: number;
  firstSerial: string | null;
  lastSerial: string | null;
}

export function BatchResult({ result, onAgain }: { result: BatchJobResult; onAgain: () => void }) {
  const navigate = useNavigate();
  const pdf = usePdfJob();
  // Shown when the batch's job finishes, maybe minutes later: a dialog opened meanwhile keeps the focus.
  const print = useRef<HTMLButtonElement>(null);
  useArrivalFocus(print);
  const signList = useSignList();
  return (
    <Result
      status="success"
      title={`本批已发放 ${result.issued} 张培训券`}
      subTitle={`批次 ${result.batchId}，券号 ${result.firstSerial ?? '—'} 至 ${result.lastSerial ?? '—'}`}
      extra={
        <Space orientation="vertical" size="large">
          <Space wrap>
            <Button
              type="primary"
              ref={print}
              icon={<PrinterOutlined />}
              loading={pdf.busy}
              onClick={() => pdf.start({ batchId: result.batchId, layout: 'two' }, result.issued, { print: true })}
            >
              打印本批（每页两张）
            </Button>
            <Button
              icon={<FileDoneOutlined />}
              loading={signList.isPending}
              onClick={() => signList.mutate(result.batchId)}
            >
              打印签收表
            </Button>
            <Button icon={<UnorderedListOutlined />} onClick={() => navigate(`/vouchers?batch=${result.batchId}`)}>
              查看本批培训券
            </Button>
            <Button onClick={onAgain}>再发一批</Button>
          </Space>
          <PdfJobStatus pdf={pdf} />
          {signList.data && <PdfReady file={signList.data} label="签收表已生成" />}
        </Space>
      }
    />
  );
}
