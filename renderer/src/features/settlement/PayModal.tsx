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
}

/** 登记拨付: the date the money left and the payment voucher (拨付凭证) it left on. */
export function PayModal({ s, open, onClose }: { s: SettlementDetail; open: boolean; onClose: () => void }) {
  const pay = useSettlementMutation('settlement:pay');
  const handlers = useSaveHandlers(`已登记拨付：${s.number}`, onClose);
  return (
    <FormModal<Values>
      title={`登记拨付：${s.number}`}
      okText="登记拨付"
      open={open}
      pending={pay.isPending}
      initialValues={{ paidOn: dayjs() }}
      onClose={onClose}
      onSubmit={(v, form) =>
        pay.mutate({ id: s.id, paidOn: v.paidOn.format(DAY), paymentRef: v.paymentRef.trim() }, handlers(form))
      }
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={`拨付给 ${s.institutionName}：${s.voucherCount} 张，${formatAmount(s.totalFen)}`}
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
      <Form.Item label="拨付日期" name="paidOn" rules={[{ required: true, message: '请选择拨付日期' }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}
