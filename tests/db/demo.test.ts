// Issue 13 §2: `cli demo` makes its data through the real flows, by logged-in demo users, so that
// every screen shows the same figures: the dashboard's counts equal what the archives and the
// voucher lists say, the settlements add up, and the audit chain verifies.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHighSkill } from '../../shared/catalog/skillLevels';
import type { Archive } from '../../shared/contract/schemas/archive';
import { VOUCHER_STATUSES, type VoucherStatus } from '../../shared/contract/schemas/voucher';
import { openCli, type CliRuntime } from '../../electron/cli/runtime';
import { runCli } from '../fixtures/cli';

const dir = mkdtempSync(join(tmpdir(), 'longling-demo-'));
const file = join(dir, 'demo.db');
const ADMIN = { LONGLING_ADMIN_PASSWORD: 'Passw0rd123', LONGLING_KEY_PASSPHRASE: '' };
const WORKERS = 150;

/** The real CLI, with room for a loaded machine (the fixture stops a child after a minute). */
function demo(args: string[], env: Record<string, string> = ADMIN) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', 'demo', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 240_000,
  });
  return { code: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
}

let out: ReturnType<typeof demo>;
let cli: CliRuntime;
let archives: Archive[];

beforeAll(async () => {
  out = demo(['--db', file, '--workers', String(WORKERS), '--seed', '7', '--admin', 'me']);
  if (out.code !== 0) throw new Error(out.stderr || out.stdout);
  cli = await openCli(file);
  const ids: number[] = [];
  for (let page = 1; ; page++) {
    const p = await cli.call('worker:search', { q: '', page, pageSize: 200 });
    ids.push(...p.items.map((w) => w.id));
    if (page * 200 >= p.total) break;
  }
  archives = await Promise.all(ids.map((id) => cli.call('archive:get', { id })));
}, 300_000);
afterAll(async () => {
  await cli?.close();
  rmSync(dir, { recursive: true, force: true });
});

const EVER_REDEEMED: VoucherStatus[] = ['redeemed', 'completed', 'certified', 'settled'];
const sum = <T>(list: T[], f: (x: T) => number) => list.reduce((n, x) => n + f(x), 0);
const vouchers = () => archives.flatMap((a) => a.vouchers);

