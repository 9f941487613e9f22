import { ArrowLeftOutlined, PrinterOutlined, RedoOutlined, StopOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Result, Space, Spin, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import type { VoucherDetail } from '../../../../shared/contract/schemas/voucher';
import { errorText, useFeedback } from '../../app/feedback';
import { formatAmount } from '../../app/format';
import { useCurrentUser } from '../../app/session/sessionContext';
import { levelLabel, occupationLabel } from '../catalog/labels';
import { AnomalyFlags } from '../stats/AnomalyFlags';
import { canReissueVouchers, canRevokeVouchers } from './access';
import { useReissueVoucher, useRevokeVoucher, useVoucher } from './api';
import { StatusTag } from './labels';
import { PdfJobStatus } from './PdfJobStatus';
import { HoldAlert } from './HoldAlert';
import { ReasonModal } from './ReasonModal';
import { reissueSteps } from './reissueSteps';
import { SerialLink } from './SerialLink';
import { usePdfJob } from './usePdfJob';
import { VoucherTimeline } from './VoucherTimeline';
import { TrainingRecordModal } from '../settlement/TrainingRecordModal';

function items(v: VoucherDetail): DescriptionsProps['items'] {
  const list: DescriptionsProps['items'] = [
    { key: 'serial', label: '券号', children: <Typography.Text copyable>{v.serial}</Typography.Text> },
    {
      key: 'fallback',
      label: '备用码',
      children: v.fallbackCode ? (
        <Typography.Text copyable>{v.fallbackCode}</Typography.Text>
      ) : (
        <Typography.Text type="secondary">仅发券人员可见（凭备用码可核销）</Typography.Text>
      ),
    },
    { key: 'holder', label: '持券人', children: v.workerName },
    { key: 'idNumber', label: '身份证号', children: v.idNumberMasked },
    { key: 'plan', label: '培训计划', children: v.planName },
    {
      key: 'occupation',
      label: '职业（工种）',
      children: occupationLabel({ name: v.occupationName, code: v.occupationCode }),
    },
    { key: 'level', label: '技能等级', children: levelLabel(v.level) },
    { key: 'amount', label: '补贴金额', children: formatAmount(v.amountFen) },
    { key: 'institution', label: '定向培训机构', children: v.institutionName ?? '不限' },
    { key: 'fund', label: '资金来源', children: v.fundSourceName },
    { key: 'issueDate', label: '发放日期', children: v.issueDate },
    { key: 'expiryDate', label: '有效期至', children: v.expiryDate },
    { key: 'status', label: '状态', children: <StatusTag status={v.status} /> },
    { key: 'kid', label: '签名密钥', children: <Typography.Text code>{v.kid}</Typography.Text> },
  ];
  if (v.revokeReason) list.push({ key: 'revokeReason', label: '作废原因', span: 2, children: v.revokeReason });
  if (v.replacesSerial)
    list.push({ key: 'replaces', label: '补发自（原券）', children: <SerialLink serial={v.replacesSerial} /> });
  if (v.replacedBySerial)
    list.push({ key: 'replacedBy', label: '已补发为（新券）', children: <SerialLink serial={v.replacedBySerial} /> });
  return list;
}

export function VoucherDetailPage() {
  const { id } = useParams();
  const voucherId = Number(id);
  const valid = Number.isInteger(voucherId) && voucherId > 0;
  const user = useCurrentUser();
  const navigate = useNavigate();
  const location = useLocation();
  const feedback = useFeedback();
  const { modal } = App.useApp();
  const voucher = useVoucher(valid ? voucherId : 0);
  const revoke = useRevokeVoucher();
  const reissue = useReissueVoucher();
  const pdf = usePdfJob();
  const [dialog, setDialog] = useState<'revoke' | 'reissue' | null>(null);
  const [training, setTraining] = useState<string | null>(null);

  if (!valid) return <Result status="404" title="培训券不存在" />;
  if (voucher.isPending) return <Spin />;
  if (voucher.isError) return <Alert type="error" showIcon title={errorText(voucher.error)} />;

  const v = voucher.data;
  const back = () => (location.key !== 'default' ? navigate(-1) : navigate('/vouchers'));
  const revocable = v.status === 'issued' || v.status === 'redeemed';
  // Once redeemed, the training behind the voucher (sessions with 补签/更正, completion, certificate).
  const trained = ['redeemed', 'completed', 'certified', 'settled'].includes(v.status);

  return (
    <>
      <Card
        title={
          <Space>
            培训券：{v.serial}
            <StatusTag status={v.status} />
          </Space>
        }
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={back}>
              返回
            </Button>
            <Button icon={<UserOutlined />} onClick={() => navigate(`/workers/${v.workerId}`)}>
              劳动者档案
            </Button>
            {trained && <Button onClick={() => setTraining(v.serial)}>培训与考勤</Button>}
            <Button
              icon={<PrinterOutlined />}
              loading={pdf.busy}
              onClick={() => pdf.start({ ids: [v.id], layout: 'a4' }, 1, { print: true })}
            >
              打印 PDF
            </Button>
            {v.status === 'issued' && (
              <Button
                icon={<RedoOutlined />}
                onClick={() =>
                  canReissueVouchers(user.role)
                    ? setDialog('reissue')
                    : modal.info({ title: '补发须分两步', content: reissueSteps(user.role), okText: '知道了' })
                }
              >
                补发
              </Button>
            )}
            {canRevokeVouchers(user.role) && revocable && (
              <Button danger icon={<StopOutlined />} onClick={() => setDialog('revoke')}>
                作废
              </Button>
            )}
          </Space>
        }
      >
        {pdf.active && (
          <div style={{ marginBottom: 16 }}>
            <PdfJobStatus pdf={pdf} />
          </div>
        )}
        <HoldAlert voucher={v} />
        <AnomalyFlags serial={v.serial} style={{ marginBottom: 16 }} />
        <Descriptions bordered column={2} size="middle" items={items(v)} />
      </Card>
      <VoucherTimeline events={v.events} />
      <TrainingRecordModal serial={training} onClose={() => setTraining(null)} />
      <ReasonModal
        open={dialog === 'revoke'}
        title={`作废培训券 ${v.serial}`}
        okText="作废"
        danger
        label="作废原因"
        description="作废后此券不能再核销使用，操作记入审计日志且不可撤销。"
        pending={revoke.isPending}
        onClose={() => setDialog(null)}
        onSubmit={(reason, onFieldError) =>
          revoke.mutate(
            { id: v.id, reason },
            {
              onSuccess: () => {
                feedback.success('培训券已作废');
                setDialog(null);
              },
              onError: (e) => {
                onFieldError(e);
                feedback.error(e);
              },
            },
          )
        }
      />
      <ReasonModal
        open={dialog === 'reissue'}
        title={`补发培训券 ${v.serial}`}
        okText="补发"
        label="补发原因"
        description="原券将作废，按原条件和原面额签发一张新券（新券号）。常见原因：遗失、污损。"
        pending={reissue.isPending}
        onClose={() => setDialog(null)}
        onSubmit={(reason, onFieldError) =>
          reissue.mutate(
            { id: v.id, reason },
            {
              onSuccess: (n) => {
                feedback.success(`已补发新券 ${n.serial}`);
                setDialog(null);
                navigate(`/vouchers/${n.id}`);
              },
              onError: (e) => {
                onFieldError(e);
                feedback.error(e);
              },
            },
          )
        }
      />
    </>
  );
}
