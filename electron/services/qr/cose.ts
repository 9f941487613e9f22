// COSE_Sign1 (RFC 9052) with Ed25519, CBOR via cbor-x, Base45 behind a context prefix, as the
// EU digital COVID certificate does: compact enough for a QR of version ≤ 11 at level Q.
import { Encoder, Tag } from 'cbor-x';
import { sign, verify, type KeyObject } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { base45Decode, base45Encode } from './base45';

/** A key id as the app makes them (base64url) and as trust bundles carry them: printable ASCII. */
const KID_TEXT = /^[\x21-\x7e]{1,64}$/;
const cbor = new Encoder({ useRecords: false, mapsAsObjects: false, tagUint8Array: false, variableMapSize: true });
const COSE_SIGN1_TAG = 18;
const ALG = 1;
const KID = 4;
const EDDSA = -8;
const MAX_INFLATED = 8192;

export interface Signer {
  kid: string;
  key: KeyObject;
}

function sigStructure(protectedBytes: Uint8Array, payload: Uint8Array): Buffer {
  return cbor.encode(['Signature1', protectedBytes, Buffer.alloc(0), payload]);
}

/** Signs a claims map and returns the printable QR text: PREFIX + Base45(maybe-deflated COSE_Sign1). */
export function signToText(prefix: string, claims: Map<number, unknown>, signer: Signer): string {
  const protectedBytes = cbor.encode(
    new Map<number, unknown>([
      [ALG, EDDSA],
      [KID, Buffer.from(signer.kid, 'utf8')],
    ]),
  );
  const payload = cbor.encode(claims);
  const signature = sign(null, sigStructure(protectedBytes, payload), signer.key);
  // Untagged COSE_Sign1 (RFC 9052 §4.2): the prefix already says what the bytes are, and every byte counts.
  const cose = cbor.encode([protectedBytes, new Map(), payload, signature]);
  const deflated = deflateSync(cose, { level: 9 });
  return prefix + base45Encode(deflated.length < cose.length ? deflated : cose);
}

export type Decoded =
  | { ok: true; kid: string; claims: Map<number, unknown>; check(key: KeyObject): boolean }
  | { ok: false; reason: 'not_ours' | 'malformed' };

const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array;

/** Parses without trusting anything; the signature is checked by the caller once it has found the key. */
export function decodeText(text: string, prefixes: readonly string[]): Decoded & { prefix?: string } {
  const prefix = prefixes.find((p) => text.startsWith(p));
  if (!prefix) return { ok: false, reason: 'not_ours' };
  const raw = base45Decode(text.slice(prefix.length));
  if (!raw || raw.length === 0) return { ok: false, reason: 'malformed' };
  try {
    const bytes = raw[0] === 0x78 ? inflateSync(raw, { maxOutputLength: MAX_INFLATED }) : raw;
    const top = cbor.decode(bytes) as unknown;
    const arr = top instanceof Tag && top.tag === COSE_SIGN1_TAG ? top.value : top;
    if (!Array.isArray(arr) || arr.length !== 4) return { ok: false, reason: 'malformed' };
    const [protectedBytes, , payload, signature] = arr as unknown[];
    if (!isBytes(protectedBytes) || !isBytes(payload) || !isBytes(signature) || signature.length !== 64) {
      return { ok: false, reason: 'malformed' };
    }
    const header = cbor.decode(protectedBytes) as unknown;
    const claims = cbor.decode(payload) as unknown;
    if (!(header instanceof Map) || !(claims instanceof Map)) return { ok: false, reason: 'malformed' };
    const kidBytes = header.get(KID);
    if (header.get(ALG) !== EDDSA || !isBytes(kidBytes)) return { ok: false, reason: 'malformed' };
    // The key id is looked up before the signature is checked: anything but the printable ASCII the
    // app's key ids are made of is no code of ours (a NUL failed that lookup on PostgreSQL).
    const kid = Buffer.from(kidBytes).toString('latin1');
    if (!KID_TEXT.test(kid)) return { ok: false, reason: 'malformed' };
    return {
      ok: true,
      prefix,
      kid,
      claims: claims as Map<number, unknown>,
      check: (key) => {
        try {
          return verify(null, sigStructure(protectedBytes, payload), key, signature);
        } catch {
          return false;
        }
      },
    };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
}
