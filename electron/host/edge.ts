// What the host checks about a request before the dispatcher sees it: where it comes from (the
// --allow ranges), which names it may use (Host and Origin, against DNS rebinding and cross-site
// pages), how many requests one client has open, and whether its address is throttled at login.
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import type { ClientInfo } from '../core/context';
import { HttpError } from './body';

/** `::ffff:10.0.0.5` (an IPv4 client on a dual-stack socket) is 10.0.0.5. */
export function clientAddress(req: IncomingMessage): string {
  const a = req.socket.remoteAddress ?? '';
  return a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

/**
 * What one client is counted as (login throttling, requests open at once): its IPv4 address, or for
 * IPv6 its /64 — a machine on an IPv6 network may take any address of its /64 (privacy addresses),
 * so counting each address apart would let it start afresh whenever it liked.
 */
export function clientKey(address: string): string {
  const bare = address.split('%')[0]!;
  if (isIP(bare) !== 6) return address;
  const groups = (s: string) => (s ? s.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : []);
  const [head = '', tail] = bare.split('::');
  const h = groups(head);
  const t = groups(tail ?? '');
  const all = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return `${all
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

export const isLoopback = (address: string) =>
  address === '::1' || address === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(address);

/**
 * `--allow 10.0.0.0/8,192.168.1.0/24,2001:db8::/32`: the county's 政务外网 ranges (the server's
 * start adds loopback for the health check and the admin on the server itself).
 */
export function parseAllow(list: readonly string[]): BlockList {
  const b = new BlockList();
  for (const raw of list) {
    const entry = raw.trim();
    if (!entry) continue;
    const [addr, bits] = entry.split('/');
    const family = isIP(addr ?? '');
    if (!family) throw new Error(`--allow 中的地址无效：${entry}`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) {
      b.addAddress(addr!, type);
      continue;
    }
    const prefix = Number(bits);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128))
      throw new Error(`--allow 中的网段无效：${entry}`);
    b.addSubnet(addr!, prefix, type);
  }
  return b;
}

export function isAddressAllowed(allow: BlockList | null, address: string): boolean {
  if (!allow) return true;
  const family = isIP(address);
  return family !== 0 && allow.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The Host header must be one of the names the server answers to (loopback, plus --name), with the
 * port it listens on; an Origin, when sent, must be the same scheme, name and port.
 */
export function hostChecker(names: readonly string[], port: () => number, tls: boolean) {
  const scheme = tls ? 'https' : 'http';
  const all = ['127.0.0.1', 'localhost', '[::1]', ...names.map((n) => (isIP(n) === 6 ? `[${n}]` : n.toLowerCase()))];
  return (req: IncomingMessage): boolean => {
    const p = port();
    const defaultPort = (tls && p === 443) || (!tls && p === 80);
    const hosts = all.flatMap((n) => (defaultPort ? [n, `${n}:${p}`] : [`${n}:${p}`]));
    const host = (req.headers.host ?? '').toLowerCase();
    if (!hosts.includes(host)) return false;
    const origin = req.headers.origin;
    return origin === undefined || origin.toLowerCase() === `${scheme}://${host}`;
  };
}

/** `X-Client-Kind: desktop` from the desktop app's main process; everything else is a browser. */
export function clientOf(req: IncomingMessage): ClientInfo {
  const kind = req.headers['x-client-kind'] === 'desktop' ? 'desktop' : 'browser';
  return { address: clientAddress(req), kind };
}

/** Requests open at once per client address: one client cannot take every worker of the server. */
export class PerClient {
  private readonly open = new Map<string, number>();
  constructor(readonly cap: number) {}

  enter(address: string): () => void {
    const n = this.open.get(address) ?? 0;
    if (n >= this.cap) throw new HttpError(429, '来自本机的请求过多，请稍候再试', 'BUSY');
    this.open.set(address, n + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.open.get(address) ?? 1) - 1;
      if (left <= 0) this.open.delete(address);
      else this.open.set(address, left);
    };
  }
}

export const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));
