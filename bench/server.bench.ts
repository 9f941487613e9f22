// `npm run bench -- server [--seconds N] [--engine pg]`: the county server's mixed workload (search
// 60 %, open 20 %, register 10 %, redeem 10 %) at 50 and 500 concurrent clients over HTTPS with
// keep-alive, beside two floors measured in the same run: the same calls through the in-process
// dispatcher, and a bare Node HTTPS server answering a fixed JSON. Targets (issue 14 §7): p95 ≤ 50 ms
// at 50 clients; no errors and p95 ≤ 500 ms at 500; throughput ≥ 0.25 of the bare HTTPS floor.
import { once } from 'node:events';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { startDispatchThreads } from '../electron/host/dispatchThread';
import { startHost } from '../electron/host/server';
import { makeServerCert, type ServerCert } from '../electron/host/serverCert';
import { KEY_PASSPHRASE, PASSWORD } from '../tests/fixtures/env';
import {
  dispatchTransport,
  httpsTransport,
  makeLoadWorld,
  percentile,
  runMix,
  type Answer,
  type MixStats,
  type Transport,
} from '../tests/fixtures/serverLoad';
import { makeVoucherEnv } from '../tests/fixtures/vouchers';
import { CLUSTER_ENV } from '../tests/fixtures/pgCluster';
import { benchCluster, pgSkipReason, skipped } from './pgUtil';
import { ratioLine, type BenchResult } from './util';

interface Phase {
  calls: number;
  rate: number;
  p50: number;
  p95: number;
  p99: number;
  errors: string[];
  connectSeconds: number;
  /** p50/p95 per kind of call, for seeing which one is slow. */
  kinds: string;
}

function summary(s: MixStats): Phase {
  const all = Object.values(s.latencies).flat();
  return {
    calls: all.length,
    rate: all.length / s.seconds,
    p50: percentile(all, 50),
    p95: percentile(all, 95),
    p99: percentile(all, 99),
    errors: s.errors,
    connectSeconds: s.connectSeconds,
    kinds: Object.entries(s.latencies)
      .filter(([, v]) => v.length > 0)
      .map(([k, v]) => `${k} ${v.length}× ${percentile(v, 50).toFixed(0)}/${percentile(v, 95).toFixed(0)}`)
      .join(', '),
  };
}

const line = (label: string, p: Phase) =>
  `${label.padEnd(28)} ${String(p.calls).padStart(6)} calls ${p.rate.toFixed(0).padStart(5)}/s  ` +
  `p50 ${p.p50.toFixed(1)} ms  p95 ${p.p95.toFixed(1)} ms  p99 ${p.p99.toFixed(1)} ms  errors ${p.errors.length}  (connecting ${p.connectSeconds.toFixed(1)} s)`;

