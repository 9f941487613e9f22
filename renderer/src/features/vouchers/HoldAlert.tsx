import { UnlockOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { useState } from 'react';
import type { VoucherDetail } from '../../../../shared/contract/schemas/voucher';
import { useFeedback } from '../../app/feedback';
import { formatTime } from '../../app/format';
import { useCurrentUser } from '../../app/session/sessionContext';
import { canReleaseHolds } from './access';
import { useReleaseHold } from './api';
import { ReasonModal } from './ReasonModal';

/**
 * 暂扣: five wrong holder ID numbers within a day hold a voucher, so nobody can keep trying numbers.
 * A reviewer who has seen the holder's ID card releases it, with a reason kept in the audit log.
 */
export function HoldAlert({ voucher }: { voucher: VoucherDetail }) {
  const user = useCurrentUser();
  const feedback = useFeedback();
  const release = useReleaseHold();
  const [open, setOpen] = useState(false);
  const hold = voucher.hold;
  if (!hold) return null;
  return (
    <>
      <Alert
        type="error"
        showIcon
        style={{ marginBottom: 16 }}
        title={`此券已暂扣：24 小时内持券人身份证号输错 ${hold.failures} 次（${formatTime(hold.heldAt)} 起）`}
        description="暂扣期间不能核验或核销。请核实持券人本人身份证件后解除暂扣；输错记录见下方异常提示和审计日志。"
        action={
          canReleaseHolds(user.role) && (
            <Button icon={<UnlockOutlined />} onClick={() => setOpen(true)}>
              解除暂扣
            </Button>
          )
        }
      />
      <ReasonModal
        open={open}
        title={`解除暂扣 ${voucher.serial}`}
        okText="解除暂扣"
        label="核实情况"
        description="请写明如何核实了持券人身份（例如：持券人本人持身份证到窗口核对无误）。记入审计日志。"
        pending={release.isPending}
        onClose={() => setOpen(false)}
        onSubmit={(reason, onFieldError) =>
          release.mutate(
            { serial: voucher.serial, reason },
            {
              onSuccess: () => {
                feedback.success('已解除暂扣');
                setOpen(false);
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
