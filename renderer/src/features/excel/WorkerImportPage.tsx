import { ArrowLeftOutlined, CheckOutlined, DownloadOutlined, InboxOutlined, SwapOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Result, Space, Spin, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import type {
  ImportField,
  WorkerImportRequest,
  WorkerImportResult,
} from '../../../../shared/contract/schemas/workerImport';
import { errorText } from '../../app/feedback';
import { useImportTemplate, useImportWorkers } from './api';
import { ImportMapping, type FileValues } from './ImportMapping';
import { ImportSummary } from './ImportSummary';
import { fileToBase64, MAX_IMPORT_BYTES } from './readFile';

interface Picked {
  fileName: string;
  base64: string;
}

/** What the clerk has decided so far for the picked file. */
interface Choices {
  sheet?: number;
  /** Set once the clerk changes a column; until then the server's proposal stands. */
  mapping?: { signature: string; columns: (ImportField | null)[] };
  values: FileValues;
}

const ACCEPT = '.xlsx,.csv';
const NONE: Choices = { values: {} };

function request(file: Picked, c: Choices, commit: boolean, layout?: WorkerImportResult['layout']) {
  const values = Object.fromEntries(Object.entries(c.values).filter(([, v]) => v)) as WorkerImportRequest['values'];
  // On commit the mapping in force is sent even if untouched, so that it is remembered for next time.
  const mapping =
    c.mapping ??
    (commit && layout?.signature
      ? { signature: layout.signature, columns: layout.columns.map((x) => x.field) }
      : undefined);
  return { ...file, commit, values, ...(c.sheet && { sheet: c.sheet }), ...(mapping && { mapping }) };
}

/**
 * 导入劳动者: pick a roster as the township made it, check which column fills which field (and
 * change it), set what the roster lacks for every row or leave it 待补充, see which rows would be
 * refused and why, then import the valid ones in one go. Nothing is written before 确认导入.
 */
export function WorkerImportPage() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const template = useImportTemplate();
  const run = useImportWorkers();
  const [file, setFile] = useState<Picked | null>(null);
  const [choices, setChoices] = useState<Choices>(NONE);
  const [preview, setPreview] = useState<WorkerImportResult | null>(null);
  const [done, setDone] = useState<WorkerImportResult | null>(null);

  const check = (picked: Picked, c: Choices) => {
    setChoices(c);
    setDone(null);
    run.mutate(request(picked, c, false), { onSuccess: setPreview });
  };

  const pick = async (f: File) => {
    if (!/\.(xlsx|csv)$/i.test(f.name)) return void message.error('只能导入 .xlsx 或 .csv 文件');
    if (f.size > MAX_IMPORT_BYTES) return void message.error('文件过大（最大 60 MB），请分批导入');
    try {
      const picked = { fileName: f.name, base64: await fileToBase64(f) };
      setFile(picked);
      setPreview(null);
      check(picked, NONE);
    } catch {
      void message.error('文件读取失败，请重新选择');
    }
  };

  const layout = preview?.layout ?? null;
  const fields = choices.mapping?.columns ?? layout?.columns.map((c) => c.field) ?? [];

  const setField = (column: number, field: ImportField | null) => {
    if (!file || !layout) return;
    // One column per field: choosing a field for this column takes it from any other.
    const columns = fields.map((f, i) => (i === column ? field : f === field ? null : f));
    check(file, { ...choices, mapping: { signature: layout.signature, columns } });
  };

  const commit = () =>
    file &&
    run.mutate(request(file, choices, true, layout), {
      onSuccess: (r) => {
        setDone(r);
        setPreview(null);
        void qc.invalidateQueries({ queryKey: ['worker'] });
      },
    });

  const restart = () => {
    setFile(null);
    setChoices(NONE);
    setPreview(null);
    setDone(null);
    run.reset();
  };

  const uploadProps = {
    accept: ACCEPT,
    multiple: false,
    showUploadList: false,
    disabled: run.isPending,
    beforeUpload: (f: File) => {
      void pick(f);
      return Upload.LIST_IGNORE;
    },
  };

  const valid = preview && !layout?.problem ? preview.total - preview.rejected : 0;
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
      <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 1100 }}>
        {/* Once a file is picked the page is about that file: the instructions give way to the mapping. */}
        {!file && (
          <Alert
            type="info"
            showIcon
            title="导入说明"
            description={
              <ol style={{ margin: 0, paddingInlineStart: 20 }}>
                <li>
                  可直接导入乡镇、村报来的花名册：标题、填报单位等行和合计、签字行会自动跳过，表头可用常见写法（如“身份证号码”“联系电话”“所在乡镇”）。
                </li>
                <li>
                  选择文件后核对每一列导入为什么信息，可以改选；同样表头的表格下次自动沿用。表格没有的户口性质、就业状态等可为全部行统一设置，不设置的登记为“待补充”。
                </li>
                <li>支持 .xlsx 和 .csv（UTF-8 或 GBK）；身份证号请使用文本格式。也可以先下载模板按表头填写。</li>
                <li>确认导入时只导入没有错误的行；有误的行不导入，可下载错误报告改正后再次导入。</li>
              </ol>
            }
          />
        )}
        {!file && (
          <Button icon={<DownloadOutlined />} loading={template.isPending} onClick={() => template.mutate()}>
            下载模板
          </Button>
        )}
        {done ? (
          <Result
            status={done.imported ? 'success' : 'warning'}
            title={`已导入 ${done.imported} 人`}
            subTitle={[
              done.rejected ? `${done.rejected} 行有误，未导入` : '全部行均已导入',
              done.incomplete ? `其中 ${done.incomplete} 人信息待补充，发券前须补充` : '',
            ]
              .filter(Boolean)
              .join('；')}
            extra={[
              <Button key="list" type="primary" onClick={() => navigate('/workers')}>
                查看劳动者列表
              </Button>,
              done.incomplete > 0 && (
                <Button key="pending" onClick={() => navigate('/workers?pending=1')}>
                  查看待补充的劳动者
                </Button>
              ),
              <Button key="again" onClick={restart}>
                继续导入
              </Button>,
            ]}
          >
            <ImportSummary result={done} />
          </Result>
        ) : (
          <>
            {file ? (
              <Space wrap>
                <Typography.Text>
                  文件：<Typography.Text strong>{file.fileName}</Typography.Text>
                </Typography.Text>
                <Upload {...uploadProps}>
                  <Button icon={<SwapOutlined />} disabled={run.isPending}>
                    换一个文件
                  </Button>
                </Upload>
              </Space>
            ) : (
              <Upload.Dragger {...uploadProps}>
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">点击选择文件，或把文件拖到这里</p>
                <p className="ant-upload-hint">支持 .xlsx、.csv（UTF-8 或 GBK）</p>
              </Upload.Dragger>
            )}
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
                action={file && <Button onClick={() => check(file, choices)}>重新检查</Button>}
              />
            )}
            {layout && file && (
              <ImportMapping
                layout={layout}
                fields={fields}
                values={choices.values}
                busy={run.isPending}
                onSheet={(sheet) => check(file, { values: choices.values, sheet })}
                onField={setField}
                onValue={(f, v) => check(file, { ...choices, values: { ...choices.values, [f]: v } })}
              />
            )}
            {preview && !layout?.problem && (
              <>
                <ImportSummary result={preview} />
                <Space>
                  <Button
                    type="primary"
                    icon={<CheckOutlined />}
                    disabled={valid === 0 || run.isPending}
                    loading={committing}
                    onClick={commit}
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