/** The bare floor: Node's HTTPS server reading the body and answering a fixed JSON, same clients. */
async function bareHttps(cert: ServerCert, clients: number, seconds: number): Promise<Phase> {
  const answer = JSON.stringify({ ok: true, value: { items: [], total: 0 } });
  const server = createServer({ cert: cert.cert, key: cert.key, minVersion: 'TLSv1.2' }, (req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(answer));
  });
  server.keepAliveTimeout = 10_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const https = httpsTransport((server.address() as AddressInfo).port, cert.cert);
  const latencies: number[] = [];
  const errors: string[] = [];
  const calls = Array.from({ length: clients }, () => https.forClient());
  // Connected before the clock starts, as in runMix.
  const connecting = performance.now();
  await Promise.all(calls.map((call) => call('token', 'auth:session', {})));
  const connectSeconds = (performance.now() - connecting) / 1000;
  const start = performance.now();
  const until = start + seconds * 1000;
  await Promise.all(
    calls.map(async (call) => {
      while (performance.now() < until) {
        const t0 = performance.now();
        try {
          const a: Answer = await call('token', 'worker:search', { q: '工人' });
          if (a.status !== 200) errors.push(`HTTP ${a.status}`);
        } catch (e) {
          errors.push((e as Error).message);
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  https.close();
  server.closeAllConnections();
  server.close();
  return summary({
    seconds: elapsed,
    connectSeconds,
    latencies: { search: latencies, open: [], register: [], redeem: [] },
    errors,
    registered: [],
    redeemed: new Map(),
    contested: 0,
  });
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** `seconds` per measured phase (six phases); `--size N` or `--seconds N` sets it. */
export async function serverBench(seconds = Number(option('seconds') ?? 10)): Promise<BenchResult> {
  const engine = option('engine') ?? process.env.LONGLING_BENCH_ENGINE ?? 'sqlite';
  const name = `县级服务器混合负载（${engine === 'pg' ? 'PostgreSQL' : 'SQLite'}，每段 ${seconds} 秒）`;
  if (engine === 'pg') {
    const why = pgSkipReason();
    if (why) return skipped(name, why);
    // makeVoucherEnv then opens a database of its own in the run's throw-away cluster, which
    // run.ts stops at the end.
    process.env[CLUSTER_ENV] = (await benchCluster()).dir;
    process.env.LONGLING_TEST_ENGINE = 'pg';
  }
  const t = await makeVoucherEnv();
  const cert = await makeServerCert(['longling.local', '127.0.0.1']);
  const world = await makeLoadWorld(t, {
    workers: 10_000,
    // Enough for a tenth of the calls of the four measured phases at a few hundred calls a second;
    // when they run out, redemptions are retries of redeemed ones (refused, counted, still work).
    vouchers: Math.min(8000, 120 * seconds),
    clerks: 45,
    operators: 5,
  });
  // Every phase uses the same 50 sessions (at 500 clients, ten clients share each, as tabs would):
  // logging in is scrypt by design and would dominate a phase's time.
  const tokens = new Map<string, string>();
  for (const username of [...world.clerks, ...world.operators])
    tokens.set(username, (await t.must(null, 'auth:login', { username, password: PASSWORD })).token);
  // The server as `npm run server` runs it: the API answered on its own thread, with its own
  // connection and sessions (so its own logins).
  const thread = await startDispatchThreads(
    { spec: t.file, options: { keyPassphrase: KEY_PASSPHRASE }, passphraseFile: null },
    t.env.sessions,
    (m, e) => console.error(m, e),
  );
  if (!thread) throw new Error('no dispatcher thread');
  const serverTokens = new Map<string, string>();
  for (const username of [...world.clerks, ...world.operators]) {
    const r = JSON.parse(
      await thread.call(
        null,
        'auth:login',
        { username, password: PASSWORD },
        { address: '127.0.0.1', kind: 'browser' },
      ),
    );
    if (!r.ok) throw new Error(r.error.message);
    serverTokens.set(username, (r.value as { token: string }).token);
  }

  // All bench clients share 127.0.0.1: the per-address cap (64 by default, one client's fair share
  // on the county network) would refuse 500 of them, so it is lifted here to measure the server.
  const host = await startHost(t.env, {
    port: 0,
    tls: { cert: cert.cert, key: cert.key },
    staticDir: t.dir,
    maxPerClient: 1000,
    dispatcher: thread,
  });
  const inProcess: Transport = dispatchTransport(t.env);
  const results: Record<string, Phase> = {};
  for (const clients of [50, 500]) {
    results[`bare${clients}`] = await bareHttps(cert, clients, seconds);
    results[`dispatch${clients}`] = summary(await runMix(world, () => inProcess, { clients, seconds, tokens }));
    const https = httpsTransport(host.port, cert.cert);
    results[`https${clients}`] = summary(
      await runMix(world, https.forClient, { clients, seconds, tokens: serverTokens }),
    );
    https.close();
  }
  await host.stop(2000);
  const fresh = Math.min(world.cursor.voucher, world.vouchers.length);
  const redemptions = await t.count('redemption');
  await t.close();

  const r = results as Record<`${'bare' | 'dispatch' | 'https'}${50 | 500}`, Phase>;
  const ratio50 = r.https50.rate / r.bare50.rate;
  const ratio500 = r.https500.rate / r.bare500.rate;
  const checks = [
    { ok: r.https50.p95 <= 50, text: `p95 at 50 clients: ${r.https50.p95.toFixed(1)} ms (target ≤ 50 ms)` },
    {
      ok: r.https500.errors.length === 0 && r.https500.p95 <= 500,
      text: `p95 at 500 clients: ${r.https500.p95.toFixed(1)} ms, errors ${r.https500.errors.length} (target ≤ 500 ms, none)`,
    },
    { ok: r.https50.errors.length === 0, text: `errors at 50 clients: ${r.https50.errors.length} (target none)` },
  ];
  const errorSample = [...r.https50.errors, ...r.https500.errors].slice(0, 3);
  return {
    name,
    ok: checks.every((c) => c.ok) && ratio50 >= 0.25 && ratio500 >= 0.25,
    lines: [
      ...[50, 500].flatMap((c) => [
        line(`bare HTTPS, ${c} clients`, r[`bare${c as 50 | 500}`]),
        line(`dispatcher, ${c} clients`, r[`dispatch${c as 50 | 500}`]),
        line(`county server, ${c} clients`, r[`https${c as 50 | 500}`]),
        `  by kind (calls, p50/p95 ms): ${r[`https${c as 50 | 500}`].kinds}`,
      ]),
      `redemptions: ${redemptions} vouchers redeemed of ${fresh} taken; later attempts were refused retries`,
      ...checks.map((c) => `${c.ok ? 'PASS' : 'FAIL'}  ${c.text}`),
      ratioLine('throughput / bare HTTPS at 50 clients', ratio50, '≥ 0.25', ratio50 >= 0.25),
      ratioLine('throughput / bare HTTPS at 500 clients', ratio500, '≥ 0.25', ratio500 >= 0.25),
      ...errorSample.map((e) => `error: ${e}`),
    ],
  };
}
