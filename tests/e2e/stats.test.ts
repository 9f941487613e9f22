import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import dayjs from 'dayjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Institution, Plan } from '../../shared/contract/schemas/catalog';
import type { VoucherDetail } from '../../shared/contract/schemas/voucher';
import type { WorkerDetail } from '../../shared/contract/schemas/worker';
import { dispatch } from '../../electron/core/dispatcher';
import { workerInput } from '../fixtures/env';
import { makeId } from '../fixtures/ids';
import { type E2E, login, reportFailures, startE2E, popupSettled } from './harness';
import { OPERATOR } from './institutionSetup';

const SHOTS = '/tmp/shots';
const MENGNUO = '530523103'; // 勐糯镇, about 35 km from the institution in 龙山镇
const LONGSHAN = '530523101';

let e: E2E;
reportFailures(() => e);
let redeemed: VoucherDetail;
let redeemedWorker: WorkerDetail;

/** Calls a channel as the institution's operator (classes, attendance and certificates are theirs). */
async function asOperator(token: string, channel: string, input: unknown) {
  const r = await dispatch(e.env, token, channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value;
}

beforeAll(async () => {
  e = await startE2E({ withKey: true });
  // An hour of the clock for the class below: the attendance rule itself is tested in tests/db.
  await e.admin('settings:update', {
    idleLockMinutes: 240,
    targetPersonTimes: 100,
    farRedemptionKm: 20,
    minAttendancePct: 0,
  });
  const institution = await e.admin<Institution>('catalog:institutionSave', {
    code: 'LL-PX-001',
    name: '龙陵县职业技能培训学校',
    nature: 'public',
    status: 'active',
    townshipCode: LONGSHAN,
    approvals: [{ occupationCode: '4-10-01-05', level: 'L5' }],
  });
  await e.admin('user:create', {
    ...OPERATOR,
    displayName: '机构操作员',
    role: 'institutionOperator',
    institutionId: institution.id,
  });
  const plans = await e.admin<Plan[]>('catalog:plans', {});
  const planId = plans.find((p) => p.code === 'skills_upgrade')!.id;

  const people = [
    { seq: 701, name: '杨勐糯', townshipCode: MENGNUO },
    { seq: 702, name: '李勐糯', townshipCode: MENGNUO },
    { seq: 703, name: '赵龙山', townshipCode: LONGSHAN },
  ];
  const issued: { v: VoucherDetail; w: WorkerDetail; idNumber: string }[] = [];
  for (const p of people) {
    const idNumber = makeId('530523', '19900101', p.seq);
    const w = await e.admin<WorkerDetail>('worker:create', workerInput({ ...p, idNumber }));
    const v = await e.admin<VoucherDetail>('voucher:issue', {
      workerId: w.id,
      planId,
      occupationCode: '4-10-01-05',
      level: 'L5',
      institutionId: null,
      fundSource: 'employment_subsidy',
    });
    issued.push({ v, w, idNumber });
  }
  // The first 勐糯镇 voucher is redeemed in 龙山镇, trained, passed and certified.
  const first = issued[0]!;
  redeemed = first.v;
  redeemedWorker = first.w;
  await e.admin('redeem:confirm', {
    text: first.v.qrText,
    idNumber: first.idNumber,
    institutionCode: institution.code,
  });

  const op = ((await dispatch(e.env, null, 'auth:login', OPERATOR)) as { ok: true; value: { token: string } }).value
    .token;
  const today = dayjs(e.clock.now()).format('YYYY-MM-DD');
  const cls = (await asOperator(op, 'class:create', {
    name: '养老护理员初级班',
    occupationCode: '4-10-01-05',
    level: 'L5',
    startDate: today,
    endDate: dayjs(e.clock.now()).add(30, 'day').format('YYYY-MM-DD'),
    plannedHours: 40, // 五级's 最低学时; the hour of attendance passes because the rate is set to 0 above
  })) as { uid: string };
  await asOperator(op, 'class:addMembers', { uid: cls.uid, serials: [first.v.serial] });
  await asOperator(op, 'attendance:sign', { classUid: cls.uid, serial: first.v.serial, action: 'in' });
  e.clock.advance(61 * 60_000);
  await asOperator(op, 'attendance:sign', { classUid: cls.uid, serial: first.v.serial, action: 'out' });
  await asOperator(op, 'completion:record', { serial: first.v.serial, result: 'passed', assessedOn: today });
  await asOperator(op, 'certificate:record', {
    serial: first.v.serial,
    type: 'skill_level',
    number: 'Y530523269001',
    occupationCode: '4-10-01-05',
    level: 'L5',
    issuingBody: '龙陵县职业技能鉴定中心',
    issuedOn: today,
  });
  // A training from before the system, entered by hand: it counts in 培训人次 too.
  await e.admin('archive:addHistoricalTraining', {
    workerId: issued[2]!.w.id,
    institutionName: '龙陵县农业技术推广站',
    occupationCode: '4-10-01-05',
    level: 'L5',
    startDate: '2024-03-01',
    endDate: '2024-03-10',
    hours: 40,
    result: 'passed',
  });
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await e?.close();
});

/** The open tab: the hidden ones are aria-hidden. */
const panel = (page: Page) => page.getByRole('tabpanel');
const cells = (page: Page, name: string) =>
  panel(page).getByRole('row').filter({ hasText: name }).first().getByRole('cell');

/** The content area scrolls inside the shell, so the window is made as tall as the page for a whole-page shot. */
async function shootWhole(page: Page, file: string) {
  const height = await page.evaluate(() => {
    const content = document.querySelector('.ant-layout-content');
    const header = document.querySelector('.ant-layout-header');
    return (content?.scrollHeight ?? 900) + (header?.clientHeight ?? 64);
  });
  await page.setViewportSize({ width: 1366, height: Math.min(6000, Math.max(900, height)) });
  await page.waitForTimeout(600); // charts redraw at the new size
  await page.screenshot({ path: join(SHOTS, file), fullPage: true });
  await page.setViewportSize({ width: 1366, height: 900 });
}

describe('统计分析 in Chromium', () => {
  it('shows the county goals, breaks vouchers down by township and exports Excel', async () => {
    const { page } = e;
    await login(page, e.url, 'admin', 'Passw0rd!');
    await page.getByRole('menuitem', { name: '统计分析' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/stats/);

    // 培训人次 = one voucher redeemed + one hand-entered historical training, against a target of 100.
    const personTimes = page.getByLabel('培训人次目标');
    await expect.poll(() => personTimes.textContent(), { timeout: 10_000 }).toContain('/ 100');
    const text = (await personTimes.textContent()) ?? '';
    expect(text).toMatch(/培训人次\s*2\s*\/ 100/);
    expect(text).toContain('2.0%');
    expect(text).toContain('含补录的历史培训 1 人次');
    const skilled = (await e.db.value('SELECT count(*) FROM worker_skill')) as number;
    expect(skilled).toBe(1);
    await expect
      .poll(() => page.getByLabel(/^技能人才.*目标$/).textContent())
      .toMatch(new RegExp(`^技能人才[^0-9]*${skilled}\\s*/`));

    // The plan table shows the plan with one trained and one certified.
    const planRow = page.getByRole('row').filter({ hasText: '职业技能提升' }).first();
    await expect.poll(() => planRow.count()).toBe(1);

    await page.getByRole('tab', { name: '按乡镇' }).click();
    await expect.poll(() => cells(page, '勐糯镇').count(), { timeout: 10_000 }).toBeGreaterThan(1);
    expect(await cells(page, '勐糯镇').nth(1).textContent()).toBe('2'); // 发券数
    expect(await cells(page, '勐糯镇').nth(2).textContent()).toBe('1'); // 核销数
    expect(await cells(page, '龙山镇').nth(1).textContent()).toBe('1');
    expect(
      await panel(page)
        .getByRole('img', { name: /按乡镇/ })
        .count(),
    ).toBe(1);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel(page).getByRole('button', { name: '导出 Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = join(e.dir, download.suggestedFilename());
    await download.saveAs(file);
    expect(statSync(file).size).toBeGreaterThan(1000);
    await panel(page).screenshot({ path: join(SHOTS, 'stats-township.png') });

    await page.getByRole('tab', { name: '按月份' }).click();
    await expect
      .poll(() =>
        panel(page)
          .getByRole('img', { name: /按月份.*折线图/ })
          .count(),
      )
      .toBe(1);
    await shootWhole(page, 'stats-dashboard.png');
  });

  it('keeps the year filter in the address across a reload', async () => {
    const { page } = e;
    const year = dayjs(e.clock.now()).year();
    await page.getByLabel('年度').click();
    await popupSettled(page);
    await page.getByTitle(`${year} 年`, { exact: true }).click();
    await expect.poll(() => page.url()).toContain(`from=${year}-01&to=${year}-12`);
    await page.reload();
    await expect
      .poll(
        () =>
          page
            .locator('.ant-select')
            .filter({ hasText: `${year} 年` })
            .count(),
        { timeout: 10_000 },
      )
      .toBe(1);
    await expect.poll(() => page.getByText(`分类统计（${year} 年）`).count()).toBe(1);
    await page.getByLabel('年度').click();
    await popupSettled(page);
    await page.getByTitle('全部', { exact: true }).click();
    await expect.poll(() => page.url()).not.toContain('from=');
  });

  it('lists anomalies after 重新检查 and flags them on the voucher and the archive', async () => {
    const { page } = e;
    const anomalies = page.getByRole('heading', { name: '异常提示' }).or(page.getByText('异常提示', { exact: true }));
    await expect.poll(() => anomalies.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: '重新检查' }).click();
    await expect.poll(() => page.getByText(/发现 \d+ 条异常提示/).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const found = (await e.db.value('SELECT count(*) FROM anomaly')) as number;
    expect(found).toBeGreaterThan(0);
    expect(await page.getByText(`发现 ${found} 条异常提示`).count()).toBeGreaterThan(0);

    await page.getByRole('button', { name: /异地核销/ }).click();
    await expect.poll(() => page.url()).toContain('akind=far_redemption');
    const row = page.getByRole('row').filter({ hasText: redeemed.serial }).first();
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await row.textContent()).toContain('相距约');
    const workerLink = row.getByRole('link', { name: redeemedWorker.name });
    expect(await workerLink.getAttribute('href')).toBe(`#/workers/${redeemedWorker.id}`);
    await expect.poll(() => row.getByRole('link', { name: redeemed.serial }).count()).toBe(1);
    await shootWhole(page, 'stats-anomalies.png');

    await row.getByRole('link', { name: redeemed.serial }).click();
    await expect.poll(() => page.url()).toMatch(new RegExp(`#/vouchers/${redeemed.id}$`));
    const flag = page.getByRole('alert').filter({ hasText: /^异常提示/ });
    await expect.poll(() => flag.count(), { timeout: 10_000 }).toBe(1);
    expect(await flag.textContent()).toContain('异地核销（距户籍乡镇过远）：持券人户籍在勐糯镇');
    await page.screenshot({ path: join(SHOTS, 'voucher-anomaly.png') });

    await page.goto(`${e.url}/#/workers/${redeemedWorker.id}`);
    await expect.poll(() => flag.count(), { timeout: 10_000 }).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'archive-anomaly.png') });
  });

  it('says which rules failed, and that their flags are from before', async () => {
    const { page } = e;
    await page.goto(`${e.url}/#/stats`);
    // Four rules read claim_record: with it gone they fail, as on a stored value they cannot read.
    await e.db.run('ALTER TABLE claim_record RENAME TO claim_record_away');
    try {
      await page.getByRole('button', { name: '重新检查' }).click();
      await expect
        .poll(
          () =>
            page
              .getByText(
                /规则“证书编号重复使用”“离线记录迟报（距导入超过一个月）”“两家机构的申报使用相同编号”“同一张券被两家机构申报核销”检查失败/,
              )
              .count(),
          {
            timeout: 10_000,
          },
        )
        .toBeGreaterThan(0);
      const banner = page.getByRole('alert').filter({ hasText: '列表中此类提示是失败前的结果' });
      await expect.poll(() => banner.count(), { timeout: 10_000 }).toBe(1);
      expect(await banner.textContent()).toMatch(/规则“证书编号重复使用”（自 \d{4}-\d\d-\d\d \d\d:\d\d 起）/);
      await banner.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, 'stats-anomaly-rule-failed.png') });
    } finally {
      await e.db.run('ALTER TABLE claim_record_away RENAME TO claim_record');
    }
    await page.getByRole('button', { name: '重新检查' }).click();
    await expect
      .poll(() => page.getByRole('alert').filter({ hasText: '列表中此类提示是失败前的结果' }).count(), {
        timeout: 10_000,
      })
      .toBe(0);
  });

  it('prints the statistics report as a PDF', async () => {
    const { page } = e;
    await page.goto(`${e.url}/#/stats`);
    await page.getByRole('button', { name: '打印统计报表 PDF' }).click();
    const link = page.getByRole('link', { name: /下载/ });
    await link.waitFor({ timeout: 30_000 });
    expect(await page.getByText('统计报表 PDF（全部时间）已生成').count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  });
});
