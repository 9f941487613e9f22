import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractPdf } from '../../electron/services/archive/archive.service';
import { jobCtx, systemCall } from '../../electron/core/callContext';
import { runCli } from '../fixtures/cli';
import { makeId } from '../fixtures/ids';
import { KEY_PASSPHRASE } from '../fixtures/env';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';

let t: VoucherEnv;
let busy: number; // a worker with 200 records
let empty: number;
const busyId = makeId('530523', '19850606', 321);

async function ctx() {
  const session = await t.env.sessions.create(
    { id: 2, username: 'clerk1', displayName: '窗口一', role: 'clerk', institutionId: null, townships: [] },
    t.clock.now().getTime(),
  );
  return jobCtx(t.env, { ...systemCall('archive:extract'), session });
}

function pdfText(pdf: Buffer, name: string) {
  const file = join(t.dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return { file, text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }) };
}

beforeAll(async () => {
  t = await makeVoucherEnv();
  busy = await t.newWorker({ idNumber: busyId, name: '欧阳䶮' });
  empty = await t.newWorker({ name: '李四' });
  for (let i = 0; i < 100; i++) {
    await t.must(t.clerk, 'archive:addHistoricalTraining', {
      workerId: busy,
      institutionName: `保山市第${i + 1}职业培训学校`,
      occupationCode: '6-31-01-03',
      level: 'L5',
      startDate: '2015-03-01',
      endDate: '2015-03-20',
      hours: 80,
      result: 'passed',
      note: '纸质档案补录',
    });
    await t.must(t.clerk, 'archive:addHonour', {
      workerId: busy,
      kind: 'competition',
      name: `保山市职业技能大赛电工项目第${i + 1}届`,
      rank: 'municipal',
      award: '银牌',
      year: 2000 + (i % 25),
      issuer: '保山市人社局',
      historical: true,
    });
  }
  await t.must(t.clerk, 'archive:addHistoricalCertificate', {
    workerId: busy,
    type: 'skill_level',
    number: 'HIST-0001-2015',
    occupationCode: '6-31-01-03',
    level: 'L4',
    issuingBody: '保山市职业技能鉴定中心',
    issuedOn: '2016-01-01',
  });
  await t.must(t.clerk, 'archive:addEmployment', {
    workerId: busy,
    kind: 'business',
    employer: '龙陵县云岭电气维修部',
    startedOn: '2017-05-01',
    note: '',
  });
});
afterAll(() => t.close());

