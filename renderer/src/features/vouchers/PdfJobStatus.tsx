import { DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Alert, App, Button, Space, Spin, Typography } from 'antd';
import { errorText } from '../../app/feedback';
import { JobProgress } from '../../app/JobProgress';
import type { PdfFile, PdfJob } from './usePdfJob';

function PdfLinks({ file }: { file: PdfFile }) {
  const { message } = App.useApp();
  const open = () => {
    if (!window.open(file.url, '_blank')) void message.warning('新窗口被阻止，请使用右侧的下载链接');
  };
  return (
    <Space wrap>
      <Typography.Text type="success">PDF 已生成（{file.count} 张）</Typography.Text>
      <Button type="primary" icon={<FilePdfOutlined />} onClick={open}>
        打开 PDF
      </Button>
      <a href={file.url} download={file.name}>
        <DownloadOutlined /> 下载 {file.name}
      </a>
    </Space>
  );
}

/** Progress of a PDF job, then the ways to get the file; nothing before the job starts. */
export function PdfJobStatus({ pdf }: { pdf: PdfJob }) {
  if (!pdf.active) return null;
  const error = pdf.startError ?? pdf.jobError ?? pdf.fileError;
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (pdf.file) return <PdfLinks file={pdf.file} />;
  if (pdf.job) return <JobProgress job={pdf.job} />;
  return (
    <Space>
      <Spin size="small" />
      <Typography.Text type="secondary">正在准备 PDF…</Typography.Text>
    </Space>
  );
}
