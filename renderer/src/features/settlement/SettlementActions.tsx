import {
  CheckOutlined,
  CloseCircleOutlined,
  PayCircleOutlined,
  RollbackOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useState, type ReactElement } from 'react';
import type { SettlementDetail } from '../../../../shared/contract/schemas/settlement';
import { useFeedback } from '../../app/feedback';
import { useCurrentUser } from '../../app/session/sessionContext';
import { ReasonModal } from '../vouchers/ReasonModal';
import { canPay, canPrepare, canReview } from './access';
import { useSettlementMutation } from './api';
import { PayModal } from './PayModal';
import { ResubmitModal } from './ResubmitModal';
import { useApprove } from './useApprove';

const SELF_REVIEW = '不能复核自己制作的批次（须由另一人复核）';

type Dialog = 'return' | 'cancel' | 'pay' | 'resubmit' | null;

/** The buttons a batch offers the signed-in user in its current state, and their dialogs. */
export function SettlementActions({ s }: { s: SettlementDetail }) {
  const user = useCurrentUser();
  const feedback = useFeedback();
  const [dialog, setDialog] = useState<Dialog>(null);
  const giveBack = useSettlementMutation('settlement:return');
  const cancel = useSettlementMutation('settlement:cancel');
  const approve = useApprove(s);

  const preparer = s.preparedById === user.id;
  const reviewer = canReview(user.role);
  const showReview = s.status === 'submitted' && (reviewer || preparer);
  const reviewBlocked = preparer ? SELF_REVIEW : reviewer ? null : '只有复核人可以复核';
  const cancellable = canPrepare(user.role) && (s.status === 'submitted' || s.status === 'returned');

  const reasonHandlers = (successText: string, onFieldError: (e: unknown) => void) => ({
    onSuccess: () => {
      feedback.success(successText);
      setDialog(null);
    },
    onError: (e: unknown) => {
      onFieldError(e);
      feedback.error(e);
    },
  });

  const withTip = (node: ReactElement) => (reviewBlocked ? <Tooltip title={reviewBlocked}>{node}</Tooltip> : node);

  return (
    <>
      {showReview &&
        withTip(
          <Button
            type="primary"
            icon={<CheckOutlined />}
            disabled={reviewBlocked !== null}
            loading={approve.busy}
            onClick={() => void approve.ask()}
          >
            复核通过
          </Button>,
        )}
      {showReview &&
        withTip(
          <Button icon={<RollbackOutlined />} disabled={reviewBlocked !== null} onClick={() => setDialog('return')}>
            退回
          </Button>,
        )}
      {s.status === 'returned' && canPrepare(user.role) && (
        <Button type="primary" icon={<SendOutlined />} onClick={() => setDialog('resubmit')}>
          重新提交
        </Button>
      )}
      {s.status === 'approved' && canPay(user.role) && (
        <Button type="primary" icon={<PayCircleOutlined />} onClick={() => setDialog('pay')}>
          登记拨付
        </Button>
      )}
      {cancellable && (
        <Button danger icon={<CloseCircleOutlined />} onClick={() => setDialog('cancel')}>
          撤销
        </Button>
      )}
      <ReasonModal
        open={dialog === 'return'}
        title={`退回结算批次 ${s.number}`}
        okText="退回"
        danger
        label="退回原因"
        description="退回后由制单人修改（可移出有问题的培训券）并重新提交。"
        pending={giveBack.isPending}
        onClose={() => setDialog(null)}
        onSubmit={(reason, onFieldError) =>
          giveBack.mutate({ id: s.id, reason }, reasonHandlers('已退回制单人', onFieldError))
        }
      />
      <ReasonModal
        open={dialog === 'cancel'}
        title={`撤销结算批次 ${s.number}`}
        okText="撤销"
        danger
        label="撤销原因"
        description="撤销后本批次的培训券回到可结算状态，可另行结算；操作记入审计日志且不可恢复。"
        pending={cancel.isPending}
        onClose={() => setDialog(null)}
        onSubmit={(reason, onFieldError) =>
          cancel.mutate({ id: s.id, reason }, reasonHandlers('结算批次已撤销', onFieldError))
        }
      />
      <PayModal s={s} open={dialog === 'pay'} onClose={() => setDialog(null)} />
      <ResubmitModal s={s} open={dialog === 'resubmit'} onClose={() => setDialog(null)} />
    </>
  );
}
