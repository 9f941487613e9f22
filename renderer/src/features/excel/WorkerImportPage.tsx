import { ArrowLeftOutlined, CheckOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Result, Space, Spin, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import type { ImportResult } from '../../../../shared/contract/schemas/excel';
import { errorText } from '../../app/feedback';
import { useImportTemplate, useImportWorkers } from './api';
import { ImportSummary } from './ImportSummary';
import { fileToBase64, MAX_IMPORT_BYTES } from './readFile';

interface Picked {
  fileName: string;
  base64: string;
}

const ACCEPT = '.xlsx,.csv';

/**
 * 导入劳动者: download the template, pick a filled-in file, see which rows would be refused and
 * why, then import the valid ones in one go. Nothing is written before 确认导入.
 */
export function WorkerImportPage() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const template = useImportTemplate();
  const run = useImportWorkers();
  const [file, setFile] = useState<Picked | null>(null);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);

  const check = (picked: Picked) => {
    setPreview(null);
    setDone(null);
    run.mutate({ ...picked, commit: false }, { onSuccess: setPreview });
  };

  const pick = async (f: File) => {
    if (!/\.(xlsx|csv)$/i.test(f.name)) return void message.error('只能导入 .xlsx 或 .csv 文件');
    if (f.size > MAX_IMPORT_BYTES) return void message.error('文件过大（最大 60 MB），请分批导入');
    try {
      const picked = { fileName: f.name, base64: await fileToBase64(f) };
      setFile(picked);
      check(picked);
    } catch {
      void message.error('文件读取失败，请重新选择');
    }
  };

  const commit = () =>
    file &&
    run.mutate(
      { ...file, commit: true },
      {
        onSuccess: (r) => {
          setDone(r);
          setPreview(null);
          void qc.invalidateQueries({ queryKey: ['worker'] });
        },
      },
    );

  const restart = () => {
    setFile(null);
    setPreview(null);
    setDone(null);
    run.reset();
  };

  const valid = preview ? preview.total - preview.rejected : 0;
  const committing = run.isPending && run.variables.commit;

  return (
    <Card
      title="导入劳动者"
      extra={
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/workers')}>
          返回列表
        </Button>
      }
    >
      <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 960 }}>
        <Alert
          type="info"
          showIcon
          title="导入说明"
          description={
            <ol style={{ margin: 0, paddingInlineStart: 20 }}>
              <li>先下载模板，按表头填写，每行一人；带 * 的列必填，身份证号请使用文本格式。</li>
              <li>支持 .xlsx 和 .csv 文件；CSV 可以是 UTF-8 或 GBK 编码（Excel“另存为 CSV”得到的文件均可）。</li>
              <li>选择文件后系统逐行检查，先显示预览，此时不会写入任何数据。</li>
              <li>确认导入时只导入没有错误的行；有误的行不导入，可下载错误报告改正后再次导入。</li>
            </ol>
          }
        />
        <Button icon={<DownloadOutlined />} loading={template.isPending} onClick={() => template.mutate()}>
          下载模板
        </Button>
        {done ? (
          <Result
            status={done.imported ? 'success' : 'warning'}
            title={`已导入 ${done.imported} 人`}
            subTitle={done.rejected ? `${done.rejected} 行有误，未导入` : '全部行均已导入'}
            extra={[
              <Button key="list" type="primary" onClick={() => navigate('/workers')}>
                查看劳动者列表
              </Button>,
              <Button key="again" onClick={restart}>
                继续导入
              </Button>,
            ]}
          >
            <ImportSummary result={done} />
          </Result>
        ) : (
          <>
            <Upload.Dragger
              accept={ACCEPT}
              multiple={false}
              showUploadList={false}
              disabled={run.isPending}
              beforeUpload={(f) => {
                void pick(f);
                return Upload.LIST_IGNORE;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">点击选择文件，或把文件拖到这里</p>
              <p className="ant-upload-hint">
                {file ? `已选择：${file.fileName}（重新选择可替换）` : '支持 .xlsx、.csv（UTF-8 或 GBK）'}
              </p>
            </Upload.Dragger>
            {run.isPending && !committing && (
              <Space>
                <Spin size="small" />
                <Typography.Text type="secondary">正在检查 {file?.fileName}…</Typography.Text>
              </Space>
            )}
            {run.isError && (
              <Alert
                type="error"
                showIcon
                title={errorText(run.error)}
                action={file && <Button onClick={() => check(file)}>重新预览</Button>}
              />
            )}
            {preview && (
              <>
                <ImportSummary result={preview} />
                <Space>
                  <Button
                    type="primary"
                    icon={<CheckOutlined />}
                    disabled={valid === 0}
                    loading={committing}
                    onClick={commit}
                    autoFocus
                  >
                    确认导入 {valid} 人
                  </Button>
                  <Button onClick={restart} disabled={committing}>
                    取消
                  </Button>
                </Space>
              </>
            )}
          </>
        )}
      </Space>
    </Card>
  );
}
