import { EyeOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Divider, Form, Popconfirm, Select, Space } from 'antd';
import { useState } from 'react';
import { TARGET_GROUPS } from '../../../../shared/catalog/workerOptions';
import type { BatchPreview } from '../../../../shared/contract/schemas/voucher';
import { errorText, useFeedback } from '../../app/feedback';
import { formatAmount } from '../../app/format';
import { JobProgress } from '../../app/JobProgress';
import { useJob, useStoredJobId } from '../../app/jobs';
import { searchByLabel } from '../catalog/labels';
import { KeyReadyBanner } from '../keys/KeyReadyBanner';
import { useOwnTownships } from '../workers/api';
import { toOptions } from '../workers/labels';
import { useBatchPreview, useStartBatch, type BatchInput } from './api';
import { BatchPreviewView } from './BatchPreviewView';
import { BatchResult, type BatchJobResult } from './BatchResult';
import { TermsFields } from './TermsFields';
import { termsOf, type TermsValues } from './terms';
import { useScrollIntoView } from '../../app/useScrollIntoView';

interface Values extends TermsValues {
  townshipCode?: string;
  targetGroup?: (typeof TARGET_GROUPS)[number]['code'];
}

function batchInput(v: Values): BatchInput | null {
  const terms = termsOf(v);
  if (!terms) return null;
  const filter = {
    ...(v.townshipCode ? { townshipCode: v.townshipCode } : {}),
    ...(v.targetGroup ? { targetGroup: v.targetGroup } : {}),
  };
  return { ...terms, selection: { filter } };
}

export function BatchIssuePage() {
  const [form] = Form.useForm<Values>();
  const [round, setRound] = useState(0);
  const feedback = useFeedback();
  const townships = useOwnTownships();
  const previewer = useBatchPreview();
  const starter = useStartBatch();
  const [previewed, setPreviewed] = useState<{ input: BatchInput; preview: BatchPreview } | null>(null);
  const previewRef = useScrollIntoView<HTMLDivElement>(previewed);
  const [jobId, setJobId] = useStoredJobId('batchIssue');
  const job = useJob(jobId);
  const locked = jobId !== null && job.data?.state !== 'failed';
  const township = Form.useWatch('townshipCode', form);
  const group = Form.useWatch('targetGroup', form);

  const onPreview = (values: Values) => {
    const input = batchInput(values);
    if (!input) return;
    previewer.mutate(input, { onSuccess: (preview) => setPreviewed({ input, preview }), onError: feedback.error });
  };

  const issue = () => {
    if (!previewed) return;
    starter.mutate(previewed.input, { onSuccess: (j) => setJobId(j.id), onError: feedback.error });
  };

  const again = () => {
    form.resetFields();
    setPreviewed(null);
    setJobId(null);
    previewer.reset();
    starter.reset();
    setRound((r) => r + 1);
  };

  const done = job.data?.state === 'done' ? (job.data.result as BatchJobResult) : null;
  const count = previewed?.preview.eligibleCount ?? 0;

  return (
    <Card title="批量发放培训券">
      {!done && <KeyReadyBanner />}
      <Form<Values>
        key={round}
        form={form}
        labelCol={{ span: 6 }}
        wrapperCol={{ span: 16 }}
        style={{ maxWidth: 780 }}
        disabled={locked}
        onFinish={onPreview}
        onValuesChange={() => {
          setPreviewed(null);
          setJobId(null);
          previewer.reset();
        }}
      >
        <TermsFields autoFocus disabled={locked} />
        <Divider titlePlacement="start">发放范围</Divider>
        <Form.Item label="乡镇" name="townshipCode">
          <Select
            allowClear
            showSearch={searchByLabel}
            placeholder="全部乡镇"
            loading={townships.isLoading}
            options={townships.data?.map((t) => ({ value: t.code, label: t.name }))}
          />
        </Form.Item>
        <Form.Item
          label="重点群体"
          name="targetGroup"
          extra={!township && !group ? '未限定范围时，将核对全部劳动者' : undefined}
        >
          <Select allowClear showSearch={searchByLabel} placeholder="全部人员" options={toOptions(TARGET_GROUPS)} />
        </Form.Item>
        <Form.Item wrapperCol={{ offset: 6 }}>
          <Button htmlType="submit" icon={<EyeOutlined />} loading={previewer.isPending}>
            预览
          </Button>
        </Form.Item>
      </Form>
      {previewer.isError && <Alert type="error" showIcon title={errorText(previewer.error)} />}
      {previewed && !done && (
        <div ref={previewRef} style={{ scrollMarginTop: 16 }}>
          <Divider />
          {/* 确认 before the lists: in view with the totals, whatever the length of the lists. */}
          <Space style={{ marginBottom: 16 }}>
            <Popconfirm
              title={`确认发放 ${count} 张培训券？`}
              description={`合计金额 ${formatAmount(previewed.preview.amountFen)}，整批一次写入，发放后不能撤回。`}
              okText="发放"
              cancelText="取消"
              disabled={count === 0 || locked}
              onConfirm={issue}
            >
              <Button
                type="primary"
                icon={<SendOutlined />}
                disabled={count === 0 || locked}
                loading={starter.isPending}
              >
                确认发放 {count} 张
              </Button>
            </Popconfirm>
          </Space>
          <BatchPreviewView preview={previewed.preview} />
        </div>
      )}
      {job.data && !done && (
        <div style={{ marginTop: 16, maxWidth: 640 }}>
          <JobProgress job={job.data} />
        </div>
      )}
      {job.isError && <Alert type="error" showIcon title={errorText(job.error)} style={{ marginTop: 16 }} />}
      {done && <BatchResult result={done} onAgain={again} />}
    </Card>
  );
}
