import dayjs from 'dayjs';
import { useMemo } from 'react';
import { STATS_DIMENSIONS, type StatsDimension } from '../../../../shared/contract/schemas/stats';
import { useQueryParams } from '../../app/useQueryParams';
import type { MonthRange } from './api';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const month = (s: string | null) => (s && MONTH.test(s) ? s : undefined);

/** The first year the system holds vouchers for. */
export const FIRST_YEAR = 2023;

export function statsYears(): number[] {
  const years: number[] = [];
  for (let y = FIRST_YEAR; y <= Math.max(FIRST_YEAR, dayjs().year()); y++) years.push(y);
  return years;
}

/** A whole calendar year when the range is exactly January to December of one year. */
export function yearOf(range: MonthRange): number | undefined {
  const y = range.from?.slice(0, 4);
  return y && range.from === `${y}-01` && range.to === `${y}-12` ? Number(y) : undefined;
}

export function rangeText(range: MonthRange): string {
  const y = yearOf(range);
  if (y) return `${y} 年`;
  if (range.from && range.to) return `${range.from} 至 ${range.to}`;
  if (range.from) return `${range.from} 起`;
  if (range.to) return `截至 ${range.to}`;
  return '全部时间';
}

/** The dashboard's filters, kept in the URL so a reload or the back button keeps them. */
export function useStatsFilter() {
  const [params, patch] = useQueryParams();
  const from = month(params.get('from'));
  const to = month(params.get('to'));
  const range = useMemo<MonthRange>(() => ({ from, to }), [from, to]);
  const dimParam = params.get('dim');
  const dim: StatsDimension = (STATS_DIMENSIONS as readonly string[]).includes(dimParam ?? '')
    ? (dimParam as StatsDimension)
    : 'plan';
  return {
    range,
    dim,
    setDim: (d: StatsDimension) => patch({ dim: d === 'plan' ? undefined : d }),
    setYear: (year: number | null) =>
      patch(year ? { from: `${year}-01`, to: `${year}-12` } : { from: undefined, to: undefined }),
    setMonths: (f: string | undefined, t: string | undefined) => patch({ from: f, to: t }),
    params,
    patch,
  };
}

export type StatsFilter = ReturnType<typeof useStatsFilter>;
