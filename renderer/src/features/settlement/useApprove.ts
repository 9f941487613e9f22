import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useState } from 'react';
import type { SettlementDetail } from '../../../../shared/contract/schemas/settlement';
import { call } from '../../app/api';
import { useFeedback } from '../../app/feedback';
import { formatAmount } from '../../app/format';
import { useAnomalies } from '../stats/api';
import { useSettlementMutation } from './api';

/**
 * 复核通过, asked with the batch's flags as they are at that moment: the rules run again first (they
 * otherwise run hourly, and a flag raised since would be missing from the question and from the count
 * the approval records), then the flags are read and the count sent with the approval, which the
 * server refuses if the batch has more by then.
 */
export function useApprove(s: SettlementDetail): { ask: () => Promise<void>; busy: boolean } {
  const feedback = useFeedback();
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const approve = useSettlementMutation('settlement:approve');
  const anomalies = useAnomalies({ settlementId: s.id, page: 1, pageSize: 1 }, s.status === 'submitted');
  const [checking, setChecking] = useState(false);

  const ask = async () => {
    setChecking(true);
    const scanned = await call('anomaly:scan', {}).then(
      () => true,
      () => false,
    );
    void qc.invalidateQueries({ queryKey: ['anomaly'] });
    const flagged = (await anomalies.refetch()).data?.total;
    setChecking(false);
    const flags =
      flagged === undefined
        ? '未能读取本批次的异常提示，请先核对批次信息下方的提示。'
        : (scanned ? '' : '未能重新检查异常，以下为上次检查的结果。') +
          (flagged > 0 ? `本批次涉及 ${flagged} 条异常提示（见批次信息下方），请核实后再通过。` : '');
    modal.confirm({
      title: `复核通过：${s.number}`,
      content: `${s.institutionName}，${s.voucherCount} 张，${formatAmount(s.totalFen)}。复核通过后即可登记拨付。${flags}`,
      okText: '复核通过',
      cancelText: '取消',
      onOk: () =>
        approve.mutateAsync({ id: s.id, ...(flagged === undefined ? {} : { anomaliesSeen: flagged }) }).then(
          () => feedback.success('已复核通过，待拨付'),
          (e: unknown) => feedback.error(e),
        ),
    });
  };
  return { ask, busy: checking || approve.isPending };
}
