/** The year the plans' and the county's targets were set for (the 2025 programme). */
export const TARGET_YEAR = 2025;

/**
 * Said beside those targets once their year is over (issue 16 §7): the numbers stay, to compare
 * against, but are no longer this year's; null while the year runs.
 */
export function targetYearNote(now: Date = new Date()): string | null {
  if (now.getFullYear() <= TARGET_YEAR) return null;
  return `${TARGET_YEAR} 年已结束：以下为 ${TARGET_YEAR} 年的目标，仅供对照，不是 ${now.getFullYear()} 年的目标。`;
}
