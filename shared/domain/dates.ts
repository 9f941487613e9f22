// Calendar days as 'YYYY-MM-DD' text, the way the database stores them on both engines.

/** The day `days` after (or before, when negative) `date`. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
