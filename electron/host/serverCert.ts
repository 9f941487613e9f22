// The county server's own certificate when the bureau has none from a CA: self-signed, for the
// names and addresses clients use, with the SHA-256 fingerprint that browsers are told to trust and
// desktop apps pin.
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { generate } from 'selfsigned';

export interface ServerCert {
  cert: string;
  key: string;
  /** `AB:CD:…`, the form browsers show and the desktop's 连接设置 asks for. */
  fingerprint256: string;
  notAfter: string;
}

export async function makeServerCert(names: readonly string[], days = 3650, now = new Date()): Promise<ServerCert> {
  if (names.length === 0) throw new Error('至少需要一个主机名或 IP 地址');
  const altNames = names.map((n) => (isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n }));
  const notAfterDate = new Date(now.getTime() + days * 86_400_000);
  const pems = await generate(
    [
      { name: 'commonName', value: names[0]! },
      { name: 'organizationName', value: '龙陵县人力资源和社会保障局' },
    ],
    {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate: now,
      notAfterDate,
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames },
      ],
    },
  );
  const x = new X509Certificate(pems.cert);
  return { cert: pems.cert, key: pems.private, fingerprint256: x.fingerprint256, notAfter: x.validTo };
}
