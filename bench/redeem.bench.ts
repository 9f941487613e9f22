// Scan to verdict per voucher (decode from an image, verify, redeem) beside the bare decode and
// the bare signature check, and redemption throughput with two processes on one database.
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dispatch } from '../electron/core/dispatcher';
import { checkpointFile } from '../electron/db/sqliteFile';
import { sql } from '../electron/db/sql';
import { decodeText } from '../electron/services/qr/cose';
import { VOUCHER_PREFIX } from '../electron/services/qr/voucherClaims';
import { benchEnv, institutionWithVouchers, ms, must, now, type BenchResult } from './util';
import { decode, prepareZxing, qrImage } from './zxing';

function child(file: string, list: string): Promise<{ ok: number; busy: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'bench/redeemWorker.ts', file, list]);
    let out = '';
    p.stdout.on('data', (c) => (out += c));
    p.stderr.on('data', (c) => process.stderr.write(c));
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exited ${code}`))));
  });
}

export async function redeemBench(n = 300, m = 2000): Promise<BenchResult> {
  const { env, token, dir, workerIds } = await benchEnv(n + m);
  await institutionWithVouchers(env, token, workerIds);
  const vouchers = await env.db.reader.all<{ qr: string; id: string }>(
    sql`SELECT v.qr_text AS qr, w.id_number AS id FROM voucher v JOIN worker w ON w.id = v.worker_id ORDER BY v.id`,
  );
  const scan = vouchers.slice(0, n);
  const images = scan.map((v) => qrImage(v.qr));
  await prepareZxing();
  await decode(images[0]!);

  let t = now();
  for (const img of images) await decode(img);
  const decodeMs = ms(t) / n;

  const pub = (await env.keyring.publicKey(env.db.reader, (await env.keyring.signer(env.db.reader, 'voucher')).kid))!;
  t = now();
  for (const v of scan) {
    const d = decodeText(v.qr, [VOUCHER_PREFIX]);
    if (!d.ok || !d.check(pub)) throw new Error('signature');
  }
  const sigMs = ms(t) / n;

  const op = await must<{ token: string }>(
    dispatch(env, null, 'auth:login', { username: 'op', password: 'Bench1234' }),
  );
  t = now();
  for (let i = 0; i < n; i++) {
    const text = await decode(images[i]!);
    await must(dispatch(env, op.token, 'redeem:check', { text }));
    const r = await must<{ ok: boolean }>(dispatch(env, op.token, 'redeem:confirm', { text, idNumber: scan[i]!.id }));
    if (!r.ok) throw new Error('redeem refused');
  }
  const fullMs = ms(t) / n;

  // Throughput: the rest split between two processes on the same file, against one process alone.
  const rest = vouchers.slice(n);
  const half = Math.floor(rest.length / 2);
  const lists = [rest.slice(0, half / 2), rest.slice(half / 2, half), rest.slice(half)].map((l, i) => {
    const f = join(dir, `list${i}.json`);
    writeFileSync(f, JSON.stringify(l));
    return { f, size: l.length };
  });
  checkpointFile(join(dir, 'bench.db'));
  const file = join(dir, 'bench.db');
  t = now();
  const single = await child(file, lists[2]!.f);
  const singleRate = single.ok / (ms(t) / 1000);
  t = now();
  const pair = await Promise.all([child(file, lists[0]!.f), child(file, lists[1]!.f)]);
  const pairRate = (pair[0].ok + pair[1].ok) / (ms(t) / 1000);
  const busy = single.busy + pair[0].busy + pair[1].busy;
  const redeemed = Number(await env.db.reader.value(sql`SELECT count(*) FROM voucher WHERE status = 'redeemed'`));
  await env.db.close();
  rmSync(dir, { recursive: true, force: true });
  const allRedeemed = redeemed === n + m;
  return {
    name: `扫码核销（${n} 张逐张，${m} 张吞吐）`,
    ok: busy === 0 && allRedeemed,
    lines: [
      `bare decode from an image: ${decodeMs.toFixed(2)} ms; bare signature check: ${sigMs.toFixed(2)} ms; scan to verdict and redemption: ${fullMs.toFixed(2)} ms per voucher`,
      `scan to redemption / (decode + signature) = ${(fullMs / (decodeMs + sigMs)).toFixed(2)}`,
      `throughput: one process ${singleRate.toFixed(0)}/s (processes start included), two processes on one database ${pairRate.toFixed(0)}/s together; SQLITE_BUSY seen by users: ${busy}; all ${n + m} redeemed: ${allRedeemed ? 'yes' : 'NO'}`,
    ],
  };
}
