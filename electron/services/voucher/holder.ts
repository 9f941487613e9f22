// 持券人核验: is the person at the counter the voucher's holder? The QR cannot answer that any more
// (its holder MAC needs the install secret), so the bureau compares with the worker's record and an
// institution install with the scrypt verifier its status file brought. Every wrong ID number is
// recorded and audited; five within a day hold the voucher (暂扣) until a reviewer releases it, so
// neither redemption nor voucher:verify is an oracle for guessing the holder's ID number.
import { createHash, randomBytes, randomUUID, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import type { ChannelParsed } from '../../../shared/contract/channels';
import type { VoucherHold, VoucherReleaseResult } from '../../../shared/contract/schemas/voucher';
import { checkIdNumber, localDateTime, normalizeIdNumber } from '../../../shared/domain/idNumber';
import { checkSerial } from '../../../shared/domain/serial';
import {
  activeHold,
  failuresSince,
  insertFailure,
  insertHold,
  releaseHold,
  type VerifierRow,
} from '../../db/repos/holder.repo';
import { findVoucherIdBySerial } from '../../db/repos/voucher.repo';
import { isoNow } from '../../core/clock';
import type { WriteCtx } from '../../core/context';
import { actorId, type Ctx } from '../../core/context';
import { AppError } from '../../core/errors';

export const HOLD_AFTER = 5;
export const HOLD_WINDOW_MS = 24 * 60 * 60_000;

export type HolderCheck = 'match' | 'mismatch' | 'unavailable';

/** Normalised, then compared in constant time (digests, so the lengths don't differ either). */
export function sameIdNumber(stored: string, typed: string): boolean {
  const d = (s: string) => createHash('sha256').update(normalizeIdNumber(s), 'utf8').digest();
  return timingSafeEqual(d(stored), d(typed));
}

// scrypt N = 2^14, r = 8 (16 MiB, about 40 ms here): one check at the counter is unnoticeable; a lost
// institution install costs ~25,000 birth dates × 40 ms ≈ 17 CPU-minutes per voucher to reverse.
export const VERIFIER_KDF = 'scrypt:16384:8:1';
const KDF_RE = /^scrypt:(\d{4,7}):(\d{1,2}):(\d)$/;

function kdfParams(kdf: string): { N: number; r: number; p: number } {
  const m = KDF_RE.exec(kdf);
  const [N, r, p] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  // Bounded, so that a damaged entry cannot make a check take minutes or gigabytes.
  if (!m || N > 2 ** 20 || (N & (N - 1)) !== 0 || r < 1 || r > 16 || p < 1 || p > 4) {
    throw new AppError('VALIDATION', `持券人核验数据的参数无效（${kdf}），请重新导入人社局的状态更新包`);
  }
  return { N, r, p };
}

const maxmem = (k: { N: number; r: number }) => 128 * k.N * k.r * 2 + 1024 * 1024;

export function verifierHash(idNumber: string, salt: Buffer, kdf: string): Buffer {
  const k = kdfParams(kdf);
  return scryptSync(normalizeIdNumber(idNumber), salt, 32, { ...k, maxmem: maxmem(k) });
}

/** Made on libuv's thread pool, so a status file with thousands of entries uses every core. */
export function makeVerifier(idNumber: string): Promise<Pick<VerifierRow, 'kdf' | 'salt' | 'hash'>> {
  const salt = randomBytes(16);
  const k = kdfParams(VERIFIER_KDF);
  return new Promise((resolve, reject) =>
    scrypt(normalizeIdNumber(idNumber), salt, 32, { ...k, maxmem: maxmem(k) }, (err, hash) =>
      err ? reject(err) : resolve({ kdf: VERIFIER_KDF, salt, hash }),
    ),
  );
}

export function checkVerifier(idNumber: string, v: Pick<VerifierRow, 'kdf' | 'salt' | 'hash'>): boolean {
  return timingSafeEqual(verifierHash(idNumber, v.salt, v.kdf), v.hash);
}

/**
 * A typed value that is not a valid ID number at all (a typo the check digit catches) is not a guess
 * at the holder: it is refused with its own message and not counted.
 */
export function invalidIdMessage(ctx: Pick<Ctx, 'clock'>, idNumber: string): string | null {
  const r = checkIdNumber(idNumber, { today: ctx.clock.now(), allowUnlistedAddress: true });
  return r.ok ? null : `输入的身份证号无效：${r.message}（未计入输错次数）`;
}

export async function holdOf(ctx: Pick<Ctx, 'db'>, serial: string): Promise<VoucherHold | null> {
  const h = await activeHold(ctx.db, serial);
  return h ? { heldAt: h.held_at, failures: h.failures } : null;
}

export const heldMessage = (h: VoucherHold) =>
  `此券因持券人身份证号多次输错已暂扣（${localDateTime(h.heldAt)} 起），须由人社局审核人员核实持券人身份后解除，暂不能核验或核销`;

export interface WrongAttempt {
  serial: string;
  /** The bureau's voucher id, for the audit row; null at an institution install. */
  voucherId: number | null;
  /** The number typed; absent for a failure reported in an institution's claim package. */
  idNumber: string | null;
  institutionCode: string | null;
  /** A failure from an institution's claim package keeps its own id and time. */
  reported?: { uid: string; at: string };
}

/**
 * Records one wrong ID number and holds the voucher at the fifth within a day. Runs in the
 * dispatcher's write transaction (验券 and 核销 are writing channels for this reason), and the
 * refusal is an ordinary answer, so the record is committed with it.
 */
export async function recordWrongHolder(ctx: WriteCtx, a: WrongAttempt): Promise<{ failures: number; held: boolean }> {
  const at = a.reported?.at ?? isoNow(ctx.clock);
  await insertFailure(ctx.db, {
    uid: a.reported?.uid ?? randomUUID(),
    serial: a.serial,
    at,
    userId: actorId(ctx),
    username: ctx.session?.user.username ?? null,
    channel: ctx.channel,
    institutionCode: a.institutionCode,
  });
  const failures = await failuresSince(ctx.db, a.serial, new Date(Date.parse(at) - HOLD_WINDOW_MS).toISOString());
  const held = failures >= HOLD_AFTER && !(await activeHold(ctx.db, a.serial));
  if (held) await insertHold(ctx.db, a.serial, at, failures);
  // The typed number may be someone else's real ID: the audit keeps only its keyed fingerprint.
  await ctx.audit({
    action: 'holderMismatch',
    entity: 'voucher',
    entityId: a.voucherId ?? a.serial,
    after: {
      serial: a.serial,
      failures,
      institution: a.institutionCode,
      ...(a.idNumber === null
        ? { reportedAt: at }
        : { idFingerprint: ctx.secrets.fingerprint(normalizeIdNumber(a.idNumber)) }),
    },
  });
  if (held) {
    await ctx.audit({
      action: 'hold',
      entity: 'voucher',
      entityId: a.voucherId ?? a.serial,
      after: { serial: a.serial, failures, reason: `24 小时内持券人身份证号输错 ${failures} 次` },
    });
  }
  return { failures, held: failures >= HOLD_AFTER };
}

export function mismatchMessage(holderName: string, idLast4: string, r: { failures: number; held: boolean }): string {
  const base = `身份证号与持券人不符（券面为 ${holderName}，尾号 ${idLast4}）`;
  if (r.held) return `${base}。此券 24 小时内已输错 ${r.failures} 次，已暂扣，须由人社局审核人员核实后解除`;
  return `${base}。24 小时内已输错 ${r.failures} 次，输错 ${HOLD_AFTER} 次此券将被暂扣`;
}

export const holderHandlers = {
  /** 解除暂扣: a reviewer (or admin) who has checked the holder's identity, with a reason. */
  'voucher:release': async (ctx: WriteCtx, input: ChannelParsed<'voucher:release'>): Promise<VoucherReleaseResult> => {
    const s = checkSerial(input.serial);
    if (!s.ok) throw new AppError('VALIDATION', s.message, { fields: { serial: s.message } });
    const hold = await activeHold(ctx.db, s.serial);
    if (!hold) throw new AppError('RULE', `培训券 ${s.serial} 未被暂扣，无需解除`);
    const at = isoNow(ctx.clock);
    if (!(await releaseHold(ctx.db, hold.id, at, actorId(ctx), input.reason)))
      throw new AppError('CONFLICT', '此券的暂扣已被他人解除');
    await ctx.audit({
      action: 'release',
      entity: 'voucher',
      entityId: (await findVoucherIdBySerial(ctx.db, s.serial)) ?? s.serial,
      before: { held: true, heldAt: hold.held_at, failures: hold.failures },
      after: { held: false, reason: input.reason },
    });
    return { serial: s.serial, releasedAt: at };
  },
};
