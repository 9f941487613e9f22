import { Alert, Modal, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { Candidate } from '../../../../shared/contract/schemas/training';
import { errorText, useFeedback } from '../../app/feedback';
import { formatTime } from '../../app/format';
import { useCandidates, useTrainingMutation } from './api';

const columns: ColumnsType<Candidate> = [
  { title: '券号', dataIndex: 'serial' },
  { title: '学员', key: 'holder', render: (_, c) => `${c.holderName}（尾号 ${c.idLast4}）` },
  { title: '核销时间', dataIndex: 'redeemedAt', render: formatTime },
  // A voucher pays for one occupation and level: others cannot join this class, and say why.
  {
    title: '能否加入本班',
    key: 'mismatch',
    render: (_, c) =>
      c.mismatch ? (
        <Typography.Text type="danger">{c.mismatch}</Typography.Text>
      ) : (
        <Typography.Text type="success">可加入</Typography.Text>
      ),
  },
];

/** Students are vouchers this institution redeemed and no class holds yet. */
export function AddMembersModal({ uid, open, onClose }: { uid: string; open: boolean; onClose: () => void }) {
  const candidates = useCandidates(uid, open);
  const add = useTrainingMutation('class:addMembers');
  const feedback = useFeedback();
  const [selected, setSelected] = useState<string[]>([]);

  const close = () => {
    setSelected([]);
    onClose();
  };
  const submit = () =>
    add.mutate(
      { uid, serials: selected },
      {
        onSuccess: () => {
          feedback.success(`已添加 ${selected.length} 名学员`);
          close();
        },
        onError: feedback.error,
      },
    );

  return (
    <Modal
      title="添加学员"
      open={open}
      width={760}
      onCancel={close}
      onOk={submit}
      okText={selected.length > 0 ? `添加 ${selected.length} 名学员` : '添加'}
      okButtonProps={{ disabled: selected.length === 0 }}
      confirmLoading={add.isPending}
      destroyOnHidden
    >
      {candidates.isError && <Alert type="error" showIcon title={errorText(candidates.error)} />}
      <Table<Candidate>
        rowKey="serial"
        size="small"
        columns={columns}
        dataSource={candidates.data}
        loading={candidates.isFetching}
        locale={{ emptyText: '没有可添加的学员：只有本机构已核销、尚未编班的培训券可以添加' }}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys as string[]),
          getCheckboxProps: (c) => ({ disabled: c.mismatch !== null }),
        }}
        onRow={(c) => ({
          onClick: () =>
            c.mismatch === null &&
            setSelected((s) => (s.includes(c.serial) ? s.filter((x) => x !== c.serial) : [...s, c.serial])),
        })}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
      />
    </Modal>
  );
}
