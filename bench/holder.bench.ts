// What recovering a holder's ID number costs, measured here: per guess, times the guesses the
// printed facts leave (county, last four digits incl. the check character, any birth date 1930–2012).
//  - binding 0 (vouchers signed before issue 12): SHA-256 of a public salt and the number;
//  - binding 1 (now): an HMAC whose 256-bit key is in the install secret, never on paper or in the
//    database: a guess can only be tested by guessing the key as well;
//  - a lost institution install: the scrypt verifiers its status file brought (its own vouchers only).
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { checkCharFor } from '../shared/domain/idNumber';
import { makeVerifier, verifierHash } from '../electron/services/voucher/holder';
import { ms, now, ratioLine, type BenchResult } from './util';

const DAY_MS = 86_400_000;
const CPU_DAY_MS = DAY_MS;

function candidates(last4: string): string[] {
  const out: string[] = [];
  for (let d = Date.UTC(1930, 0, 1); d <= Date.UTC(2012, 11, 31); d += DAY_MS) {
    const first17 = `530523${new Date(d).toISOString().slice(0, 10).replaceAll('-', '')}${last4.slice(0, 3)}`;
    if (checkCharFor(first17) === last4[3]) out.push(first17 + last4[3]);
  }
  return out;
}

function perGuess(n: number, f: () => void): number {
  f();
  const t = now();
  for (let i = 0; i < n; i++) f();
  return ms(t) / n;
}

export async function holderBench(): Promise<BenchResult> {
  const guesses = candidates('2337').length;
  const salt = randomBytes(6);
  const id = '530523198706142337';
  const shaMs = perGuess(20_000, () => createHash('sha256').update(salt).update(id).digest());
  const key = randomBytes(32);
  const hmacMs = perGuess(20_000, () => createHmac('sha256', key).update(id).digest());
  const v = await makeVerifier(id);
  const scryptMs = perGuess(20, () => verifierHash(id, v.salt, v.kdf));

  const legacySec = (guesses * shaMs) / 1000;
  const institutionMin = (guesses * scryptMs) / 60_000;
  // Without the key every guess of the number needs a guess of the key too: 2^256 keys.
  const macLog10CpuDays = Math.log10(guesses) + 256 * Math.log10(2) + Math.log10(hmacMs / CPU_DAY_MS);
  const target = 30;
  const ok = macLog10CpuDays > Math.log10(target);
  return {
    name: 'holder binding: what recovering an ID number from one voucher costs (CPU time on this machine)',
    lines: [
      `guesses left by the printed facts (county, last 4 digits, birth date 1930–2012): ${guesses}`,
      `binding 0 (old vouchers): ${shaMs.toFixed(4)} ms per guess → ${(legacySec * 1000).toFixed(1)} ms per voucher`,
      `binding 1 (keyed MAC): ${hmacMs.toFixed(4)} ms per guess, × 2^256 keys → about 10^${macLog10CpuDays.toFixed(0)} CPU-days per voucher`,
      `lost institution install (scrypt verifier ${v.kdf}): ${scryptMs.toFixed(1)} ms per guess → ${institutionMin.toFixed(1)} CPU-minutes per voucher it could redeem`,
      ratioLine(
        'one voucher, binding 1: log10(CPU-days) to recover the holder',
        macLog10CpuDays,
        `≥ log10(${target}) = ${Math.log10(target).toFixed(2)}`,
        ok,
      ),
    ],
    ok,
  };
}
