// Importing 100,000 workers from .xlsx against exceljs alone streaming the same file, in one run;
// and the archive extract of a worker with 200 records.
import ExcelJS from '../electron/services/excel/exceljs';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { dispatch } from '../electron/core/dispatcher';
import { extractPdf } from '../electron/services/archive/archive.service';
import { checkCharFor } from '../shared/domain/idNumber';
import { benchEnv, ms, now, ratioLine, type BenchResult } from './util';

const HEAD = [
  '姓名',
  '公民身份号码',
  '民族',
  '文化程度',
  '手机号码',
  '乡镇',
  '村（社区）',
  '详细地址',
  '户口性质',
  '就业状态',
  '重点群体',
];
const TOWNS = [
  '龙山镇',
  '镇安镇',
  '勐糯镇',
  '腊勐镇',
  '象达镇',
  '龙江乡',
  '碧寨乡',
  '龙新乡',
  '平达乡',
  '木城彝族傈僳族乡',
];

export async function writeWorkbook(file: string, n: number) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const ws = wb.addWorksheet('劳动者信息');
  ws.addRow(HEAD).commit();
  for (let i = 0; i < n; i++) {
    const birth = new Date(Date.UTC(1975, 0, 1) + (i % 10000) * 86_400_000)
      .toISOString()
      .slice(0, 10)
      .replaceAll('-', '');
    const id17 = `530523${birth}${String(Math.floor(i / 10000) * 2 + 1).padStart(3, '0')}`;
    ws.addRow([
      `工${String(i).replace(/\d/g, (d) => '零一二三四五六七八九'[Number(d)]!)}`,
      id17 + checkCharFor(id17),
      '汉族',
      '初中',
      `139${String(i).padStart(8, '0')}`,
      TOWNS[i % 10],
      '某村',
      '',
      '农业户口',
      '务农',
      '农村劳动力',
    ]).commit();
  }
  await wb.commit();
}

export async function importBench(n = 100_000): Promise<BenchResult> {
  const { env, token, dir } = await benchEnv(0);
  const file = join(dir, 'workers.xlsx');
  await writeWorkbook(file, n);
  const bytes = readFileSync(file);

  let t = now();
  let cells = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(bytes), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'emit',
  });
  for await (const sheet of reader)
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) cells += (row.values as unknown[]).length;
  const streamMs = ms(t);

  t = now();
  const r = await dispatch(env, token, 'import:workers', {
    fileName: 'workers.xlsx',
    base64: bytes.toString('base64'),
    commit: true,
  });
  const importMs = ms(t);
  if (!r.ok) throw new Error(r.error.message);
  const value = r.value as { imported: number; errors: { row: number; reason: string }[] };
  const imported = value.imported;
  if (imported !== n) throw new Error(`imported ${imported} of ${n}: ${JSON.stringify(value.errors.slice(0, 3))}`);

  // The extract of a worker with 200 records.
  const workerId = env.db.prepare('SELECT min(id) FROM worker').pluck().get() as number;
  const add = env.db.prepare(
    "INSERT INTO historical_training (worker_id, institution_name, occupation_code, level, start_date, end_date, hours, result, created_at) VALUES (?, ?, '6-31-01-03', 'L5', '2015-01-01', '2015-02-01', 80, 'passed', '')",
  );
  env.db.transaction(() => {
    for (let i = 0; i < 200; i++) add.run(workerId, `保山市第${i}职业培训学校`);
  })();
  const session = env.sessions.create(
    { id: 1, username: 'admin', displayName: '管理员', role: 'admin', institutionId: null },
    Date.now(),
  );
  t = now();
  const { pdf } = await extractPdf(
    { ...env, session, channel: 'archive:extract', audit: () => undefined } as never,
    workerId,
    false,
  );
  const extractMs = ms(t);
  env.db.close();
  rmSync(dir, { recursive: true, force: true });

  const ratio = streamMs / importMs;
  return {
    name: `表格导入 ${n} 人`,
    ok: ratio >= 0.4 && imported === n,
    lines: [
      `exceljs streaming the file alone: ${streamMs.toFixed(0)} ms (${cells} cells); full import (parse, validate, insert, audit): ${importMs.toFixed(0)} ms; imported ${imported}`,
      ratioLine('exceljs alone / full import', ratio, '≥ 0.40', ratio >= 0.4),
      `archive extract with 200 records: ${extractMs.toFixed(0)} ms, ${(pdf.length / 1024).toFixed(0)} KB`,
    ],
  };
}
