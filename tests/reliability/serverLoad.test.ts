// The county server under load (issue 14 §6): 50 clients on loopback over HTTPS with keep-alive,
// each logged in as a clerk or institution operator of their own, for LONGLING_LOAD_SECONDS (60 by
// default, as CI runs it) of mixed work. No error may reach a client except the refusal of an
// already redeemed voucher; every acknowledged write is in the database exactly once; the audit
// chain still verifies. On PostgreSQL when the db-pg project runs it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type Host } from '../../electron/host/server';
import { makeServerCert, type ServerCert } from '../../electron/host/serverCert';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';
import { httpsTransport, makeLoadWorld, runMix, type LoadWorld, type MixStats } from '../fixtures/serverLoad';

const SECONDS = Number(process.env.LONGLING_LOAD_SECONDS ?? 60);
const CLIENTS = 50;

let t: VoucherEnv;
let cert: ServerCert;
let host: Host;
let world: LoadWorld;

beforeAll(async () => {
  t = await makeVoucherEnv();
  cert = await makeServerCert(['longling.local', '127.0.0.1']);
  // More vouchers than the operators can redeem in the time, so that most attempts are first ones.
  world = await makeLoadWorld(t, { workers: 3000, vouchers: Math.min(2500, 40 * SECONDS), clerks: 45, operators: 5 });
  host = await startHost(t.env, { port: 0, tls: { cert: cert.cert, key: cert.key }, staticDir: t.dir });
}, 60_000);
afterAll(async () => {
  await host?.stop(1000);
  await t?.close();
});

describe('the county server under load', () => {
  let stats: MixStats;

  it(
    `serves ${CLIENTS} clients for ${SECONDS} s of mixed work with no error`,
    async () => {
      const https = httpsTransport(host.port, cert.cert);
      stats = await runMix(world, https.forClient, { clients: CLIENTS, seconds: SECONDS });
      https.close();
      const n = (k: keyof MixStats['latencies']) => stats.latencies[k].length;
      const total = n('search') + n('open') + n('register') + n('redeem');
      console.log(
        `[load ${t.engine}] ${total} calls in ${SECONDS} s: search ${n('search')}, open ${n('open')}, ` +
          `register ${n('register')}, redeem ${n('redeem')} (${stats.redeemed.size} vouchers, ${stats.contested} contested)`,
      );
      expect(stats.errors).toEqual([]);
      // Every kind of work happened, and vouchers were raced for.
      for (const k of ['search', 'open', 'register', 'redeem'] as const) expect(n(k)).toBeGreaterThan(0);
      expect(stats.contested).toBeGreaterThan(0);
    },
    (SECONDS + 45) * 1000,
  );

  it('redeemed each voucher tried exactly once, and refused every other attempt as already redeemed', async () => {
    const attempts = [...stats.redeemed.values()];
    // One success per voucher, whoever won the race; the rest of its attempts are conflicts.
    for (const [serial, outcomes] of stats.redeemed)
      expect([serial, outcomes.filter((o) => o === 'ok').length]).toEqual([serial, 1]);
    const conflicts = attempts.flat().filter((o) => o === 'conflict').length;
    expect(conflicts).toBe(attempts.flat().length - stats.redeemed.size);
    // Contested vouchers were tried twice at once: at least that many conflicts.
    expect(conflicts).toBeGreaterThanOrEqual(stats.contested);

    const serials = [...stats.redeemed.keys()];
    expect(await t.count('redemption')).toBe(serials.length);
    expect(await t.db.all('SELECT serial FROM redemption GROUP BY serial HAVING count(*) > 1')).toEqual([]);
    const rows = await t.db.all<{ serial: string; status: string }>(
      "SELECT serial, status FROM voucher WHERE status = 'redeemed' ORDER BY serial",
    );
    expect(rows.map((r) => r.serial)).toEqual([...serials].sort());
    expect(
      Number(await t.db.value("SELECT count(*) FROM audit_log WHERE action = 'redeem' AND entity = 'voucher'")),
    ).toBe(serials.length);
  });

  it('has every acknowledged registration once, and no other', async () => {
    const ids = stats.registered.map((r) => r.idNumber);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of stats.registered) {
      const rows = await t.db.all<{ id: number }>('SELECT id FROM worker WHERE id_number = ?', r.idNumber);
      expect(rows.map((x) => Number(x.id))).toEqual([r.id]);
    }
    expect(await t.count('worker')).toBe(world.seedWorkerIds.length + stats.registered.length);
    expect(
      Number(await t.db.value("SELECT count(*) FROM audit_log WHERE action = 'create' AND entity = 'worker'")),
    ).toBe(stats.registered.length);
  });

  it('leaves an audit chain that verifies', async () => {
    const v = await t.must(t.adminToken, 'audit:verify', {});
    expect(v).toMatchObject({ ok: true });
    expect(v.rows).toBe(Number(await t.db.value('SELECT count(*) FROM audit_log')));
  });
});
