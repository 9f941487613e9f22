// The real desktop app, driven by Playwright's Electron support: first-run setup, a worker, a
// voucher and its QR scanned on 扫码验券. Electron's binary is downloaded from its own host by
// npm, which machines limited to the npm registry cannot reach: then this file is skipped.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeId } from '../fixtures/ids';
import { ADMIN } from './harness';

const SKIP_MESSAGE = 'Electron 可执行文件不存在（本机无法下载），跳过桌面端端到端测试';

/** The Electron executable, or null: in plain Node, require('electron') is its path. */
function electronBinary(): string | null {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const skipReason = !binary
  ? SKIP_MESSAGE
  : noDisplay
    ? 'Electron 需要图形界面（未设置 DISPLAY），跳过桌面端端到端测试；可用 xvfb-run npx vitest run --project e2e 运行'
    : null;
if (skipReason) console.warn(skipReason);
const suite = skipReason ? describe.skip : describe;

const MAIN = resolve('dist/electron/main.cjs');
const KEY_PASSPHRASE = 'desktop e2e passphrase';
const idNumber = makeId('530523', '19880315', 517);

let app: ElectronApplication;
let page: Page;
let dir: string;
let env: Record<string, string>;

const go = (hash: string) => page.evaluate((h) => void (location.hash = h), hash);
const launch = () => _electron.launch({ executablePath: binary!, args: ['--no-sandbox', MAIN], env, timeout: 60_000 });

suite(skipReason ?? '桌面程序（Electron）', () => {
  beforeAll(async () => {
    for (const script of ['build:renderer', 'build:electron']) {
      const r = spawnSync('npm', ['run', '-s', script], { stdio: 'inherit', shell: process.platform === 'win32' });
      if (r.status !== 0) throw new Error(`npm run ${script} failed`);
    }
    dir = mkdtempSync(join(tmpdir(), 'longling-electron-'));
    env = {
      ...(process.env as Record<string, string>),
      LONGLING_DB: join(dir, 'e2e.db'),
      LONGLING_USER_DATA: join(dir, 'userData'),
    };
    app = await launch();
    page = await app.firstWindow();
  });
  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the Chinese menu and exposes window.desktop next to window.api', async () => {
    const labels = await app.evaluate(
      (electron: { Menu: { getApplicationMenu(): { items: { label: string }[] } | null } }) =>
        (electron.Menu.getApplicationMenu()?.items ?? []).map((i) => i.label),
    );
    expect(labels).toEqual(['文件', '编辑', '视图', '帮助']);
    expect(await page.evaluate(() => [typeof window.api?.invoke, typeof window.desktop?.saveFile])).toEqual([
      'function',
      'function',
    ]);
  });

  it('creates the first administrator, then a signing key', async () => {
    await page.getByLabel('用户名', { exact: true }).fill(ADMIN.username);
    await page.getByLabel('姓名', { exact: true }).fill('系统管理员');
    await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
    await page.getByLabel('确认密码', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: '创建管理员并登录' }).click();
    await page.getByRole('menu').first().waitFor();

    await go('#/admin');
    await page.getByRole('tab', { name: '签名密钥' }).click();
    await page.getByRole('button', { name: /生成签名密钥/ }).click();
    await page.getByLabel('密钥口令', { exact: true }).fill(KEY_PASSPHRASE);
    await page.getByLabel('确认口令', { exact: true }).fill(KEY_PASSPHRASE);
    await page.getByRole('button', { name: '生成', exact: true }).click();
    await expect.poll(() => page.getByText('签名密钥已生成').count(), { timeout: 10_000 }).toBeGreaterThan(0);
  });

  it('registers a worker and issues a voucher', async () => {
    await go('#/workers/new');
    const idField = page.getByLabel('公民身份号码');
    await expect.poll(() => idField.evaluate((el) => el === document.activeElement)).toBe(true);
    await idField.fill(idNumber);
    await idField.press('Enter');
    for (const [text, enters] of [
      ['杨䶮', 2], // 姓名 → 民族 (汉族 by default) → 文化程度
      ['初中', 1],
      ['13912345678', 1],
      ['龙山', 1],
      ['白塔村', 1],
      ['白塔村三组', 1],
      ['农业', 1],
      ['务农', 1],
    ] as const) {
      await page.keyboard.type(text);
      for (let i = 0; i < enters; i++) await page.keyboard.press('Enter');
    }
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByText('登记成功').count(), { timeout: 10_000 }).toBeGreaterThan(0);

    await page.getByRole('button', { name: /发放培训券/ }).click();
    for (const [label, text] of [
      ['培训计划', '职业技能提升'],
      ['职业（工种）', '养老护理员'],
      ['技能等级', '五级'],
    ]) {
      await page.getByLabel(label!, { exact: true }).click();
      await page.keyboard.type(text!);
      await page.keyboard.press('Enter');
    }
    await expect.poll(() => page.getByText(/符合发券条件/).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: '发券' }).click();
    await expect.poll(() => page.getByText(/530523-\d{4}-\d{6}-[\dX]/).count(), { timeout: 10_000 }).toBeGreaterThan(0);
  });

  it('verifies the voucher by its QR text on 扫码验券', async () => {
    const db = new Database(env.LONGLING_DB!, { readonly: true, fileMustExist: true });
    const qrText = db.prepare('SELECT qr_text FROM voucher').pluck().get() as string;
    db.close();
    await go('#/verify');
    const scan = page.getByLabel('扫描或输入培训券');
    await scan.fill(qrText);
    await scan.press('Enter');
    const verdict = page.locator('[data-verdict]');
    await expect.poll(() => verdict.getAttribute('data-verdict'), { timeout: 10_000 }).toBe('valid');
  });

  it('lets a second start hand over to the running window, and remembers the window on close', async () => {
    const second = spawnSync(binary!, ['--no-sandbox', MAIN], { env, timeout: 30_000 });
    expect(second.status).toBe(0);
    await app.close();
    expect(existsSync(join(env.LONGLING_USER_DATA!, 'window-state.json'))).toBe(true);
    expect(existsSync(join(env.LONGLING_USER_DATA!, 'logs', 'main.log'))).toBe(true);
    app = await launch(); // the saved state is read back without error
    page = await app.firstWindow();
    await page.getByLabel('用户名', { exact: true }).waitFor();
  });
});
