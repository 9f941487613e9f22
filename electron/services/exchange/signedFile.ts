// The files exchanged between the bureau and institution installs: a JSON payload kept as the
// exact string that was signed, an Ed25519 signature over its UTF-8 bytes, and the key id.
import { sign, verify, type KeyObject } from 'node:crypto';
import { AppError, refuseNul } from '../../core/errors';
import type { Signer } from '../qr/cose';

interface Envelope {
  format: string;
  kid: string;
  payload: string;
  signature: string;
}

export function signFile(format: string, payload: unknown, signer: Signer): string {
  const text = JSON.stringify(payload);
  const signature = sign(null, Buffer.from(text, 'utf8'), signer.key).toString('base64');
  return JSON.stringify({ format, kid: signer.kid, payload: text, signature } satisfies Envelope, null, 1);
}

/** Refuses the whole file unless it is of the expected kind and its signature checks out with a known key. */
export async function openSignedFile<T>(
  text: string,
  format: string,
  formatName: string,
  keyFor: (kid: string) => Promise<KeyObject | null> | KeyObject | null,
): Promise<{ payload: T; kid: string }> {
  let env: Partial<Envelope>;
  try {
    env = JSON.parse(text) as Partial<Envelope>;
  } catch {
    throw new AppError('VALIDATION', `文件不是有效的${formatName}（无法解析）`);
  }
  refuseNul(env, formatName);
  if (
    env === null ||
    typeof env !== 'object' ||
    env.format !== format ||
    typeof env.payload !== 'string' ||
    typeof env.signature !== 'string' ||
    typeof env.kid !== 'string'
  ) {
    throw new AppError('VALIDATION', `文件不是${formatName}`);
  }
  const key = await keyFor(env.kid);
  if (!key) throw new AppError('RULE', `${formatName}的签名密钥（${env.kid}）未登记，拒绝导入`);
  let ok = false;
  try {
    ok = verify(null, Buffer.from(env.payload, 'utf8'), key, Buffer.from(env.signature, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) throw new AppError('RULE', `${formatName}签名无效：文件可能被篡改，已整体拒绝`);
  let payload: T;
  try {
    payload = JSON.parse(env.payload) as T;
  } catch {
    throw new AppError('VALIDATION', `${formatName}内容已损坏`);
  }
  refuseNul(payload, formatName);
  return { payload, kid: env.kid };
}
