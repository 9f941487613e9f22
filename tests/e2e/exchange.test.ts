import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  KEY_PASSPHRASE,
  dialogSettled,
  login,
  reportFailures,
  startE2E,
  type E2E,
  popupSettled,
} from './harness';
import { setupInstitution, type InstitutionSetup } from './institutionSetup';
import { installKey, registrationFile } from '../fixtures/registration';
import { claimPackage, redemptionRecord } from '../fixtures/claimPackage';

// Two installs: the bureau's (with workers and vouchers) and a training institution's own,
// set up from the bureau's trust bundle, exchanging files through the 数据交换 tab.
let bureau: E2E;
let inst: E2E;
let s: InstitutionSetup;
reportFailures(() => inst);
reportFailures(() => bureau);

beforeAll(async () => {
  bureau = await startE2E({ withKey: true });
  s = await setupInstitution(bureau);
  inst = await startE2E();
});
afterAll(async () => {
  await inst?.close();
  await bureau?.close();
});

// The innermost card with the title (the page itself is a card too).
const card = (page: Page, title: string) => page.locator('.ant-card').filter({ hasText: title }).last();
const fileText = async (d: Promise<Download>) => readFileSync((await (await d).path())!, 'utf8');
const json = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

describe('数据交换 between the bureau and an institution install', () => {
  it('sets up 培训机构模式 from the trust bundle, then exchanges registration, claims and status files', async () => {
    const { v, idNumber } = await s.issueVoucher();
    const bundle = JSON.stringify(await bureau.admin('trust:export', {}));

    const ip = inst.page;
    await login(ip, inst.url, ADMIN.username, ADMIN.password);
    await ip.goto(`${inst.url}/#/admin?tab=exchange`);
    const setup = card(ip, '设置为培训机构模式');
    await setup.locator('input[type=file]').setInputFiles(json('trust-bundle.json', bundle));
    await ip.getByRole('combobox', { name: /本机构$/ }).click();
    await ip.keyboard.type('LL-PX-001');
    await ip.keyboard.press('Enter');
    await ip.getByLabel('本机构签名密钥口令').fill(KEY_PASSPHRASE);
    await ip.getByLabel('确认口令').fill(KEY_PASSPHRASE);
    await setup.getByRole('button', { name: '设置为培训机构模式' }).click();
    await dialogSettled(ip, ip.getByRole('dialog').filter({ hasText: '确认设置' }));
    await ip.getByRole('button', { name: '确认设置' }).click();
    // Setting up makes and seals the institution's own key (scrypt). Once, under the whole suite's
    // load in CI, the mode did not show within 10 s; a failure now prints both pages (reportFailures).
    await expect.poll(() => ip.getByText('培训机构模式：龙陵县职业技能培训学校').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => ip.getByRole('menuitem', { name: '劳动者档案' }).count()).toBe(0);
    expect(await ip.getByRole('menuitem', { name: '培训券' }).count()).toBe(0);
    expect(await ip.getByRole('menuitem', { name: '扫码核销' }).count()).toBe(1);

    const registrationFile = fileText(ip.waitForEvent('download'));
    await ip.getByRole('button', { name: '导出登记文件' }).click();
    const registration = await registrationFile;
    expect(JSON.parse(registration)).toMatchObject({ institutionCode: 'LL-PX-001' });

    // Offline redemption at the institution, then its claims package.
    // Offline, the holder is checked against the verifiers of the bureau's status file for this
    // institution (issue 12): the bureau registers the institution and sends it one first.
    await bureau.admin('institution:bind', { text: registration });
    const first = await bureau.admin<{ text: string }>('status:export', { institutionCode: 'LL-PX-001' });
    await inst.admin('status:import', { text: first.text });
    const redeemed = await inst.admin<{ ok: boolean }>('redeem:confirm', {
      text: v.qrText,
      idNumber,
      institutionCode: 'LL-PX-001',
    });
    expect(redeemed.ok).toBe(true);
    const claims = fileText(ip.waitForEvent('download'));
    await ip.getByRole('button', { name: '导出申报包' }).click();
    const claimsText = await claims;

    const bp = await (
      await bureau.browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } })
    ).newPage();
    await login(bp, bureau.url, ADMIN.username, ADMIN.password);
    await bp.goto(`${bureau.url}/#/admin?tab=exchange`);
    expect(await card(bp, '设置为培训机构模式').count()).toBe(0); // the bureau already has its key
    await card(bp, '导入机构登记文件').locator('input[type=file]').setInputFiles(json('登记.json', registration));
    await expect.poll(() => bp.getByText(/已登记机构 LL-PX-001/).count()).toBe(1);
    await card(bp, '导入申报包').locator('input[type=file]').setInputFiles(json('申报包.json', claimsText));
    const claimRow = bp.getByRole('row').filter({ hasText: v.serial });
    await expect.poll(() => claimRow.getByText('接受').count(), { timeout: 10_000 }).toBe(1);
    expect(await bureau.db.value('SELECT status FROM voucher WHERE serial = ?', v.serial)).toBe('redeemed');

    const status = fileText(bp.waitForEvent('download'));
    await bp.getByLabel('培训机构').click();
    await popupSettled(bp);
    await bp.getByTitle(/（LL-PX-001）/).click();
    await bp.getByRole('button', { name: '导出状态更新包' }).click();
    const statusText = await status;
    await card(ip, '申报与状态更新').locator('input[type=file]').setInputFiles(json('状态更新包.json', statusText));
    const done = ip.getByRole('dialog').filter({ hasText: '状态更新包已导入' });
    await expect.poll(() => done.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await done.first().textContent()).toMatch(/共 \d+ 条状态/);
  });

  it("asks before a registration replaces the institution's key, naming both key numbers", async () => {
    // A registration for LL-PX-001 from another computer (its key already bound by the test above).
    const key = installKey();
    const kid = key.kid;
    const file = registrationFile('LL-PX-001', key);
    const oldKid = String(await bureau.db.value('SELECT kid FROM institution_key WHERE superseded_at IS NULL'));

    const bp = await (
      await bureau.browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } })
    ).newPage();
    await login(bp, bureau.url, ADMIN.username, ADMIN.password);
    await bp.goto(`${bureau.url}/#/admin?tab=exchange`);
    await card(bp, '导入机构登记文件').locator('input[type=file]').setInputFiles(json('新电脑登记.json', file));
    const ask = bp.getByRole('dialog').filter({ hasText: '更换该机构的密钥？' });
    await expect.poll(() => ask.count()).toBe(1);
    const asked = (await ask.textContent()) ?? '';
    expect(asked).toContain(oldKid);
    expect(asked).toContain(kid);
    // For a person to look at (the dialog once its opening animation is over).
    await ask.getByRole('button', { name: '取消' }).waitFor({ state: 'visible' });
    await dialogSettled(bp);
    await bp.screenshot({ path: 'test-results/exchange-replace-key.png' }).catch(() => undefined);
    // 取消 has the focus: Enter does not replace a key.
    await bp.keyboard.press('Enter');
    await expect.poll(() => ask.count()).toBe(0);
    expect(await bureau.db.value('SELECT count(*) FROM institution_key WHERE kid = ?', kid)).toBe(0);

    await card(bp, '导入机构登记文件').locator('input[type=file]').setInputFiles(json('新电脑登记.json', file));
    await expect.poll(() => ask.count()).toBe(1);
    await dialogSettled(bp, ask);
    await ask.getByRole('button', { name: '已核对，更换密钥' }).click();
    await expect.poll(() => bp.getByText(`旧密钥 ${oldKid} 已停用`).count()).toBe(1);
    expect(
      await bureau.db.value('SELECT superseded_at IS NOT NULL FROM institution_key WHERE kid = ?', oldKid),
    ).toBeTruthy();
    // The card lists the institution's keys: the new one in use, the old one stopped.
    const table = bp.getByRole('table', { name: '已登记的机构密钥' });
    const rowOf = (k: string) => table.getByRole('row').filter({ hasText: k });
    await expect.poll(async () => (await rowOf(kid).textContent()) ?? '').toContain('使用中');
    expect(await rowOf(oldKid).textContent()).toMatch(/已停用（\d{4}-\d\d-\d\d）/);
    await bp.screenshot({ path: 'test-results/exchange-keys.png', fullPage: true }).catch(() => undefined);
  });

  it('gives a reviewer 机构数据交换: the keys to read, claims to import, status to send; binding stays the admin’s', async () => {
    // An institution of its own, its key bound by the admin (the tests above replaced LL-PX-001's).
    await bureau.admin('catalog:institutionSave', {
      code: 'LL-PX-003',
      name: '龙陵县第三培训学校',
      nature: 'private',
      status: 'active',
      approvals: [{ occupationCode: '4-10-01-05', level: 'L5' }],
    });
    const key = installKey();
    await bureau.admin('institution:bind', { text: registrationFile('LL-PX-003', key) });
    await bureau.admin('user:create', {
      username: 'reviewer1',
      displayName: '复核一',
      role: 'reviewer',
      password: 'Review1234',
    });
    const { v } = await s.issueVoucher();
    const claims = claimPackage(key, [redemptionRecord(v, new Date(bureau.clock.now()).toISOString())], 'LL-PX-003');

    const rp = await (
      await bureau.browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } })
    ).newPage();
    await login(rp, bureau.url, 'reviewer1', 'Review1234');
    expect(await rp.getByRole('menuitem', { name: '系统管理' }).count()).toBe(0);
    await rp.getByRole('menuitem', { name: '机构数据交换' }).click();
    const keys = card(rp, '已登记的机构密钥');
    await expect.poll(() => keys.getByRole('row').filter({ hasText: key.kid }).count()).toBe(1);
    expect(await rp.getByRole('button', { name: '导入机构登记文件' }).count()).toBe(0);

    await card(rp, '导入申报包').locator('input[type=file]').setInputFiles(json('申报包.json', claims));
    const row = rp.getByRole('row').filter({ hasText: v.serial });
    await expect.poll(() => row.getByText('接受').count(), { timeout: 10_000 }).toBe(1);
    expect(await bureau.db.value('SELECT status FROM voucher WHERE serial = ?', v.serial)).toBe('redeemed');
    // The import is the reviewer's in the audit log.
    expect(
      await bureau.db.value("SELECT username FROM audit_log WHERE action = 'importClaims' ORDER BY id DESC LIMIT 1"),
    ).toBe('reviewer1');

    const status = fileText(rp.waitForEvent('download'));
    await rp.getByLabel('培训机构').click();
    await popupSettled(rp);
    await rp.getByTitle(/（LL-PX-003）/).click();
    await rp.getByRole('button', { name: '导出状态更新包' }).click();
    const file = JSON.parse(await status) as { format: string; payload: string };
    expect(file.format).toBe('longling-status-update');
    expect(JSON.parse(file.payload)).toMatchObject({ institutionCode: 'LL-PX-003' });
    await rp.screenshot({ path: 'test-results/exchange-reviewer.png', fullPage: true }).catch(() => undefined);
  });
});
