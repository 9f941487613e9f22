import { Alert, DatePicker, Form, Input, InputNumber } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { SettlementItem } from '../../../../shared/contract/schemas/settlement';
import { formatYuan } from '../../app/format';
import { useSaveHandlers } from '../../app/FormModal';
import { DAY } from '../training/ClassFormModal';
import { FormModal } from '../../app/FormModal';
import { useSettlementMutation } from './api';

interface Values {
  yuan: number;
  reason: string;
  recoveredOn: Dayjs;
  reference?: string;
}

/** 追回: money paid for a voucher taken back (e.g. training found not to have happened). */
export function RecoverModal({ item, onClose }: { item: SettlementItem | null; onClose: () => void }) {
  const recover = useSettlementMutation('settlement:recover');
  const handlers = useSaveHandlers('已登记追回', onClose);
  const maxFen = item ? item.amountFen - item.recoveredFen : 0;
  return (
    <FormModal<Values>
      title={item ? `追回资金：${item.workerName}（${item.serial}）` : '追回资金'}
      okText="登记追回"
      danger
      open={item !== null}
      pending={recover.isPending}
      initialValues={{ recoveredOn: dayjs() }}
      onClose={onClose}
      onSubmit={(v, form) =>
        item &&
        recover.mutate(
          {
            voucherId: item.voucherId,
            amountFen: Math.round(v.yuan * 100),
            reason: v.reason.trim(),
            recoveredOn: v.recoveredOn.format(DAY),
            reference: v.reference?.trim() ?? '',
          },
          handlers(form),
        )
      }
    >
      {item && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={`已拨付 ${formatYuan(item.amountFen)}，已追回 ${formatYuan(item.recoveredFen)}，最多还可追回 ${formatYuan(maxFen)}`}
        />
      )}
      <Form.Item label="追回金额（元）" name="yuan" rules={[{ required: true, message: '请填写追回金额' }]}>
        <InputNumber autoFocus min={0.01} max={maxFen / 100} precision={2} step={1} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item
        label="追回原因"
        name="reason"
        rules={[
          { required: true, whitespace: true, message: '请填写追回原因' },
          { min: 2, message: '追回原因至少 2 个字' },
        ]}
      >
        <Input maxLength={200} autoComplete="off" />
      </Form.Item>
      <Form.Item label="追回日期" name="recoveredOn" rules={[{ required: true, message: '请选择追回日期' }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item label="凭证号" name="reference">
        <Input maxLength={40} autoComplete="off" placeholder="缴回凭证号（可选）" />
      </Form.Item>
    </FormModal>
  );
}
