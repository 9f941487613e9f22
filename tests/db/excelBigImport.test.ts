// A big .xlsx is parsed and checked on a worker thread while the main thread writes: the same
// outcomes as a small file, row numbers included, and nothing written when the file is refused.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../electron/services/audit.service';
import { makeTestEnv, type TestEnv, workerInput } from '../fixtures/env';
import { HEAD, idForRow, writeWorkbook } from '../fixtures/workersXlsx';

const N = 20_000;
let t: TestEnv;
let clerk: string;
let file: string;

// Data row k (1-based) is sheet row k + 1, under the header.
const good = (k: number, over: Record<number, string>) => {
  const cells = ['工人', idForRow(k - 1), '汉族', '初中', '', '龙山镇', '', '', '农业户口', '务农', ''];
  for (const [i, v] of Object.entries(over)) cells[Number(i)] = v;
  return cells;
};

beforeAll(async () => {
  t = await makeTestEnv();
  clerk = await t.loginAs('clerk');
  file = join(t.dir, 'big.xlsx');
  const badId = idForRow(4).slice(0, 17) + (idForRow(4).endsWith('0') ? '1' : '0');
  await writeWorkbook(file, N, {
    rows: new Map([
      [5, good(5, { 1: badId })],
      [10, good(10, { 1: idForRow(2) })],
      [15, good(15, { 0: '' })],
      [N - 1, good(N - 1, { 5: '不存在镇' })],
    ]),
  });
  await t.must(clerk, 'worker:create', workerInput({ idNumber: idForRow(6), name: '已登记' }));
});

describe('importing a big .xlsx on the parsing thread', () => {
  it('is big enough to be parsed on the worker thread', () => {
    expect(readFileSync(file).length).toBeGreaterThan(512 * 1024);
  });

  it('previews every rejected row with its own row number and reason, writing nothing', async () => {
    const before = await t.count('worker');
    const auditBefore = await t.count('audit_log');
    const r = await t.must(clerk, 'import:workers', {
      fileName: 'big.xlsx',
      base64: readFileSync(file).toString('base64'),
      commit: false,
    });
    expect(r.total).toBe(N);
    expect(r.errors.map((e) => e.row)).toEqual([6, 8, 11, 16, N]);
    expect(r.errors[0]!.reason).toMatch(/^公民身份号码：校验位应为/);
    expect(r.errors[1]!.reason).toBe('身份证号已登记（已登记）');
    expect(r.errors[2]!.reason).toBe('与第 4 行的身份证号重复');
    expect(r.errors[3]!.reason).toBe('缺少必填项“姓名”');
    expect(r.errors[4]!.reason).toBe('未知的乡镇“不存在镇”：应为龙陵县的乡镇，如龙山镇、木城彝族傈僳族乡');
    expect(await t.count('worker')).toBe(before);
    expect(await t.count('audit_log')).toBe(auditBefore);
  });

  it('imports the valid rows with one audit row each, and the chain still verifies', async () => {
    const before = await t.count('audit_log');
    const r = await t.must(clerk, 'import:workers', {
      fileName: 'big.xlsx',
      base64: readFileSync(file).toString('base64'),
      commit: true,
    });
    expect(r).toMatchObject({ imported: N - 5, rejected: 5 });
    expect(await t.count('worker')).toBe(N - 5 + 1);
    expect((await t.count('audit_log')) - before).toBeGreaterThanOrEqual(N - 5);
    expect(await verifyAuditChain(t.env.db.reader)).toMatchObject({ ok: true });
    const last = await t.db.get('SELECT name, township_code FROM worker WHERE id_number = ?', idForRow(N - 3));
    expect(last).toEqual({ name: '工一九九九七', township_code: '530523204' });
  });

  it('refuses a big file with the wrong headers and writes nothing', async () => {
    const wrong = join(t.dir, 'wrong.xlsx');
    // 证件号 would be read as the ID number; a bare 号码 is not, so no column holds it.
    await writeWorkbook(wrong, N, { head: HEAD.map((h) => (h === '公民身份号码' ? '号码' : h)) });
    const before = await t.count('worker');
    const r = await t.call(clerk, 'import:workers', {
      fileName: 'wrong.xlsx',
      base64: readFileSync(wrong).toString('base64'),
      commit: true,
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('公民身份号码') },
    });
    expect(await t.count('worker')).toBe(before);
  });
});

afterAll(() => t.close());
