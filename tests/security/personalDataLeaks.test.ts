// Issue 12 §1, the leak detector: on a database with personal data everywhere, every channel each
// role may call (from the contract: CHANNEL_NAMES and each channel's access) is called with valid
// inputs, jobs are waited for and every workbook and PDF handed over is read back. No answer to a
// reviewer or an institution operator may hold a full ID number or phone of anyone in the database
// (past values included), and no answer to anyone may hold a mask beside the birth date it hides.
// Before this issue it found worker:history's full numbers and birth dates beside masks in lists,
// details, the archive, exports and the extract PDF.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/dispatcher';
import { channels, CHANNEL_NAMES, type ChannelName } from '../../shared/contract/channels';
import type { Role } from '../../shared/contract/roles';
import { validInputs } from '../fixtures/channelInputs';
import { follow, leaksIn } from '../fixtures/leakScan';
import { makePersonalWorld, type PersonalWorld } from '../fixtures/personalWorld';

/** Channels that end, lock or change the caller's session: called with the role's spare account. */
const SESSION_CHANNELS: readonly ChannelName[] = [
  'auth:login',
  'auth:logout',
  'auth:lock',
  'auth:unlock',
  'auth:changePassword',
];
/** For clerks and admins only what reads is called (their writes would change the world mid-run). */
const NOT_FOR_STAFF: readonly ChannelName[] = [
  'voucher:issueBatch',
  'backup:run',
  'keys:unlock',
  'import:workers',
  'import:history',
];

const mayCall = (role: Role, name: ChannelName) => {
  const access = channels[name].access;
  return access === 'public' || access === 'user' || access.includes(role);
};

interface Call {
  role: Role;
  channel: ChannelName;
  ok: string;
}

let w: PersonalWorld;
const findings: string[] = [];
const calls: Call[] = [];
const missing: string[] = [];
const files = new Map<string, number>();

async function sweep(role: Role, token: string, masksOnly: boolean) {
  const table = validInputs(w, role);
  for (const name of CHANNEL_NAMES) {
    if (!mayCall(role, name)) continue;
    if (!masksOnly && (channels[name].mutates || NOT_FOR_STAFF.includes(name) || name.startsWith('auth:'))) continue;
    const entry = table[name] as (() => unknown[] | Promise<unknown[]>) | undefined;
    const inputs = entry ? await entry() : channels[name].input.safeParse({}).success ? [{}] : null;
    if (!inputs) {
      missing.push(`${role} ${name}`);
      continue;
    }
    for (const input of inputs) {
      const parsed = channels[name].input.safeParse(input);
      if (!parsed.success) throw new Error(`fixture input for ${name} is not valid: ${parsed.error.message}`);
      const tok =
        masksOnly && SESSION_CHANNELS.includes(name)
          ? await w.spare(role === 'reviewer' ? 'reviewer' : 'institutionOperator')
          : token;
      const answer = await dispatch(w.env, tok, name, input);
      const seen = await follow(w.env, tok, answer);
      for (const f of seen.files) files.set(f, (files.get(f) ?? 0) + 1);
      calls.push({ role, channel: name, ok: answer.ok ? 'ok' : answer.error.code });
      for (const text of seen.texts)
        for (const leak of leaksIn(text, w.people, input, !masksOnly))
          findings.push(`${role} ${name} ${JSON.stringify(input).slice(0, 80)}: ${leak}`);
    }
  }
}

beforeAll(async () => {
  w = await makePersonalWorld();
  await sweep('reviewer', w.reviewer, true);
  await sweep('institutionOperator', w.operator, true);
  await sweep('clerk', w.clerk, false);
  await sweep('admin', w.adminToken, false);
  console.log(
    `leak detector: ${calls.length} calls (${calls.filter((c) => c.ok === 'ok').length} answered ok), files read: ` +
      [...files].map(([k, n]) => `${k} ×${n}`).join(', '),
  );
}, 600_000);
afterAll(() => w?.close());

const answered = (role: Role, channel: ChannelName) =>
  calls.filter((c) => c.role === role && c.channel === channel).map((c) => c.ok);

describe('personal data leak detector', () => {
  it('has a valid input for every channel a reviewer or an operator may call', () => {
    expect(missing).toEqual([]);
  });

  it('gives reviewers and operators no full ID number or phone, and nobody a mask beside its birth date', () => {
    expect(findings).toEqual([]);
  });

  it('reached the data: the reviewer was answered by lists, details, history, archives, exports and PDFs', () => {
    for (const channel of [
      'worker:search',
      'worker:get',
      'worker:history',
      'archive:get',
      'archive:extract',
      'export:workers',
      'export:vouchers',
      'export:archive',
      'voucher:list',
      'voucher:get',
      'voucher:pdf',
      'settlement:get',
      'settlement:xlsx',
      'settlement:pdf',
    ] as const)
      expect(answered('reviewer', channel), channel).toContain('ok');
    for (const channel of ['class:list', 'class:get', 'redeem:check'] as const)
      expect(answered('institutionOperator', channel), channel).toContain('ok');
    expect([...files.keys()].sort()).toEqual(['pdf', 'xlsx']);
  });

  it('refuses a reviewer every full view: worker, archive, extract and exports', () => {
    for (const channel of [
      'worker:get',
      'archive:get',
      'archive:extract',
      'export:workers',
      'export:vouchers',
    ] as const)
      expect(answered('reviewer', channel), channel).toContain('FORBIDDEN');
  });
});