describe('cli demo', () => {
  it('registers the workers and leaves vouchers in every state, over months', async () => {
    expect(archives).toHaveLength(WORKERS);
    for (const status of VOUCHER_STATUSES)
      expect(vouchers().filter((v) => v.status === status).length).toBeGreaterThan(0);
    // Issued over months: the dashboard's months are those the vouchers were issued in. How many
    // depends on the day the demo ends (a term's issue days can leave a month without any; 6 of 8
    // on about half the days of a year), so the figure is checked against the vouchers themselves.
    const months = await cli.call('stats:breakdown', { dim: 'month' });
    const issued = [...new Set(vouchers().map((v) => v.issueDate.slice(0, 7)))].sort();
    expect(months.map((m) => m.label)).toEqual(issued.map((m) => `${m.slice(0, 4)} 年 ${Number(m.slice(5))} 月`));
    expect(months.length).toBeGreaterThanOrEqual(5);
    expect(out.stdout).toContain(`劳动者 ${WORKERS} 人`);
  });

  it('the dashboard counts what the archives and the voucher lists hold', async () => {
    const byPlan = await cli.call('stats:breakdown', { dim: 'plan' });
    const total = (k: 'issued' | 'redeemed' | 'expired' | 'revoked' | 'settled' | 'paidFen') =>
      sum(byPlan, (r) => r[k]);
    const all = vouchers();
    const count = (s: VoucherStatus) => all.filter((v) => v.status === s).length;
    for (const status of VOUCHER_STATUSES)
      expect((await cli.call('voucher:list', { status, pageSize: 1 })).total, status).toBe(count(status));
    expect(total('issued')).toBe(all.length);
    expect(total('expired')).toBe(count('expired'));
    expect(total('revoked')).toBe(count('revoked'));
    expect(total('settled')).toBe(count('settled'));

    // 培训人次: every redeemed voucher is a training in its holder's archive, plus those entered by hand.
    const trainings = archives.flatMap((a) => a.trainings);
    const system = trainings.filter((t) => t.source === 'system');
    const historical = trainings.filter((t) => t.source === 'historical');
    expect(total('redeemed')).toBe(sum(EVER_REDEEMED, count));
    expect(system).toHaveLength(total('redeemed'));
    const overview = await cli.call('stats:overview', {});
    const goal = (k: string) => overview.county.find((g) => g.key === k)!.actual;
    expect(overview.historicalTrainings).toBe(historical.length);
    expect(goal('personTimes')).toBe(system.length + historical.length);

    // 技能人才 and 高技能人才: workers whose archive holds a skill certificate, at 三级 or above.
    const skills = archives.map((a) =>
      a.certificates.filter((c) => ['skill_level', 'special_ability'].includes(c.type)),
    );
    expect(goal('skilled')).toBe(skills.filter((c) => c.length > 0).length);
    expect(goal('highSkill')).toBe(skills.filter((c) => c.some((x) => isHighSkill(x.level))).length);
    expect(goal('highSkill')).toBeGreaterThan(0);

    // Each plan's trained and certified against its vouchers' histories.
    for (const p of overview.plans) {
      const mine = all.filter((v) => v.planName === p.plan);
      expect(p.trained, p.plan).toBe(mine.filter((v) => EVER_REDEEMED.includes(v.status)).length);
      expect(p.certified, p.plan).toBe(mine.filter((v) => v.events.some((e) => e.toStatus === 'certified')).length);
    }

    // Redemptions per institution: the archives' trainings name where they were.
    for (const r of await cli.call('stats:breakdown', { dim: 'institution' })) {
      if (r.key === '0') continue;
      expect(r.redeemed, r.label).toBe(system.filter((t) => t.institutionName === r.label).length);
    }
  });

  it('money adds up: paid batches, paid vouchers, the archives’ subsidies and the ledger', async () => {
    const byPlan = await cli.call('stats:breakdown', { dim: 'plan' });
    const paidFen = sum(byPlan, (r) => r.paidFen);
    const subsidies = archives.flatMap((a) => a.subsidies);
    expect(paidFen).toBeGreaterThan(0);
    expect(sum(subsidies, (s) => s.amountFen)).toBe(paidFen);
    const batches = (await cli.call('settlement:list', { pageSize: 200 })).items;
    expect(
      sum(
        batches.filter((b) => b.status === 'paid'),
        (b) => b.totalFen,
      ),
    ).toBe(paidFen);
    const ledger = await cli.call('ledger:get', {});
    expect(sum(ledger, (l) => l.paidFen)).toBe(paidFen);
    const recovered = sum(batches, (b) => b.recoveredFen);
    expect(recovered).toBeGreaterThan(0);
    expect(sum(ledger, (l) => l.recoveredFen)).toBe(recovered);
    // Batches in every stage today: paid, approved and waiting for payment, waiting for review.
    expect(new Set(batches.map((b) => b.status))).toEqual(new Set(['paid', 'approved', 'submitted']));
    // Every subsidy paid has its payee and a training behind it that was passed.
    for (const a of archives)
      for (const s of a.subsidies) {
        expect(s.institutionName).toBeTruthy();
        const v = a.vouchers.find((x) => x.serial === s.serial)!;
        const t = a.trainings.find(
          (x) => x.source === 'system' && x.occupationName === v.occupationName && x.level === v.level,
        );
        expect(t?.className, s.serial).toBeTruthy();
        expect(t?.result).toBe('passed');
      }
  });

  it('was done by people: operators redeem, clerks prepare, reviewers approve, the admins do neither', async () => {
    const events = vouchers().flatMap((v) => v.events);
    const by = (to: VoucherStatus) => new Set(events.filter((e) => e.toStatus === to).map((e) => e.username));
    expect([...by('redeemed')].every((u) => u?.startsWith('demo-op-'))).toBe(true);
    expect([...by('revoked')].every((u) => u?.startsWith('demo-reviewer'))).toBe(true);
    expect([...by('settled')].every((u) => u?.startsWith('demo-clerk'))).toBe(true);
    expect([...by('expired')]).toEqual([null]);
    const batches = (await cli.call('settlement:list', { pageSize: 200 })).items;
    const clerks = ['李春梅（演示）', '赵志强（演示）'];
    const reviewers = ['周海燕（演示）', '杨国良（演示）'];
    for (const b of batches) {
      expect(clerks).toContain(b.preparedBy);
      if (b.reviewedBy) expect(reviewers).toContain(b.reviewedBy);
    }
    // One batch was returned once and resubmitted before its approval.
    const details = await Promise.all(batches.map((b) => cli.call('settlement:get', { id: b.id })));
    expect(details.some((d) => d.events.some((e) => e.action === 'return'))).toBe(true);
    // Every account change of the demo's users was confirmed by a second administrator.
    const users = (await cli.call('user:list', {})).filter((u) => u.username.startsWith('demo-'));
    expect(users).toHaveLength(10);
    const pending = await cli.call('user:changes', { pendingOnly: true });
    expect(pending.filter((c) => c.username.startsWith('demo-'))).toEqual([]);
  });

  it('prints the demo accounts without any password, and the audit chain verifies', () => {
    expect(out.stdout).toContain('演示账号（密码随机生成，未显示也未保存）');
    for (const u of ['demo-admin', 'demo-clerk1', 'demo-reviewer2', 'demo-op-ll-px-003'])
      expect(out.stdout).toContain(u);
    expect(out.stdout + out.stderr).not.toMatch(/密码[:：]\s*\S/);
    const verify = runCli(['audit', 'verify', '--db', file, '--json']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, keyChecked: true });
  });

  it('runs once per database, and needs an administrator someone can log in with', () => {
    const again = demo(['--db', file, '--workers', '3']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('演示数据只能生成一次');
    const fresh = demo(['--db', join(dir, 'fresh.db'), '--workers', '3'], { LONGLING_KEY_PASSPHRASE: '' });
    expect(fresh.code).toBe(1);
    expect(fresh.stderr).toContain('--admin');
    expect(fresh.stderr).toContain('init');
  });
});
