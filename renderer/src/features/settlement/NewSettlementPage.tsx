import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Form, Select, Table, Typography, type RefSelectProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { SettlementCandidate } from '../../../../shared/contract/schemas/settlement';
import { errorText, useFeedback } from '../../app/feedback';
import { usePageFocus } from '../../app/usePageFocus';
import { useQueryParams } from '../../app/useQueryParams';
import { useInstitutions } from '../catalog/api';
import { INSTITUTION_STATUS_LABELS, searchByLabel } from '../catalog/labels';
import { useSettlementCandidates, useSettlementMutation } from './api';
import { moneyColumns, ruleText, voucherColumns, YUAN_NOTE } from './columns';
import { SelectionSummary } from './SelectionSummary';

const columns: ColumnsType<SettlementCandidate> = [
  ...voucherColumns<SettlementCandidate>(),
  ...moneyColumns<SettlementCandidate>(),
  {
    title: '规则',
    dataIndex: 'rule',
    render: (_, c) =>
      c.payable ? ruleText(c.rule) : <Typography.Text type="danger">不可结算：{c.reason ?? '—'}</Typography.Text>,
  },
];

/** 新建结算批次: pick an institution, keep the vouchers to pay, submit for review by another person. */
export function NewSettlementPage() {
  const navigate = useNavigate();
  const feedback = useFeedback();
  const [params, patch] = useQueryParams();
  const institutionId = Number(params.get('institution')) || undefined;
  const institutions = useInstitutions();
  const candidates = useSettlementCandidates(institutionId);
  const create = useSettlementMutation('settlement:create');
  const [note, setNote] = useState('');
  const institutionRef = useRef<RefSelectProps>(null);
  usePageFocus(institutionRef);
  // Until the user changes it, the selection is every payable voucher of the chosen institution.
  const [picked, setPicked] = useState<{ institutionId: number; ids: number[] } | null>(null);

  const rows = candidates.data ?? [];
  const payable = rows.filter((c) => c.payable);
  const selected = picked && picked.institutionId === institutionId ? picked.ids : payable.map((c) => c.voucherId);
  const chosen = payable.filter((c) => selected.includes(c.voucherId));
  const totalFen = chosen.reduce((sum, c) => sum + c.amountFen, 0);

  const submit = () => {
    if (!institutionId || chosen.length === 0) return;
    create.mutate(
      { institutionId, voucherIds: chosen.map((c) => c.voucherId), note: note.trim() },
      {
        onSuccess: (s) => {
          feedback.success(`已提交结算批次 ${s.number}，等待复核`);
          navigate(`/settlement/${s.id}`, { replace: true });
        },
        onError: (e) => {
          feedback.error(e);
          void candidates.refetch(); // a voucher may have gone to another batch meanwhile
        },
      },
    );
  };

  return (
    <Card
      title="新建结算批次"
      extra={
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/settlement')}>
          返回
        </Button>
      }
    >
      <Form layout="vertical" style={{ maxWidth: 720 }}>
        <Form.Item label="培训机构" htmlFor="settlement-institution" required>
          <Select
            id="settlement-institution"
            ref={institutionRef}
            showSearch={searchByLabel}
            placeholder="选择要结算的培训机构（可输入名称搜索）"
            loading={institutions.isLoading}
            value={institutionId}
            options={institutions.data?.map((i) => ({
              value: i.id,
              label: i.status === 'active' ? i.name : `${i.name}（${INSTITUTION_STATUS_LABELS[i.status]}）`,
            }))}
            onChange={(v: number) => patch({ institution: String(v) })}
          />
        </Form.Item>
      </Form>
      {institutionId === undefined ? (
        <Empty description="请先选择培训机构" />
      ) : candidates.isError ? (
        <Alert type="error" showIcon title={errorText(candidates.error)} />
      ) : (
        <>
          {!candidates.isFetching && rows.length > 0 && payable.length === 0 && (
            <Alert type="info" showIcon title="该机构暂无可结算的培训券" style={{ marginBottom: 16 }} />
          )}
          <Table<SettlementCandidate>
            rowKey="voucherId"
            size="small"
            columns={columns}
            dataSource={rows}
            loading={candidates.isFetching}
            scroll={{ x: true }}
            title={() => <Typography.Text type="secondary">{YUAN_NOTE}</Typography.Text>}
            locale={{ emptyText: '该机构暂无可结算的培训券' }}
            rowSelection={{
              selectedRowKeys: selected,
              getCheckboxProps: (c) => ({ disabled: !c.payable, 'aria-label': `选择 ${c.serial}` }),
              onChange: (keys) => institutionId && setPicked({ institutionId, ids: keys as number[] }),
            }}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 张` }}
          />
          <SelectionSummary
            count={chosen.length}
            totalFen={totalFen}
            note={note}
            onNote={setNote}
            pending={create.isPending}
            onSubmit={submit}
          />
        </>
      )}
    </Card>
  );
}
