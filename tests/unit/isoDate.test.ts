// Dates typed or sent to any channel are days of the calendar within the app's years: a regex alone
// let 30 February through (Date.parse reads it as 1 March), and a year 0000.
import { describe, expect, it } from 'vitest';
import { IsoDate } from '../../shared/contract/schemas/common';

/** The one message a date gets (a mistake is told once, not once per check). */
const message = (d: string) => {
  const r = IsoDate.safeParse(d);
  if (r.success) return null;
  expect(r.error.issues).toHaveLength(1);
  return r.error.issues[0]!.message;
};

describe('IsoDate', () => {
  it('takes days of the calendar, 29 February of a leap year included', () => {
    for (const d of ['2026-12-06', '2024-02-29', '1900-01-01', '2099-12-31']) expect(message(d)).toBeNull();
  });

  it('refuses days that do not exist, saying so in Chinese', () => {
    for (const d of ['2026-02-30', '2025-02-29', '2026-04-31', '2026-13-01', '2026-00-10'])
      expect(message(d)).toBe('日期不存在，请核对年月日');
  });

  it('refuses years outside 1900–2099 and other formats', () => {
    expect(message('0000-01-01')).toBe('日期应在 1900 年至 2099 年之间');
    expect(message('2100-01-01')).toBe('日期应在 1900 年至 2099 年之间');
    expect(message('2026-2-3')).toBe('日期格式应为 YYYY-MM-DD');
    expect(message('')).toBe('日期格式应为 YYYY-MM-DD');
  });
});
