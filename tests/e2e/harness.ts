import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import type { Env } from '../../electron/core/context';
import { dispatch } from '../../electron/core/dispatcher';
import { createEnv } from '../../electron/core/env';
import { startHost } from '../../electron/host/server';
import { makeServerCert } from '../../electron/host/serverCert';
import { createHash, X509Certificate } from 'node:crypto';
import { TestClock } from '../fixtures/env';
import { q, testDb, type TestDb } from '../fixtures/testDb';
import { afterEach } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
];
export const ADMIN = { username: 'admin', password: 'Passw0rd!' };
export const KEY_PASSPHRASE = 'e2e passphrase 2026';

export interface E2E {
  env: Env;
  url: string;
  browser: Browser;
  page: Page;
  /** The last API answers the page received (see reportFailures). */
  answers: string[];
  /** Another page of the test (a second user's), shown with its answers after a failure too. */
  watch(page: Page, label: string): void;
  watched: { label: string; page: Page; answers: string[] }[];
  dir: string;
  clock: TestClock;
  /** Plain SQL on the host's database, to look at rows. */
  db: TestDb;
  /**
   * Calls a channel as the admin, for setting up data the test is not about. Accounts it creates
   * or resets do not ask for a new password at login, unless `initialPassword` (the tests of that).
   */
  admin<T = unknown>(channel: string, input: unknown, opts?: { initialPassword?: boolean }): Promise<T>;
  /** Chromium's arguments for this host (over TLS: the server certificate's key, pinned). */
  browserArgs: string[];
  close(): Promise<void>;
}

/** Chromium trusts exactly this certificate's key, as a client told its fingerprint would. */
function pinArg(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return `--ignore-certificate-errors-spki-list=${createHash('sha256').update(spki).digest('base64')}`;
}

/** The real web host on a free loopback port, over a fresh database, with Debian's Chromium. */
/** `tls`: the county server's shape (HTTPS with a certificate from `cli server cert`). */
/**
 * The last API answers the page received, for reading a failed test: a step that waits for text
 * in vain says nothing of the refusal (or the silence) that came instead.
 */
function recordAnswers(page: Page): string[] {
  const answers: string[] = [];
  page.on('response', (r) => {
    const at = r.url().indexOf('/api/');
    if (at < 0) return;
    const started = new Date().toISOString().slice(11, 23);
    void r
      .text()
      // Session tokens never reach the log, throw-away as they are here.
      .then((body) =>
        answers.push(`${started} ${r.url().slice(at + 5)} ${r.status()} ${redactTokens(body).slice(0, 160)}`),
      )
      .catch(() => answers.push(`${started} ${r.url().slice(at + 5)} ${r.status()} (no body)`))
      .finally(() => answers.length > 25 && answers.shift());
  });
  return answers;
}

