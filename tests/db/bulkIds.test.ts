// Ids reserved for rows written in bulk (an import writes its workers, their groups, name bigrams
// and audit rows without reading the workers' ids back): ascending, never handed out twice, not
// even when a caller reserves the next ones before writing the rows of the first; and a row added
// afterwards the usual way takes an id after them. Then the import itself when PostgreSQL has to run
// its transaction a second time: every row is written once and counted once.
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from '../../electron/db/sql';
import type { WriteTx } from '../../electron/db/driver/types';
import { makeId } from '../fixtures/ids';
import { makeTestEnv, type TestEnv } from '../fixtures/env';
import { makeVoucherEnv } from '../fixtures/vouchers';
import { HEAD } from '../fixtures/workersXlsx';
import { testEngine } from '../fixtures/testStore';

let t: TestEnv | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

const TOWNSHIP = '530523101';
const worker = (id: number, n: number) => [
  id,
  makeId('530523', '19900101', 2 * n + 1),
  `工${n}`,
  'M',
  '1990-01-01',
  '汉族',
  'junior',
  TOWNSHIP,
  'agricultural',
  'farming',
  'now',
  'now',
];
const COLUMNS = [
  'id',
  'id_number',
  'name',
  'gender',
  'birth_date',
  'ethnicity',
  'education',
  'township_code',
  'household_type',
  'employment_status',
  'created_at',
  'updated_at',
];

describe('reserveIds', () => {
  it('hands out ascending ids once, even when the next are reserved before the first rows are written', async () => {
    t = await makeTestEnv();
    const before = Number(await t.db.value('SELECT coalesce(max(id), 0) FROM worker'));
    const { a, b } = await t.env.db.write(async (tx: WriteTx) => {
      const a = await tx.reserveIds('worker', 3);
      const b = await tx.reserveIds('worker', 2);
      await tx.insertMany(
        'worker',
        COLUMNS,
        [...a, ...b].map((id, n) => worker(id, n)),
      );
      return { a, b };
    });
    expect(a).toEqual([...a].sort((x, y) => x - y));
    expect(Math.min(...a)).toBeGreaterThan(before);
    expect(Math.min(...b)).toBeGreaterThan(Math.max(...a));
    // The next transaction goes on after them, and so does a row inserted without an id.
    const c = await t.env.db.write((tx) => tx.reserveIds('worker', 1));
    expect(c[0]).toBeGreaterThan(Math.max(...b));
    const plain = await t.env.db.write(async (tx) =>
      Number(
        await tx.value(sql`INSERT INTO worker (id_number, name, gender, birth_date, ethnicity, education, township_code,
          household_type, employment_status, created_at, updated_at) VALUES (${makeId('530523', '19900101', 99)}, '王五',
          'M', '1990-01-01', '汉族', 'junior', ${TOWNSHIP}, 'agricultural', 'farming', 'now', 'now') RETURNING id`),
      ),
    );
    expect(plain).toBeGreaterThan(Math.max(...b));
    expect(await t.count('worker')).toBe(6);
    expect(await t.env.db.write((tx) => tx.reserveIds('worker', 0))).toEqual([]);
    await expect(t.env.db.write((tx) => tx.reserveIds('worker; DROP TABLE worker', 1))).rejects.toThrow(
      /not a plain identifier/,
    );
  });
});

describe.skipIf(testEngine() !== 'pg')('an import whose transaction PostgreSQL runs again', () => {
  it('writes and counts every row once', async () => {
    const v = await makeVoucherEnv();
    t = v;
    const db = v.env.db;
    const write = db.write.bind(db);
    let aborted = 0;
    // The first attempt of the import's transaction ends as a deadlock would, after all its writes.
    (db as { write: typeof db.write }).write = (fn, opts) =>
      write(async (tx) => {
        const out = await fn(tx);
        if (aborted++ === 0) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
        return out;
      }, opts);
    const csv = [
      HEAD,
      ...Array.from({ length: 30 }, (_, i) => [
        `工人${'零一二三四五六七八九'[i % 10]}${'甲乙丙'[Math.floor(i / 10)]}`,
        makeId('530523', '19900101', 2 * i + 1),
        '汉族',
        '初中',
        '',
        '龙山镇',
        '某村',
        '',
        '农业户口',
        '务农',
        '农村劳动力',
      ]),
      ['', makeId('530523', '19900101', 201), '汉族', '初中', '', '龙山镇', '某村', '', '农业户口', '务农', ''],
    ]
      .map((r) => r.join(','))
      .join('\r\n');
    const before = await v.count('worker');
    const r = await v.must(v.clerk, 'import:workers', {
      fileName: 'workers.csv',
      base64: Buffer.from(csv).toString('base64'),
      commit: true,
    });
    expect(aborted).toBe(2);
    expect(r).toMatchObject({ imported: 30, rejected: 1, total: 31 });
    expect(r.errors).toHaveLength(1);
    expect(await v.count('worker')).toBe(before + 30);
    expect(Number(await v.db.value("SELECT count(*) FROM audit_log WHERE channel = 'import:workers'"))).toBe(30);
  });
});
