import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { SettlementDetail } from '../../../../shared/contract/schemas/settlement';
import { useFeedback } from '../../app/feedback';
import { formatAmount } from '../../app/format';
import { scanAnomalies, useAnomalies } from '../stats/api';
import { useSettlementMutation } from './api';

/** What the scan before the question came to: done (with the rules that failed), or not run. */
type Scan = { failed: string[] } | null;

/** The question's words about the batch's flags, as read just now. */
function flagsText(scan: Scan, flagged: number | undefined): string {
  if (flagged === undefined) return '未能读取本批次的异常提示，请先核对批次信息下方的提示。';
  const stale =
    scan === null
      ? '未能重新检查异常，以下为上次检查的结果。'
      : scan.failed.length
        ? `规则“${scan.failed.join('”“')}”检查失败，此类提示为上次检查的结果。`
        : '';
  return stale + (flagged > 0 ? `本批次涉及 ${flagged} 条异常提示（见批次信息下方），请核实后再通过。` : '');
}

/**
 * 复核通过, asked with the batch's flags as they are at that moment: the rules run again first (they
 * otherwise run hourly, and a flag raised since would be missing from the question and from the count
 * the approval records), then the flags are read and the count and which flags they are (the list's
 * digest) sent with the approval, which the server refuses if the batch has more, or others, by then.
 */
export function useApprove(s: SettlementDetail): { ask: () => Promise<void>; busy: boolean } {
  const feedback = useFeedback();
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const approve = useSettlementMutation('settlement:approve');
  const anomalies = useAnomalies({ settlementId: s.id, page: 1, pageSize: 1 }, s.status === 'submitted');
  const [checking, setChecking] = useState(false);
  // A second click while the first is still checking would scan twice and ask twice; a page left
  // while checking must not then ask about a batch no longer on screen.
  const inFlight = useRef(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const ask = async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setChecking(true);
    let scan: Scan = null;
    let flagged: number | undefined;
    let digest: string | undefined;
    try {
      scan = await scanAnomalies(qc).then(
        (r) => ({ failed: r.failed }),
        () => null,
      );
      const read = await anomalies.refetch();
      // A failed read keeps the previous data: that count is not this moment's.
      flagged = read.isError ? undefined : read.data?.total;
      digest = read.isError ? undefined : read.data?.digest;
    } finally {
      inFlight.current = false;
      if (mounted.current) setChecking(false);
    }
    if (!mounted.current) return;
    modal.confirm({
      title: `复核通过：${s.number}`,
      content: `${s.institutionName}，${s.voucherCount} 张，${formatAmount(s.totalFen)}。复核通过后即可登记拨付。${flagsText(scan, flagged)}`,
      okText: '复核通过',
      cancelText: '取消',
      onOk: () =>
        approve
          .mutateAsync({
            id: s.id,
            ...(flagged === undefined ? {} : { anomaliesSeen: flagged }),
            ...(digest === undefined ? {} : { anomaliesDigest: digest }),
          })
          .then(
            () => feedback.success('已复核通过，待拨付'),
            (e: unknown) => feedback.error(e),
          ),
    });
  };
  return { ask, busy: checking || approve.isPending };
}
