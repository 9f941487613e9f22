import { Modal, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { SettlementDetail, SettlementItem } from '../../../../shared/contract/schemas/settlement';
import { fenToYuan } from '../../../../shared/domain/money';
import { useFeedback } from '../../app/feedback';
import { formatYuan } from '../../app/format';
import { useSettlementMutation } from './api';

const columns: ColumnsType<SettlementItem> = [
  { title: '券号', dataIndex: 'serial', width: 180 },
  { title: '姓名', dataIndex: 'workerName', width: 90 },
  { title: '职业（工种）', dataIndex: 'occupationName' },
  { title: '拨付金额（元）', dataIndex: 'amountFen', width: 120, align: 'right', render: fenToYuan },
];

/** 重新提交 a returned batch, optionally without the vouchers the reviewer objected to. */
export function ResubmitModal({ s, open, onClose }: { s: SettlementDetail; open: boolean; onClose: () => void }) {
  const resubmit = useSettlementMutation('settlement:resubmit');
  const feedback = useFeedback();
  const [removed, setRemoved] = useState<number[]>([]);
  const keptFen = s.items.filter((i) => !removed.includes(i.voucherId)).reduce((sum, i) => sum + i.amountFen, 0);
  const all = removed.length === s.items.length;

  const close = () => {
    setRemoved([]);
    onClose();
  };
  const submit = () =>
    resubmit.mutate(
      { id: s.id, removeVoucherIds: removed },
      {
        onSuccess: () => {
          feedback.success('已重新提交，等待复核');
          close();
        },
        onError: feedback.error,
      },
    );

  return (
    <Modal
      title={`重新提交：${s.number}`}
      open={open}
      width={760}
      onCancel={close}
      onOk={submit}
      okText={removed.length > 0 ? `移出 ${removed.length} 张并重新提交` : '重新提交'}
      okButtonProps={{ disabled: all, autoFocus: true }}
      confirmLoading={resubmit.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        勾选要移出本批次的培训券（可不勾选）；移出的券回到可结算状态，可另行结算。
      </Typography.Paragraph>
      <Table<SettlementItem>
        rowKey="voucherId"
        size="small"
        columns={columns}
        dataSource={s.items}
        rowSelection={{ selectedRowKeys: removed, onChange: (keys) => setRemoved(keys as number[]) }}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
      />
      <Typography.Text type={all ? 'danger' : undefined}>
        {all
          ? '不能移出全部培训券；如不再结算，请撤销本批次'
          : `重新提交 ${s.items.length - removed.length} 张，合计 ${formatYuan(keptFen)}`}
      </Typography.Text>
    </Modal>
  );
}
