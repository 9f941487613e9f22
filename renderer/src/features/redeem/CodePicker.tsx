import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Modal, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { VerifyResult } from '../../../../shared/contract/schemas/voucher';
import { maskName } from '../../../../shared/domain/mask';
import { callResult } from '../../app/api';
import { useRowKeyboard } from '../../app/useRowKeyboard';

const LABELLED = 200;

interface Row {
  index: number;
  text: string;
  verdict: VerifyResult | null;
}

interface Props {
  codes: string[] | null;
  institutionCode: string | undefined;
  onPick: (text: string) => void;
  onClose: () => void;
}

/** A file with several vouchers (e.g. a printed batch): each is checked so the operator can tell them apart. */
export function CodePicker({ codes, institutionCode, onPick, onClose }: Props) {
  const rows = useQuery({
    queryKey: ['redeem', 'pick', codes, institutionCode],
    enabled: codes !== null,
    staleTime: 0,
    queryFn: async (): Promise<Row[]> =>
      Promise.all(
        (codes ?? []).map(async (text, index) => {
          if (index >= LABELLED) return { index, text, verdict: null };
          const r = await callResult('redeem:check', { text, institutionCode });
          return { index, text, verdict: r.ok ? r.value : null };
        }),
      ),
  });
  const { tableRef, onRowKey } = useRowKeyboard((r: Row) => onPick(r.text));

  const columns: ColumnsType<Row> = [
    { title: '序号', dataIndex: 'index', width: 64, render: (i: number) => i + 1 },
    { title: '券号', key: 'serial', render: (_, r) => r.verdict?.serial ?? '—' },
    {
      title: '持券人',
      key: 'holder',
      render: (_, r) =>
        r.verdict?.voucher ? `${maskName(r.verdict.voucher.holderName)}（尾号 ${r.verdict.voucher.idLast4}）` : '—',
    },
    {
      title: '核验结果',
      key: 'verdict',
      render: (_, r) =>
        !r.verdict ? (
          '—'
        ) : r.verdict.valid ? (
          <Tag color="success">可以核销</Tag>
        ) : (
          <Tag color="error">{r.verdict.message}</Tag>
        ),
    },
    {
      title: '操作',
      key: 'pick',
      width: 80,
      render: (_, r) => (
        <Button type="link" onClick={() => onPick(r.text)}>
          选择
        </Button>
      ),
    },
  ];

  return (
    <Modal
      title={`文件中有 ${codes?.length ?? 0} 张培训券，请选择要核销的一张`}
      open={codes !== null}
      onCancel={onClose}
      footer={null}
      width={820}
      destroyOnHidden
    >
      {rows.isError && <Alert type="error" showIcon title="核验失败，请重试" />}
      <div ref={tableRef}>
        <Table<Row>
          rowKey="index"
          size="small"
          columns={columns}
          dataSource={rows.data}
          loading={rows.isFetching}
          pagination={{ pageSize: 10, showSizeChanger: false }}
          rowClassName={() => 'clickable-row'}
          onRow={(r) => ({ tabIndex: 0, onDoubleClick: () => onPick(r.text), onKeyDown: (e) => onRowKey(e, r) })}
        />
      </div>
    </Modal>
  );
}
