// 1,000 vouchers as one PDF with pdfkit, against the same vouchers printed from HTML by
// headless Chromium (the usual alternative), in the same run; plus the size per voucher.
import { rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import QRCode from 'qrcode';
import { chromium } from 'playwright-core';
import { dispatch } from '../electron/core/dispatcher';
import { fontPath } from '../electron/pdf/fonts';
import { warmQrWorker } from '../electron/pdf/qrPool';
import { loadPrints } from '../electron/db/repos/print.repo';
import { sql } from '../electron/db/sql';
import { vouchersPdf } from '../electron/services/voucher/print';
import { fenToChineseUpper, fenToYuan } from '../shared/domain/money';
import type { VoucherPrint } from '../electron/pdf/voucher.pdf';
import { benchEnv, ms, now, ratioLine, type BenchResult } from './util';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

async function html(prints: VoucherPrint[]): Promise<string> {
  const pages = await Promise.all(
    prints.map(async (v) => {
      // The same encoder hint as the app, so that both sides pay the same for their QR codes.
      const svg = await QRCode.toString([{ data: v.qrText, mode: 'alphanumeric' }], {
        type: 'svg',
        errorCorrectionLevel: 'Q',
        margin: 4,
      });
      return `<section><h1>龙陵县职业技能培训电子培训券</h1><p class="s">券号 ${v.serial}</p><div class="qr">${svg}<p>备用码 ${v.fallbackCode}</p></div>
        <table><tr><th>持券人</th><td>${esc(v.holderName)}</td></tr><tr><th>培训计划</th><td>${esc(v.planName)}</td></tr>
        <tr><th>职业（工种）</th><td>${esc(v.occupationName)}（${v.occupationCode}）</td></tr><tr><th>补贴金额</th><td>¥${fenToYuan(v.amountFen)}（${fenToChineseUpper(v.amountFen)}）</td></tr>
        <tr><th>有效期</th><td>${v.issueDate} 至 ${v.expiryDate}</td></tr><tr><th>资金来源</th><td>${esc(v.fundSourceName)}</td></tr></table>
        <ul><li>持券参训，无需垫付培训费用</li><li>限本人使用，不得转让</li><li>有效期至 ${v.expiryDate}</li></ul></section>`;
    }),
  );
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    @font-face { font-family: N; src: url('${pathToFileURL(fontPath('regular')).href}'); }
    body { font-family: N; } section { page-break-after: always; padding: 20mm; position: relative; }
    h1 { color: #b42318; text-align: center; } .qr { position: absolute; right: 20mm; top: 45mm; width: 45mm; } .qr svg { width: 45mm; }
    th { text-align: left; padding-right: 8mm; }</style></head><body>${pages.join('')}</body></html>`;
}

export async function pdfBench(n = 1000): Promise<BenchResult> {
  const { env, token, dir, workerIds } = await benchEnv(n);
  const plan = Number(await env.db.reader.value(sql`SELECT id FROM plan WHERE code = 'skills_upgrade'`));
  const started = await dispatch(env, token, 'voucher:issueBatch', {
    planId: plan,
    occupationCode: '6-31-01-03',
    level: 'L5',
    institutionId: null,
    fundSource: 'employment_subsidy',
    selection: { workerIds },
  });
  if (!started.ok) throw new Error(started.error.message);
  await env.jobs.wait((started.value as { id: string }).id, 1);
  const ids = await env.db.reader.column<number>(sql`SELECT id FROM voucher ORDER BY id`);

  // Both sides warm up first: the app's QR thread and Chromium's renderer are long-lived in use.
  warmQrWorker();
  await vouchersPdf(env.db.reader, { ids: ids.slice(0, 50) }, 'a4');
  const t0 = now();
  const { pdf, count } = await vouchersPdf(env.db.reader, { ids }, 'a4');
  const oursMs = ms(t0);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--allow-file-access-from-files',
    ],
  });
  let chromeMs = 0;
  let chromeBytes = 0;
  try {
    const page = await browser.newPage();
    await page.setContent(await html(await loadPrints(env.db.reader, { ids: ids.slice(0, 50) })), {
      waitUntil: 'load',
    });
    await page.pdf({ format: 'A4' });
    const t1 = now();
    const doc = await html(await loadPrints(env.db.reader, { ids }));
    await page.setContent(doc, { waitUntil: 'load' });
    const out = await page.pdf({ format: 'A4' });
    chromeMs = ms(t1);
    chromeBytes = out.length;
  } finally {
    await browser.close();
  }
  await env.db.close();
  rmSync(dir, { recursive: true, force: true });

  const speed = chromeMs / oursMs;
  const kbPer = pdf.length / 1024 / count;
  return {
    name: `培训券 PDF ${n} 张`,
    ok: speed >= 6 && kbPer <= 6,
    lines: [
      `pdfkit: ${oursMs.toFixed(0)} ms, ${(pdf.length / 1024).toFixed(0)} KB; Chromium from HTML: ${chromeMs.toFixed(0)} ms, ${(chromeBytes / 1024).toFixed(0)} KB`,
      ratioLine('Chromium time / pdfkit time', speed, '≥ 6', speed >= 6),
      ratioLine('KB per voucher', kbPer, '≤ 6', kbPer <= 6),
    ],
  };
}
