// Insiders at the county server (issue 14): a township clerk, a second clerk and an admin call the
// real host over HTTPS and try to reach what is not theirs — another township's vouchers by typed
// serial, another user's Idempotency-Key, a session ended by 强制下线, a lied X-Client-Kind.
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type Host } from '../../electron/host/server';
import { makeServerCert, type ServerCert } from '../../electron/host/serverCert';
import { workerInput } from '../fixtures/env';
import { makeId } from '../fixtures/ids';
import { makeTownshipEnv, type TownshipEnv } from '../fixtures/township';

let t: TownshipEnv;
let cert: ServerCert;
let h: Host;

beforeAll(async () => {
  t = await makeTownshipEnv();
  cert = await makeServerCert(['longling.local', '127.0.0.1']);
  h = await startHost(t.env, { port: 0, tls: { cert: cert.cert, key: cert.key }, staticDir: t.dir });
});
afterAll(async () => {
  await h.stop(1000);
  await t.close();
});

interface Answer {
  status: number;
  body: string;
  json: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

function api(channel: string, token: string | null, input: unknown, headers: Record<string, string> = {}) {
  return new Promise<Answer>((ok, fail) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port: h.port,
        path: `/api/${channel}`,
        method: 'POST',
        ca: cert.cert,
        servername: 'longling.local',
        headers: {
          Host: `127.0.0.1:${h.port}`,
          'Content-Type': 'application/json',
          ...(token ? { 'X-Session-Token': token } : {}),
          ...headers,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => ok({ status: res.statusCode!, body, json: JSON.parse(body) as Answer['json'] }));
      },
    );
    req.on('error', fail);
    req.end(JSON.stringify(input));
  });
}

describe('a township clerk at the county server', () => {
  it('cannot read another township’s voucher holder by typing its serial', async () => {
    const theirs = await t.must(t.clerk, 'voucher:issue', { workerId: t.other.id, ...t.terms() });
    const mine = await t.must(t.station, 'voucher:issue', { workerId: t.own.id, ...t.terms() });
    const own = await api('voucher:verify', t.station, { text: mine.serial });
    expect(own.json).toMatchObject({
      ok: true,
      value: { valid: true, voucher: { idLast4: t.own.idNumber.slice(-4) } },
    });
    const other = await api('voucher:verify', t.station, { text: theirs.serial });
    expect(other.status).toBe(200);
    expect(other.body).not.toContain(`"idLast4":"${t.other.idNumber.slice(-4)}"`);
    expect(other.json).toMatchObject({ ok: true, value: { valid: false, voucher: null } });
    // County staff still look any serial up.
    expect((await api('voucher:verify', t.clerk, { text: theirs.serial })).json).toMatchObject({
      value: { valid: true, voucher: { idLast4: t.other.idNumber.slice(-4) } },
    });
  });
});

const fresh = (seq: number, name = seq % 2 ? '新户甲' : '新户乙') =>
  t.must(t.clerk, 'worker:create', workerInput({ seq, name, idNumber: makeId('530523', '19900101', seq) }));

describe('idempotency keys and sessions over the server', () => {
  it('never replays another user’s stored result for the same key', async () => {
    const key = 'insider-key-0000000001';
    const w = await fresh(911);
    const first = await api('voucher:issue', t.clerk, { workerId: w.id, ...t.terms() }, { 'Idempotency-Key': key });
    expect(first.json).toMatchObject({ ok: true });
    const serial = (first.json.value as { serial: string }).serial;
    const again = await api('voucher:issue', t.station, { workerId: w.id, ...t.terms() }, { 'Idempotency-Key': key });
    expect(again.body).not.toContain(serial);
    expect(again.body).not.toContain(w.name);
  });

  it('refuses a replay by a session ended by 强制下线, and lists no tokens', async () => {
    const token = await t.loginAs('clerk', 'clerk2');
    const key = 'insider-key-0000000002';
    const input = { workerId: (await fresh(912)).id, ...t.terms() };
    expect((await api('voucher:issue', token, input, { 'Idempotency-Key': key })).json).toMatchObject({ ok: true });
    const list = await api('session:list', t.adminToken, {});
    expect(list.body).not.toContain(token);
    const rows = list.json.value as { id: string; username: string }[];
    const row = rows.find((s) => s.username === 'clerk2')!;
    expect((await api('session:end', t.adminToken, { id: row.id })).json.ok).toBe(true);
    const replay = await api('voucher:issue', token, input, { 'Idempotency-Key': key });
    expect(replay.json).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('gives a client that claims to be the desktop app no more rights', async () => {
    const r = await api('user:list', t.station, {}, { 'X-Client-Kind': 'desktop' });
    expect(r.json).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const s = await api('settlement:list', t.station, {}, { 'X-Client-Kind': 'desktop' });
    expect(s.json).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
