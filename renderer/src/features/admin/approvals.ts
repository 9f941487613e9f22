import type { Institution } from '../../../../shared/contract/schemas/catalog';

type Approval = Institution['approvals'][number];

/** One row per occupation, with every level it is approved for (the form and the table show these). */
export interface ApprovalRow {
  occupationCode?: string;
  levels?: Approval['level'][];
}

/** The stored list (one entry per occupation × level) as rows, in the order occupations first appear. */
export function groupApprovals(list: readonly Approval[]): ApprovalRow[] {
  const rows = new Map<string, Approval['level'][]>();
  for (const a of list) rows.set(a.occupationCode, [...(rows.get(a.occupationCode) ?? []), a.level]);
  return [...rows].map(([occupationCode, levels]) => ({ occupationCode, levels }));
}

/** Back to one entry per occupation × level, without repeats (an occupation chosen on two rows merges). */
export function flattenApprovals(rows: readonly ApprovalRow[] = []): Approval[] {
  const seen = new Set<string>();
  const out: Approval[] = [];
  for (const r of rows) {
    if (!r.occupationCode) continue;
    for (const level of r.levels ?? []) {
      const k = `${r.occupationCode}|${level}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push({ occupationCode: r.occupationCode, level });
    }
  }
  return out;
}
