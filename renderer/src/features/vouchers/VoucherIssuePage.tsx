import { Alert, Button, Card, Form, Space, Spin, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { VoucherDetail } from '../../../../shared/contract/schemas/voucher';
import { errorText, useFeedback } from '../../app/feedback';
import { useConfirmDiscard, useLeaveGuard } from '../../app/forms/leaveGuard';
import { useDebouncedValue } from '../../app/useDebouncedValue';
import { useQueryParams } from '../../app/useQueryParams';
import { KeyReadyBanner } from '../keys/KeyReadyBanner';
import { useWorker } from '../workers/api';
import { PendingAlert } from '../workers/PendingAlert';
import { useFormKeyboard } from '../workers/useFormKeyboard';
import { useEligibility, useIssueVoucher } from './api';
import { EligibilityAlert } from './EligibilityAlert';
import { IssueResult } from './IssueResult';
import { TermsFields } from './TermsFields';
import { TERMS_ORDER, termsKey, termsOf, type Terms, type TermsValues } from './terms';
import { WorkerPicker } from './WorkerPicker';
import { WorkerSummary } from './WorkerSummary';
import { useTermsChoices } from './useTermsChoices';

const KEY_HINT = ['Enter 下一项', 'Ctrl+Enter 发券', 'Esc 返回'].join('　');

export function VoucherIssuePage() {
  const [params, patch] = useQueryParams();
  const workerId = Number(params.get('workerId'));
  if (!Number.isInteger(workerId) || workerId <= 0) {
    return (
      <Card title="发放培训券">
        <Typography.Paragraph>先选择领券的劳动者：</Typography.Paragraph>
        <WorkerPicker onPick={(id) => patch({ workerId: String(id) })} />
      </Card>
    );
  }
  return <IssueForWorker key={workerId} workerId={workerId} />;
}

function IssueForWorker({ workerId }: { workerId: number }) {
  const worker = useWorker(workerId);
  const [issued, setIssued] = useState<VoucherDetail | null>(null);
  if (worker.isPending) return <Spin />;
  if (worker.isError) return <Alert type="error" showIcon title={errorText(worker.error)} />;
  return (
    <Card title={`发放培训券：${worker.data.name}`}>
      {!issued && <KeyReadyBanner />}
      {/* Before the terms: a worker still 待补充 is completed first (the rules refuse otherwise). */}
      <PendingAlert workerId={workerId} fields={worker.data.pendingFields} style={{ marginBottom: 16 }} />
      <WorkerSummary worker={worker.data} />
      <div style={{ marginTop: 24 }}>
        {issued ? <IssueResult voucher={issued} /> : <IssueForm workerId={workerId} onIssued={setIssued} />}
      </div>
    </Card>
  );
}

function IssueForm({ workerId, onIssued }: { workerId: number; onIssued: (v: VoucherDetail) => void }) {
  const [form] = Form.useForm<TermsValues>();
  const navigate = useNavigate();
  const feedback = useFeedback();
  const issue = useIssueVoucher();
  const watched = Form.useWatch(termsKey, form) ?? '';
  const key = useDebouncedValue(watched, 200);
  const check = useEligibility(key ? { ...(JSON.parse(key) as Terms), workerId } : null);
  const current = key === watched && !check.isFetching;
  const eligible = current && check.data?.eligible === true;

  // What the clerk chose (the fund source fills itself in, and is not counted).
  const dirty = useCallback(() => {
    const v = form.getFieldsValue(['planId', 'occupationCode', 'level', 'institutionId', 'validityDays']);
    return Object.values(v).some((x) => x !== undefined && x !== null && x !== '');
  }, [form]);
  useLeaveGuard(dirty);
  const confirmDiscard = useConfirmDiscard();
  const cancel = useCallback(
    () => confirmDiscard(dirty(), () => navigate(`/workers/${workerId}`)),
    [confirmDiscard, dirty, navigate, workerId],
  );
  const submit = useCallback(() => form.submit(), [form]);
  const onKeyDownCapture = useFormKeyboard(TERMS_ORDER, submit, cancel, useTermsChoices(form));

  const onFinish = (values: TermsValues) => {
    const terms = termsOf(values);
    if (!terms || !eligible || issue.isPending) return;
    issue.mutate(
      { ...terms, workerId },
      {
        onSuccess: (v) => {
          feedback.success(`已发放培训券 ${v.serial}`);
          onIssued(v);
        },
        onError: (e) => {
          feedback.error(e);
          void check.refetch();
        },
      },
    );
  };

  return (
    <div onKeyDownCapture={onKeyDownCapture} style={{ maxWidth: 780 }}>
      <Form<TermsValues>
        form={form}
        labelCol={{ span: 6 }}
        wrapperCol={{ span: 16 }}
        onFinish={onFinish}
        onValuesChange={() => issue.reset()}
      >
        <TermsFields autoFocus />
        <Form.Item wrapperCol={{ offset: 6, span: 16 }}>
          <EligibilityAlert complete={watched !== ''} pending={!current} result={check.data} error={check.error} />
        </Form.Item>
        {issue.error && (
          <Form.Item wrapperCol={{ offset: 6, span: 16 }}>
            <Alert type="error" showIcon title={errorText(issue.error)} />
          </Form.Item>
        )}
        <Form.Item wrapperCol={{ offset: 6 }} className="sticky-actions">
          <Space>
            <Button type="primary" htmlType="submit" disabled={!eligible} loading={issue.isPending}>
              发券
            </Button>
            <Button onClick={cancel}>返回</Button>
            <Typography.Text type="secondary">{KEY_HINT}</Typography.Text>
          </Space>
        </Form.Item>
      </Form>
    </div>
  );
}
