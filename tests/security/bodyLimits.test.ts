// Attack reproduced: "public channels accept 70 MB bodies before login, in parallel". Every request
// body up to 64 MB was buffered for anyone, logged in or not, as many at once as were sent.
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_FLIGHT_BUDGET } from '../../electron/host/body';
import { startHost } from '../../electron/host/server';
import { makeTestEnv, type TestEnv } from '../fixtures/env';
import { openRequest, sendRequest } from '../fixtures/host';

let t: TestEnv;
const servers: Server[] = [];
let port: number;
let clerk: string;

async function host(inFlightBudget?: number) {
  const h = await startHost(t.env, { port: 0, staticDir: t.dir, ...(inFlightBudget ? { inFlightBudget } : {}) });
  servers.push(h.server);
  return h.port;
}

beforeAll(async () => {
  t = await makeTestEnv();
  clerk = await t.loginAs('clerk');
  port = await host();
});
afterAll(async () => {
  for (const s of servers) s.close();
  await t.close();
});

const MB = 1024 * 1024;
const json = (token?: string) => ({
  'Content-Type': 'application/json',
  ...(token ? { 'X-Session-Token': token } : {}),
});
const message = (body: string) => (JSON.parse(body) as { error: { message: string } }).error.message;

/** A request that announces `length` bytes and sends only its first few: the host must decide from the header. */
function announce(p: number, path: string, length: number, token?: string) {
  const r = openRequest(p, path, { headers: { ...json(token), 'Content-Length': length } });
  r.req.write('{"base64":"');
  void r.answer.catch(() => undefined);
  return r;
}

describe('request body limits', () => {
  it('refuses more than 64 KB before login, at once and in parallel, without reading it', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const r = await announce(port, '/api/auth:login', 70 * MB);
        return r.answer.finally(() => r.req.destroy());
      }),
    );
    for (const a of answers) {
      expect(a.status).toBe(413);
      expect(message(a.body)).toBe('请求内容过大：未登录时最多接受 64 KB，请先登录');
    }
    // A channel that needs a session gets the same limit from a caller who has none.
    const anon = await announce(port, '/api/scan:pdfCodes', 2 * MB);
    expect((await anon.answer).status).toBe(413);
    anon.req.destroy();
  });

  it('counts a body sent in chunks without a length as it arrives', async () => {
    const { req, answer } = openRequest(port, '/api/auth:login', { headers: json() });
    req.write(`{"username":"${'a'.repeat(100 * 1024)}`);
    const a = await answer;
    req.destroy();
    expect(a.status).toBe(413);
  });

  it('lets a signed-in user send a file to the channels that take one, and only 1 MB elsewhere', async () => {
    const form = await sendRequest(port, '/api/worker:search', {
      headers: json(clerk),
      body: JSON.stringify({ q: 'x'.repeat(2 * MB) }),
    });
    expect([form.status, message(form.body)]).toEqual([413, '请求内容过大：此操作最多接受 1 MB']);
    const pdf = await sendRequest(port, '/api/scan:pdfCodes', {
      headers: json(clerk),
      body: JSON.stringify({ base64: Buffer.alloc(3 * MB, 1).toString('base64') }),
    });
    expect(pdf.status).toBe(200); // the dispatcher's answer (not a PDF), not the host's refusal
  });

  it('refuses with 503 when the bodies being received at once would pass the budget', async () => {
    const held = [1, 2, 3].map(() => announce(port, '/api/scan:pdfCodes', 70 * MB, clerk));
    await sleep(100);
    const over = announce(port, '/api/scan:pdfCodes', 70 * MB, clerk);
    const refused = await over.answer;
    over.req.destroy();
    expect(3 * 70 * MB).toBeLessThan(IN_FLIGHT_BUDGET);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(message(refused.body)).toBe('服务器正在接收其他上传的文件，请稍后重试');
    for (const h of held) h.req.destroy();
  });

  it('gives the budget back when a request ends, however it ends', async () => {
    const small = await host(3 * MB);
    const body = JSON.stringify({ base64: Buffer.alloc(900 * 1024, 2).toString('base64') }); // 1.2 MB
    const held = [1, 2].map(() => announce(small, '/api/scan:pdfCodes', body.length, clerk));
    await sleep(100);
    const busy = await sendRequest(small, '/api/scan:pdfCodes', { headers: json(clerk), body });
    expect(busy.status).toBe(503);
    held[0]!.req.destroy(); // a client that gives up half way
    let status = 503;
    for (let i = 0; i < 50 && status === 503; i++) {
      await sleep(20);
      status = (await sendRequest(small, '/api/scan:pdfCodes', { headers: json(clerk), body })).status;
    }
    expect(status).toBe(200);
    held[1]!.req.destroy();
  });
});
