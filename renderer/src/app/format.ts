import dayjs from 'dayjs';
import { fenToChineseUpper, fenToYuan } from '../../../shared/domain/money';

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : iso;
}

/** 150000 → ¥1,500.00 */
export const formatYuan = (fen: number) => `¥${fenToYuan(fen)}`;

/** 150000 → ¥1,500.00（壹仟伍佰元整） */
export const formatAmount = (fen: number) => `¥${fenToYuan(fen)}（${fenToChineseUpper(fen)}）`;

/** 150000 → 1,500.00, for columns and labels already headed （元） */
export const formatYuanBare = (fen: number) => fenToYuan(fen);

/** 12.5 → 12.5%, null (nothing to divide by) → — */
export const formatPercent = (pct: number | null | undefined) => (pct == null ? '—' : `${pct.toFixed(1)}%`);
