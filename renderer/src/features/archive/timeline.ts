import dayjs from 'dayjs';
import { EMPLOYMENT_KINDS, HONOUR_RANKS, type Archive } from '../../../../shared/contract/schemas/archive';
import { VOUCHER_STATUS_LABELS } from '../../../../shared/contract/schemas/voucher';
import { levelLabel } from '../catalog/labels';
import { certificateTypeLabel, dateRange, RESULT_LABELS } from './labels';

export type TimelineKind = 'registration' | 'voucher' | 'training' | 'certificate' | 'honour' | 'employment';

export interface TimelineEntry {
  key: string;
  kind: TimelineKind;
  /** What the entry is sorted by: local 'YYYY-MM-DDTHH:mm:ss', 'YYYY-MM-DD' or, for an honour, 'YYYY'. */
  sortKey: string;
  /** As shown: a time, a date or a year. */
  when: string;
  title: string;
  detail: string;
  historical: boolean;
}

const local = (iso: string) => dayjs(iso).format('YYYY-MM-DDTHH:mm:ss');
const shown = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');
const join = (...parts: (string | null | undefined | false)[]) => parts.filter(Boolean).join('　');

/** Everything in the archive that happened on a day, newest first; entries on the same day keep their order. */
export function timelineOf(a: Archive): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  const w = a.worker;
  out.push({
    key: 'registration',
    kind: 'registration',
    sortKey: local(w.createdAt),
    when: shown(w.createdAt),
    title: '登记建档',
    detail: w.townshipName,
    historical: false,
  });
  for (const v of a.vouchers) {
    v.events.forEach((e, i) => {
      const change = e.fromStatus
        ? `${VOUCHER_STATUS_LABELS[e.fromStatus]} → ${VOUCHER_STATUS_LABELS[e.toStatus]}`
        : VOUCHER_STATUS_LABELS[e.toStatus];
      out.push({
        key: `voucher-${v.id}-${i}`,
        kind: 'voucher',
        sortKey: local(e.at),
        when: shown(e.at),
        title: `培训券 ${v.serial}：${change}`,
        detail: join(
          i === 0 && `${v.occupationName} ${levelLabel(v.level)}`,
          e.note,
          e.username && `操作人：${e.displayName ?? e.username}`,
        ),
        historical: false,
      });
    });
  }
  a.trainings.forEach((t, i) => {
    out.push({
      key: `training-${i}`,
      kind: 'training',
      sortKey: t.startDate,
      when: t.startDate,
      title: `参加培训：${t.occupationName} ${levelLabel(t.level)}`,
      detail: join(
        t.institutionName,
        t.className,
        dateRange(t.startDate, t.endDate),
        t.hours ? `${t.hours} 学时` : null,
        t.result ? RESULT_LABELS[t.result] : '培训中',
      ),
      historical: t.source === 'historical',
    });
  });
  a.certificates.forEach((c, i) => {
    out.push({
      key: `certificate-${i}`,
      kind: 'certificate',
      sortKey: c.issuedOn,
      when: c.issuedOn,
      title: `取得证书：${certificateTypeLabel(c.type)}`,
      detail: join(`${c.occupationName} ${levelLabel(c.level)}`, `编号 ${c.number}`, c.issuingBody),
      historical: c.historical,
    });
  });
  for (const h of a.honours) {
    out.push({
      key: `honour-${h.id}`,
      kind: 'honour',
      sortKey: String(h.year),
      when: `${h.year} 年`,
      title: `${h.kind === 'competition' ? '竞赛获奖' : '荣誉称号'}：${h.name}`,
      detail: join(HONOUR_RANKS[h.rank], h.award, h.issuer),
      historical: h.historical,
    });
  }
  for (const e of a.employment) {
    out.push({
      key: `employment-${e.id}`,
      kind: 'employment',
      sortKey: e.startedOn,
      when: e.startedOn,
      title: `就业情况：${EMPLOYMENT_KINDS[e.kind]}`,
      detail: join(e.employer, e.note),
      historical: false,
    });
  }
  return out
    .map((entry, i) => ({ entry, i }))
    .sort((x, y) => (x.entry.sortKey === y.entry.sortKey ? y.i - x.i : x.entry.sortKey < y.entry.sortKey ? 1 : -1))
    .map((x) => x.entry);
}
