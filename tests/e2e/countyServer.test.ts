// The county server in Chromium (issue 14 §6): the UI served over HTTPS with a certificate from
// `cli server cert` (pinned by the browser), two clerks at two windows at once, an institution
// operator redeeming while a clerk issues, and the camera page in a secure context.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskIdNumber } from '../../shared/domain/mask';
import { workerInput } from '../fixtures/env';
import { makeId } from '../fixtures/ids';
import { CHROMIUM, type E2E, login, reportFailures, startE2E } from './harness';
import { qrY4m } from './y4m';
import { OPERATOR, setupInstitution, type InstitutionSetup } from './institutionSetup';

const SHOTS = '/tmp/e2e-shots';
let e: E2E;
reportFailures(() => e);
let s: InstitutionSetup;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  e = await startE2E({ withKey: true, tls: true });
  s = await setupInstitution(e);
  for (const n of [1, 2])
    await e.admin('user:create', {
      username: `window${n}`,
      displayName: `${n}号窗口`,
      role: 'clerk',
      password: 'Clerk1234',
    });
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await e?.close();
});

async function openWindow(username: string, password = 'Clerk1234'): Promise<Page> {
  const context = await e.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 720 } });
  contexts.push(context);
  const page = await context.newPage();
  await login(page, e.url, username, password);
  return page;
}

/** The app's own transport from inside the page (its session, its Idempotency-Key), as a form submit does. */
const createFromPage = (page: Page, input: unknown) =>
  page.evaluate(async (body) => {
    const token = sessionStorage.getItem('longling.session') ?? '';
    const res = await fetch('/api/worker:create', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Session-Token': token },
      body: JSON.stringify(body),
    });
    return (await res.json()) as { ok: boolean; error?: { message: string } };
  }, input);

describe('the county server in Chromium over HTTPS', () => {
  it('serves the UI over TLS to two windows at once; a worker registered at one is found at the other', async () => {
    expect(e.url).toMatch(/^https:/);
    const [one, two] = [await openWindow('window1'), await openWindow('window2')];
    expect(await one.evaluate(() => window.isSecureContext)).toBe(true);
    const idNumber = makeId('530523', '19850707', 311);
    const registered = await createFromPage(one, workerInput({ idNumber, name: '段春梅' }));
    expect(registered.ok).toBe(true);
    await two.goto(`${e.url}/#/workers`);
    await two.getByPlaceholder(/姓名/).first().fill('段春梅');
    await two.keyboard.press('Enter');
    await expect.poll(() => two.getByText(maskIdNumber(idNumber)).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await two.screenshot({ path: `${SHOTS}/county-window2-search.png` });
  });

  it('lets exactly one of two windows register the same person at the same moment; the other is told who', async () => {
    const [one, two] = [await openWindow('window1'), await openWindow('window2')];
    const input = workerInput({ idNumber: makeId('530523', '19791212', 402), name: '李国富' });
    const [a, b] = await Promise.all([createFromPage(one, input), createFromPage(two, input)]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    const refused = a.ok ? b : a;
    expect(refused.error!.message).toMatch(/已登记（姓名：李国富，由 [12]号窗口 于 .+ 登记）/);
  });

  it('redeems at the institution while a clerk keeps issuing', async () => {
    const { v, idNumber } = await s.issueVoucher();
    const operator = await openWindow(OPERATOR.username, OPERATOR.password);
    await operator.goto(`${e.url}/#/redeem`);
    // The clerk's issuing runs on while the operator scans and confirms.
    const issuing = Promise.all(Array.from({ length: 5 }, () => s.issueVoucher()));
    await operator.getByLabel('扫描或输入培训券').fill(v.qrText);
    await operator.keyboard.press('Enter');
    const verdict = operator.locator('[data-verdict]');
    await expect.poll(() => verdict.getAttribute('data-verdict'), { timeout: 10_000 }).toBe('valid');
    await operator.getByLabel('持券人身份证号').fill(idNumber);
    await operator.keyboard.press('Enter');
    await expect.poll(() => verdict.getAttribute('data-verdict'), { timeout: 10_000 }).toBe('redeemed');
    const issued = await issuing;
    expect(new Set(issued.map((i) => i.v.serial)).size).toBe(5);
    expect(await e.db.value('SELECT status FROM voucher WHERE serial = ?', v.serial)).toBe('redeemed');
    // The bureau sees it at once: the redemption is in the one database every window reads.
    expect(await e.db.value("SELECT count(*) FROM voucher WHERE status = 'issued'")).toBe(5);
    await operator.screenshot({ path: `${SHOTS}/county-operator-redeemed.png` });
  });

  it("keeps a batch job's progress across a page reload, and only for the user who started it", async () => {
    const [one, two] = [await openWindow('window1'), await openWindow('window2')];
    const plans = await e.admin<{ id: number; code: string }[]>('catalog:plans', {});
    const w = await e.admin<{ id: number }>(
      'worker:create',
      workerInput({ idNumber: makeId('530523', '19920202', 77) }),
    );
    await one.goto(`${e.url}/#/vouchers/batch`);
    const started = await one.evaluate(
      async (input) => {
        const res = await fetch('/api/voucher:issueBatch', {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'X-Session-Token': sessionStorage.getItem('longling.session')!,
          },
          body: JSON.stringify(input),
        });
        const r = (await res.json()) as { ok: boolean; value: { id: string } };
        // As the page does when 确认发放 starts the job.
        sessionStorage.setItem('longling.job.batchIssue', r.value.id);
        return r.value.id;
      },
      {
        planId: plans.find((p) => p.code === 'skills_upgrade')!.id,
        occupationCode: '4-10-01-05',
        level: 'L5',
        institutionId: null,
        fundSource: 'employment_subsidy',
        selection: { workerIds: [w.id] },
      },
    );
    await one.reload();
    await expect.poll(() => one.getByText('本批已发放 1 张培训券').count(), { timeout: 15_000 }).toBe(1);
    // Another clerk holding the job's id learns nothing about it.
    const other = await two.evaluate(async (id) => {
      const res = await fetch('/api/job:get', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Session-Token': sessionStorage.getItem('longling.session')! },
        body: JSON.stringify({ id }),
      });
      return (await res.json()) as { ok: boolean; error?: { message: string } };
    }, started);
    expect(other).toMatchObject({ ok: false, error: { message: '任务不存在或已过期' } });
  });

  it('reads a voucher from the camera on the HTTPS page (a secure context on another machine)', async () => {
    const { v } = await s.issueVoucher();
    const dir = mkdtempSync(join(tmpdir(), 'longling-cam-'));
    const y4mPath = join(dir, 'voucher.y4m');
    qrY4m(v.qrText, y4mPath);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        ...e.browserArgs,
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${y4mPath}`,
      ],
    });
    try {
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 720 } });
      await context.grantPermissions(['camera'], { origin: e.url });
      const page = await context.newPage();
      await login(page, e.url, OPERATOR.username, OPERATOR.password);
      await page.goto(`${e.url}/#/redeem`);
      expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
      await page.getByRole('button', { name: '摄像头扫码' }).click();
      const verdict = page.locator('[data-verdict]');
      await expect.poll(() => verdict.getAttribute('data-verdict'), { timeout: 15_000 }).toBe('valid');
      expect(await page.getByLabel('扫描或输入培训券').inputValue()).toBe(v.qrText);
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
