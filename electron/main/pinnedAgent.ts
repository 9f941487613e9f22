// TLS to the county server that trusts exactly one certificate: the one whose SHA-256 fingerprint the
// admin entered. The bureau's server usually has a self-signed certificate that no CA vouches for, so
// the CA check is replaced by the pin, which is stricter (one certificate, not anything a CA signed).
// The socket is handed to the HTTP request only after the fingerprint matched, so not a byte of a
// request (its session token, its body) reaches a server with another certificate.
import { createHash } from 'node:crypto';
import { Agent, type RequestOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect, type TLSSocket } from 'node:tls';

/** The SHA-256 of a certificate's DER bytes, as AB:CD:… in upper case. */
export function fingerprintOf(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
}

/** Refused before anything was sent: not a network fault, so never retried. */
export class PinMismatchError extends Error {
  readonly code = 'PIN_MISMATCH';
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `服务器证书与设置的指纹不符，已拒绝连接（可能连到了冒充的服务器，或服务器更换了证书）。` +
        `设置的指纹：${expected}；服务器出示的证书指纹：${actual}。请向县人社局系统管理员核实。`,
    );
  }
}

/** No TCP connection and TLS handshake within the time allowed. */
export class ConnectTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(ms: number) {
    super(`连接服务器超时（${Math.round(ms / 1000)} 秒内未建立加密连接）`);
  }
}

export interface PinnedAgentOptions {
  fingerprint: string;
  /** TCP connect plus TLS handshake. */
  connectTimeoutMs: number;
}

export class PinnedAgent extends Agent {
  constructor(private readonly pin: PinnedAgentOptions) {
    // Keep-alive: sockets already checked are reused; TLS session resumption is not used (see below).
    super({ keepAlive: true, maxSockets: 8 });
  }

  override createConnection(options: RequestOptions, callback?: (err: Error | null, stream: Duplex) => void) {
    const done = callback ?? (() => {});
    // rejectUnauthorized: false only turns off the CA check; the pin below decides. No `session`
    // is passed, so every handshake presents the certificate again and it is checked each time.
    const socket: TLSSocket = connect({
      ...(options as object),
      rejectUnauthorized: false,
      session: undefined,
      ALPNProtocols: ['http/1.1'],
    });
    const timer = setTimeout(() => fail(new ConnectTimeoutError(this.pin.connectTimeoutMs)), this.pin.connectTimeoutMs);
    let settled = false;
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      done(e, socket);
    };
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      const der = socket.getPeerCertificate().raw as Buffer | undefined;
      const actual = der ? fingerprintOf(der) : '（服务器未出示证书）';
      if (actual !== this.pin.fingerprint) return fail(new PinMismatchError(this.pin.fingerprint, actual));
      settled = true;
      clearTimeout(timer);
      socket.off('error', fail);
      done(null, socket);
    });
    // Handed over through the callback once checked, never synchronously.
    return undefined;
  }
}