describe('archive', () => {
  it('gathers every kind of record, marking those entered by hand', async () => {
    const a = await t.must(t.clerk, 'archive:get', { id: busy });
    expect(a.trainings).toHaveLength(100);
    expect(a.trainings[0]).toMatchObject({ source: 'historical', result: 'passed' });
    expect(a.certificates).toEqual([
      expect.objectContaining({ number: 'HIST-0001-2015', historical: true, occupationName: '电工' }),
    ]);
    expect(a.honours).toHaveLength(100);
    expect(a.employment[0]).toMatchObject({ kind: 'business', employer: '龙陵县云岭电气维修部' });
    const dup = await t.call(t.clerk, 'archive:addHistoricalCertificate', {
      workerId: empty,
      type: 'training',
      number: 'HIST-0001-2015',
      occupationCode: '6-31-01-03',
      level: 'L5',
      issuingBody: '某机构',
      issuedOn: '2016-01-01',
    });
    expect(dup.ok ? null : dup.error.message).toBe('证书编号 HIST-0001-2015 已被使用');
    expect(
      await t.db.value("SELECT count(*) FROM audit_log WHERE action = 'addHonour' AND entity_id = ?", String(busy)),
    ).toBe(100);
  });

  it('prints an extract with the ID masked, tables across pages with repeated headers, and page X of Y', async () => {
    const { pdf, number } = await extractPdf(await ctx(), busy, false);
    const { file, text } = pdfText(pdf, 'busy');
    expect(text).toContain('欧阳䶮');
    expect(text).toContain(`530523********${busyId.slice(-4)}`);
    expect(text).not.toContain(busyId);
    expect(text).toContain(`摘要编号 ${number}`);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    expect(pages).toBeGreaterThan(4);
    expect(text).toContain(`第 1 页 共 ${pages} 页`);
    expect(text).toContain(`第 ${pages} 页 共 ${pages} 页`);
    expect(text.match(/培训记录（续）/g)!.length).toBeGreaterThan(1);
    // Cells wrap, so compare the text in drawing order with the line breaks taken out: nothing is cut off.
    const raw = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    for (let i = 1; i <= 100; i++) {
      expect(raw).toContain(`保山市第${i}职业培训学校（补录）`);
      expect(raw).toContain(`保山市职业技能大赛电工项目第${i}届（补录）`);
    }
    expect(text).toContain('龙陵县云岭电气维修部');
  });

  it('shows the full ID only when asked, and audits that', async () => {
    const before = (await t.db.value("SELECT count(*) FROM audit_log WHERE action = 'extractFullId'")) as number;
    const job = await t.must(t.clerk, 'archive:extract', { workerId: busy, showFullId: true });
    const clerkId = (await t.db.value("SELECT id FROM app_user WHERE username = 'clerk1'")) as number;
    const done = await t.env.jobs.wait(job.id, clerkId);
    const art = await t.must(t.clerk, 'artifact:get', { id: (done.result as { artifactId: string }).artifactId });
    expect(pdfText(Buffer.from(art.base64, 'base64'), 'full').text).toContain(busyId);
    expect(await t.db.value("SELECT count(*) FROM audit_log WHERE action = 'extractFullId'")).toBe(before + 1);
  });

  it('works for a worker with no records', async () => {
    const { pdf } = await extractPdf(await ctx(), empty, false);
    const { text } = pdfText(pdf, 'empty');
    expect(text).toContain('李四');
    expect(text.match(/无记录/g)).toHaveLength(5);
    expect(text).toContain('第 1 页 共 1 页');
  });

  it('carries a QR that verifies as an extract, and detects an altered one', async () => {
    const { pdf, number } = await extractPdf(await ctx(), empty, false);
    const { file } = pdfText(pdf, 'qr');
    execFileSync('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', '-singlefile', file, join(t.dir, 'qr')]);
    const qr = execFileSync('zbarimg', ['-q', '--raw', join(t.dir, 'qr.png')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    expect(qr.startsWith('LLE1:')).toBe(true);
    expect(await t.must(t.clerk, 'voucher:verify', { text: qr })).toMatchObject({
      valid: true,
      kind: 'extract',
      extract: { number, holderName: '李*', trainings: 0 },
    });
    // Scanned into a search box, it opens the worker the extract is about (issue 16 §4).
    expect(await t.must(t.clerk, 'scan:resolve', { text: qr })).toMatchObject({
      kind: 'extract',
      number,
      workerId: empty,
      valid: true,
    });
    const cli = runCli(['verify', '--db', t.file, '--text', qr, '--json'], { LONGLING_KEY_PASSPHRASE: KEY_PASSPHRASE });
    expect(JSON.parse(cli.stdout)).toMatchObject({ valid: true, kind: 'extract', serial: number });
    // Someone with write access to the database alters the stored extract (either engine).
    await t.db.run("UPDATE archive_extract SET snapshot = replace(snapshot, '李四', '李五') WHERE number = ?", number);
    expect(await t.must(t.clerk, 'voucher:verify', { text: qr })).toMatchObject({
      valid: false,
      kind: 'extract',
      reason: 'altered',
    });
  });

  it('CLI archive pdf writes the extract for an ID number', () => {
    const out = join(t.dir, 'cli.pdf');
    const r = runCli(['archive', 'pdf', '--db', t.file, '--id', busyId, '--out', out], {
      LONGLING_KEY_PASSPHRASE: KEY_PASSPHRASE,
    });
    expect(r.code).toBe(0);
    expect(execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' })).toContain('欧阳䶮');
  });
});