/** A JSON text with the value of every "token" field replaced. */
export const redactTokens = (text: string) => text.replace(/("token"\s*:\s*")[^"]*"/g, '$1…"');

/** After a failed test of this file: a screenshot, the page's text and its last API answers. */
export function reportFailures(get: () => E2E | undefined): void {
  afterEach(async (ctx) => {
    const e = get();
    if (ctx.task.result?.state !== 'fail' || !e) return;
    const shot = join(tmpdir(), `e2e-failure-${Date.now()}.png`);
    await e.page.screenshot({ path: shot }).catch(() => undefined);
    const text = await e.page
      .locator('body')
      .innerText({ timeout: 2000 })
      .catch(() => '(no text)');
    console.error(
      [`e2e failure: ${ctx.task.name}`, `screenshot: ${shot}`, `page text: ${text.replace(/\s+/g, ' ').slice(0, 1500)}`]
        .concat('last API answers:', e.answers)
        .join('\n'),
    );
    for (const w of e.watched) {
      const url = w.page.isClosed() ? '(closed)' : w.page.url();
      const wText = w.page.isClosed()
        ? ''
        : await w.page
            .locator('body')
            .innerText({ timeout: 2000 })
            .catch(() => '(no text)');
      console.error(
        [`${w.label}: ${url}`, `page text: ${wText.replace(/\s+/g, ' ').slice(0, 800)}`, ...w.answers].join('\n'),
      );
    }
  });
}

export async function startE2E(
  opts: { withKey?: boolean; tls?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<E2E> {
  const staticDir = resolve('dist/renderer');
  if (!existsSync(join(staticDir, 'index.html')))
    throw new Error('dist/renderer is missing: run `npm run build:renderer` first');
  const dir = mkdtempSync(join(tmpdir(), 'longling-e2e-'));
  // Today at 09:00 local time, whenever the suite runs: the tests move the clock on by hours within
  // one working day (a class's sign-in, then sign-out three hours later), which a run started late
  // in the evening would carry past midnight; the date stays the browser's today.
  const morning = new Date();
  morning.setHours(9, 0, 0, 0);
  const clock = new TestClock(morning);
  const env = await createEnv(join(dir, 'e2e.db'), { clock, keyPassphrase: KEY_PASSPHRASE });
  const setup = await dispatch(env, null, 'auth:setupAdmin', { ...ADMIN, displayName: '系统管理员' });
  if (!setup.ok) throw new Error(setup.error.message);
  const token = (setup.value as { token: string }).token;
  const admin = async <T>(channel: string, input: unknown, o: { initialPassword?: boolean } = {}) => {
    const r = await dispatch(env, token, channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    if ((channel === 'user:create' || channel === 'user:resetPassword') && !o.initialPassword)
      await env.db.write((tx) => tx.run(q('UPDATE app_user SET must_change_password = 0')));
    return r.value as T;
  };
  if (opts.withKey) await admin('keys:create', { passphrase: KEY_PASSPHRASE });
  const cert = opts.tls ? await makeServerCert(['127.0.0.1']) : null;
  const host: { server: Server; url: string } = await startHost(env, {
    port: 0,
    staticDir,
    ...(cert ? { tls: { cert: cert.cert, key: cert.key } } : {}),
  });
  const browserArgs = cert ? [...CHROMIUM_ARGS, pinArg(cert.cert)] : CHROMIUM_ARGS;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: browserArgs });
  const context = await browser.newContext({
    locale: 'zh-CN',
    viewport: opts.viewport ?? { width: 1366, height: 900 },
    acceptDownloads: true,
  });
  // The browser's clock starts where the server's does and runs on: forms that default a date to
  // the browser's today (拨付日期, 开班日期, 结业日期) would otherwise send tomorrow to a server still on
  // today when a file that started before midnight runs past it.
  await context.clock.install({ time: morning });
  const page = await context.newPage();
  // A step that cannot act (a click whose target never becomes clickable) fails with Playwright's
  // own account of why, inside the test's 90 s, instead of the bare test timeout.
  page.setDefaultTimeout(60_000);
  const answers = recordAnswers(page);
  const watched: E2E['watched'] = [];
  return {
    answers,
    watched,
    watch: (p, label) => watched.push({ label, page: p, answers: recordAnswers(p) }),
    env,
    url: host.url,
    browser,
    page,
    dir,
    clock,
    db: testDb(env.db),
    admin,
    browserArgs,
    async close() {
      await browser.close();
      await new Promise((r) => host.server.close(r));
      await env.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function login(page: Page, url: string, username: string, password: string) {
  await page.goto(url);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByLabel('密码').press('Enter');
  await page.getByRole('menu').waitFor();
}

/**
 * Waits until the open dialogs have finished their opening animation (rc-motion's -appear/-enter
 * classes are gone). An antd modal about to zoom in sits still at its place with opacity 0, which
 * Playwright takes as visible: the mouse goes down on the button, the zoom starts from a fifth of
 * its size, the mouse comes up elsewhere and no click happens. `dialog` is the one to wait for when
 * another is open (or still closing).
 */
export async function dialogSettled(page: Page, dialog: Locator = page.getByRole('dialog').last()) {
  await dialog.waitFor();
  await page.waitForFunction(
    () => !document.querySelector('.ant-modal-root [class*="-appear"], .ant-modal-root [class*="-enter"]'),
  );
}

/** The same for a Popconfirm or a select's list, before clicking in it. */
export async function popupSettled(page: Page) {
  await page.locator('.ant-popover:visible, .ant-select-dropdown:visible').last().waitFor();
  await page.waitForFunction(
    () =>
      !document.querySelector(
        ['.ant-popover', '.ant-select-dropdown'].map((c) => `${c}[class*="-appear"], ${c}[class*="-enter"]`).join(', '),
      ),
  );
}
