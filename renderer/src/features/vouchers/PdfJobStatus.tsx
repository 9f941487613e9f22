import { Alert, Space, Spin, Typography } from 'antd';
import { PdfReady } from '../../app/PdfReady';
import { errorText } from '../../app/feedback';
import { JobProgress } from '../../app/JobProgress';
import type { PdfJob } from './usePdfJob';

/** Progress of a PDF job, then the ways to get the file; nothing before the job starts. */
export function PdfJobStatus({ pdf }: { pdf: PdfJob }) {
  if (!pdf.active) return null;
  const error = pdf.startError ?? pdf.jobError ?? pdf.fileError;
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (pdf.file) return <PdfReady file={pdf.file} label={`PDF 已生成（${pdf.file.count} 张）`} />;
  if (pdf.job) return <JobProgress job={pdf.job} />;
  return (
    <Space>
      <Spin size="small" />
      <Typography.Text type="secondary">正在准备 PDF…</Typography.Text>
    </Space>
  );
}
