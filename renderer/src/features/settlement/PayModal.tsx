import { Alert, DatePicker, Form, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { SettlementDetail } from '../../../../shared/contract/schemas/settlement';
import { formatAmount } from '../../app/format';
import { useSaveHandlers } from '../../app/FormModal';
import { DAY } from '../training/ClassFormModal';
import { FormModal } from '../../app/FormModal';
import { useSettlementMutation } from './api';

interface Values {
  paidOn: Dayjs;
  paymentRef: string;
  paymentRefAgain: string;
}

/**
 * 登记拨付: the date the money left and the payment voucher (拨付凭证) it left on. It cannot be
 * undone, so the total is shown and the 凭证号 typed twice, as a bank asks for an account number.
 */
export function PayModal({ s, open, onClose }: { s: SettlementDetail; open: boolean; onClose: () => void }) {
  const pay = useSettlementMutation('settlement:pay');
  const handlers = useSaveHandlers(`已登记拨付：${s.number}`, onClose);
  return (
    <FormModal<Values>
      title={`登记拨付：${s.number}`}
      okText="确认登记拨付"
      danger
      open={open}
      pending={pay.isPending}
      initialValues={{ paidOn: dayjs() }}
      onClose={onClose}
      onSubmit={(v, form) =>
        pay.mutate({ id: s.id, paidOn: v.paidOn.format(DAY), paymentRef: v.paymentRef.trim() }, handlers(form))
      }
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={`拨付给 ${s.institutionName}：${s.voucherCount} 张，合计 ${formatAmount(s.totalFen)}`}
        description="登记后不能撤销，请核对金额和凭证号。"
      />
      <Form.Item
        label="拨付凭证号"
        name="paymentRef"
        rules={[
          { required: true, whitespace: true, message: '请填写拨付凭证号' },
          { min: 2, message: '拨付凭证号至少 2 位' },
        ]}
      >
        <Input autoFocus maxLength={40} autoComplete="off" placeholder="财务拨付凭证或银行流水号" />
      </Form.Item>
      <Form.Item
        label="再次输入拨付凭证号"
        name="paymentRefAgain"
        dependencies={['paymentRef']}
        rules={[
          { required: true, whitespace: true, message: '请再次输入拨付凭证号' },
          ({ getFieldValue }) => ({
            validator: (_, v: string | undefined) =>
              (v ?? '').trim() === String(getFieldValue('paymentRef') ?? '').trim()
                ? Promise.resolve()
                : Promise.reject(new Error('两次输入的拨付凭证号不一致')),
          }),
        ]}
      >
        {/* Typed again, not pasted: a copied typo would match itself. */}
        <Input maxLength={40} autoComplete="off" onPaste={(e) => e.preventDefault()} />
      </Form.Item>
      <Form.Item label="拨付日期" name="paidOn" rules={[{ required: true, message: '请选择拨付日期' }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}
