// Every action and entity the app writes to the audit log is shown in Chinese (issue 16 §7): the
// ones named in the code (read from the source, so that a new one without a label fails here) and
// the channel names the dispatcher writes for writes without their own audit row.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS, auditChannelLabel } from '../../shared/catalog/auditLabels';
import { CHANNEL_NAMES } from '../../shared/contract/channels';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === 'migrations' ? [] : sources(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

function written(): { actions: Set<string>; entities: Set<string> } {
  const actions = new Set<string>();
  const entities = new Set<string>();
  for (const file of sources('electron')) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\baction: '([A-Za-z_]+)'/g)) actions.add(m[1]!);
    // action: cond ? 'signIn' : 'signOut'
    for (const m of text.matchAll(/\baction: [^,\n]*\? '([A-Za-z_]+)' : '([A-Za-z_]+)'/g))
      actions.add(m[1]!).add(m[2]!);
    for (const m of text.matchAll(/\bentity: '([A-Za-z_]+)'/g)) entities.add(m[1]!);
    for (const m of text.matchAll(/\baudited\(ctx, (?:[^,]+, )?'([A-Za-z]+)'/g)) actions.add(m[1]!);
    for (const m of text.matchAll(/\bFAILED = \{([^}]+)\}/g)) {
      for (const q of m[1]!.matchAll(/: '([A-Za-z]+)'/g)) actions.add(q[1]!);
    }
  }
  return { actions, entities };
}

describe('audit log labels', () => {
  it('has a Chinese label for every action and entity written in the code', () => {
    const { actions, entities } = written();
    expect(actions.size).toBeGreaterThan(30);
    expect([...actions].filter((a) => !AUDIT_ACTION_LABELS[a])).toEqual([]);
    expect([...entities].filter((e) => !AUDIT_ENTITY_LABELS[e])).toEqual([]);
  });

  it('has one for both halves of every channel name', () => {
    const halves = CHANNEL_NAMES.map((c) => c.split(':') as [string, string]);
    expect(halves.filter(([e]) => !AUDIT_ENTITY_LABELS[e]).map(([e]) => e)).toEqual([]);
    expect(halves.filter(([, a]) => !AUDIT_ACTION_LABELS[a]).map(([, a]) => a)).toEqual([]);
    expect(auditChannelLabel('settlement:pay')).toBe('资金结算·登记拨付');
  });

  it('labels are Chinese', () => {
    const all = [...Object.values(AUDIT_ACTION_LABELS), ...Object.values(AUDIT_ENTITY_LABELS)];
    expect(all.filter((l) => !/[\u4e00-\u9fff]/.test(l))).toEqual([]);
  });
});
